package account

import (
	"net/http"
	"slices"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ReauthField is the form field that carries the password typed again.
const ReauthField = "reauth_password"

// reauthPage is the view of the "confirm your password" form.
type reauthPage struct {
	Meta   view.Meta
	Email  string
	Action string
	// Fields are the form the admin sent, carried over so that typing the
	// password goes on with it and loses nothing.
	Fields []reauthHidden
	Error  *view.FormError
}

type reauthHidden struct{ Name, Value string }

// RequireRecentPassword lets user and webhook administration through only
// when the admin typed their password within the reauth window; otherwise
// it asks for it, keeping the request's form to go on with. API tokens are
// not sessions and pass: they are credentials of their own.
func (s *Handler) RequireRecentPassword(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, u := httpx.CurrentSession(c), httpx.CurrentUser(c)
		if sess == nil || u == nil || s.Auth.RecentlyVerified(sess) {
			return next(c)
		}
		r := c.Request()
		if httpx.IsAPI(r.URL.Path) {
			return claims.Errorf(claims.EFORBIDDEN, "type your password again first: open %s in the browser", r.URL.Path)
		}
		p := reauthPage{Meta: s.Meta("Confirm your password", "", ""), Email: u.Email, Action: r.URL.RequestURI()}
		if r.Method == http.MethodPost {
			if password := c.FormValue(ReauthField); password != "" {
				err := s.Auth.VerifyPassword(r.Context(), sess, u, password)
				if err == nil {
					return next(c)
				}
				if claims.ErrorCode(err) != claims.EINVALID {
					return err
				}
				p.Error = &view.FormError{Message: claims.ErrorMessage(err)}
			}
			form, err := c.FormParams()
			if err != nil {
				return httpx.Malformed("form", "the form could not be read")
			}
			for _, name := range slices.Sorted(func(yield func(string) bool) {
				for k := range form {
					if !yield(k) {
						return
					}
				}
			}) {
				if name == ReauthField {
					continue
				}
				for _, v := range form[name] {
					p.Fields = append(p.Fields, reauthHidden{name, v})
				}
			}
		} else {
			// A page: the form goes to /reauth, which comes back here.
			p.Action = "/reauth"
			p.Fields = []reauthHidden{{"next", httpx.LocalPath(r.URL.RequestURI())}}
		}
		return s.RenderPage(c, http.StatusUnauthorized, "reauth", p)
	}
}

// ReauthCreate checks the password typed again for a page that asked for
// it, and goes back to that page.
func (s *Handler) ReauthCreate(c echo.Context) error {
	sess, u := httpx.CurrentSession(c), httpx.CurrentUser(c)
	if s.Auth == nil || sess == nil || u == nil {
		return claims.Errorf(claims.EUNAUTHORIZED, "sign in first")
	}
	next := httpx.LocalPath(c.FormValue("next"))
	err := s.Auth.VerifyPassword(c.Request().Context(), sess, u, c.FormValue(ReauthField))
	if claims.ErrorCode(err) == claims.EINVALID {
		p := reauthPage{Meta: s.Meta("Confirm your password", "", ""), Email: u.Email, Action: "/reauth",
			Fields: []reauthHidden{{"next", next}}, Error: &view.FormError{Message: claims.ErrorMessage(err)}}
		return s.RenderPage(c, http.StatusUnauthorized, "reauth", p)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}
