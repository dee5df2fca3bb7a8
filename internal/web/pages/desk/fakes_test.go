package desk

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// fakeClaims holds one claim of a draft story. The embedded interface
// stays nil: a handler reaching a method these tests do not expect panics.
type fakeClaims struct {
	ClaimDesk
	claim claims.Claim
	// updateErr, when set, refuses every update with it.
	updateErr error
	updates   []claims.ClaimPatch
}

func (f *fakeClaims) ClaimPage(_ context.Context, id int64, _ claims.ClaimView) (*claims.ClaimDetail, error) {
	if id != f.claim.ID {
		return nil, claims.Errorf(claims.ENOTFOUND, "claim not found")
	}
	return &claims.ClaimDetail{Claim: f.claim, Story: claims.Story{ID: 1, Slug: "budget", Title: "The budget"}}, nil
}

func (f *fakeClaims) Watches(context.Context, int64) (*claims.ClaimWatches, error) {
	return &claims.ClaimWatches{}, nil
}

func (f *fakeClaims) Editors(context.Context) ([]claims.Editor, error) { return nil, nil }

func (f *fakeClaims) UpdateClaim(_ context.Context, _ claims.Actor, id int64, p claims.ClaimPatch) (*claims.Claim, error) {
	if f.updateErr != nil {
		return nil, f.updateErr
	}
	f.updates = append(f.updates, p)
	f.claim.Status, f.claim.Version = *p.Status, f.claim.Version+1
	return &f.claim, nil
}

func newHandler() (*Handler, *fakeClaims) {
	fc := &fakeClaims{claim: claims.Claim{ID: 7, StoryID: 1, Text: "The deficit halved", Status: "unverified", Version: 3}}
	return &Handler{Chrome: pagetest.Chrome(), Claims: fc, Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }}, fc
}

// serve registers the claim editor's routes as routes.go does, for user.
func serve(h *Handler, user *auth.User) *pagetest.Server {
	s := pagetest.New(user)
	ed := s.Group("/editor", httpx.RequireEditor)
	ed.GET("/claims/:id", h.ClaimEdit)
	ed.POST("/claims/:id/status", h.ClaimStatus)
	return s
}
