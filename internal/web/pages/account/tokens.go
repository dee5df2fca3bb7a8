package account

import (
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// accountTokensPage lists a user's own API tokens.
type accountTokensPage struct {
	Meta   view.Meta
	Bar    view.EditorBar
	Notice string
	Tokens []accountTokenRow
}

// accountTokenRow is one token, without its secret (never stored).
type accountTokenRow struct {
	ID                               int64
	Name, Created, LastUsed, Revoked string
}

// TokensShow lists the signed-in user's API tokens, so that the
// owner sees what can act as them and can revoke it.
func (s *Handler) TokensShow(c echo.Context) error {
	u := httpx.CurrentUser(c)
	tokens, err := s.Auth.ListTokens(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	p := accountTokensPage{Meta: s.Meta("Your API tokens", "", ""), Bar: view.EditorBarOf(c)}
	if c.QueryParam("done") == "revoked" {
		p.Notice = "The token was revoked: it no longer works."
	}
	day := func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 MST") }
	for _, t := range tokens {
		r := accountTokenRow{ID: t.ID, Name: t.Name, Created: day(t.CreatedAt), LastUsed: "never"}
		if t.LastUsedAt != nil {
			r.LastUsed = day(*t.LastUsedAt)
		}
		if t.RevokedAt != nil {
			r.Revoked = day(*t.RevokedAt)
		}
		p.Tokens = append(p.Tokens, r)
	}
	return s.RenderEditor(c, http.StatusOK, "account_tokens", p)
}

// TokenRevoke revokes one of the signed-in user's own tokens.
func (s *Handler) TokenRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return claims.Errorf(claims.ENOTFOUND, "no such token")
	}
	if err := s.Auth.RevokeOwnToken(c.Request().Context(), httpx.CurrentUser(c).ID, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account/tokens?done=revoked")
}
