package desk

import (
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ClaimStatus serves POST /editor/claims/{id}/status: a new status
// with its required note, and the review-by date. A stale version shows the
// editor's status and note beside the claim as it now stands (409).
func (s *Handler) ClaimStatus(c echo.Context) error {
	id, v, err := httpx.IDAndVersion(c)
	if err != nil {
		return err
	}
	f := statusForm{Status: c.FormValue("status"), Note: c.FormValue("note"), ReviewBy: c.FormValue("review_by"), Version: v}
	reviewBy, err := parseFormReviewBy(f.ReviewBy)
	if err == nil {
		_, err = s.Claims.UpdateClaim(c.Request().Context(), httpx.ActorOf(c), id,
			claims.ClaimPatch{Status: &f.Status, Note: f.Note, ReviewBy: reviewBy, Version: v})
	}
	return s.claimSaved(c, err, id, "status", func(p *claimEditorPage) {
		if cf := s.staleClaim(p, err, &f.formState, &f.Version); cf != nil {
			cf.YourStatus, cf.YourNote = s.Site.Vocab.Get(f.Status).Label, f.Note
		}
		p.StatusForm = f
	})
}

// staleMessage heads a form whose save was refused as stale.
const staleMessage = "Not saved: someone else changed this claim first. Your input is kept below."

// conflictClaim returns the claim as it now stands from a stale-save error.
func conflictClaim(err error) (claims.Claim, bool) {
	if claims.ErrorCode(err) != claims.ECONFLICT {
		return claims.Claim{}, false
	}
	cur, ok := httpx.AsClaimsError(err).Current.(claims.Claim)
	return cur, ok
}

// parseFormReviewBy reads the form's date field: empty clears the review
// date, which the domain spells as the zero time.
func parseFormReviewBy(v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return &time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return nil, claims.Invalid("review_by", "give the date as YYYY-MM-DD")
	}
	return &t, nil
}
