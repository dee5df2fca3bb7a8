package desk

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// partsClaims adds the claim editor's text and part forms to fakeClaims:
// each records what it was sent and answers with err.
type partsClaims struct {
	*fakeClaims
	err error
	// evidenceOf is the claim the withdrawn evidence belongs to.
	evidenceOf int64
	sent       []string
}

func (f *partsClaims) WithdrawClaim(_ context.Context, _ claims.Actor, _ int64, note string) (*claims.Claim, error) {
	f.sent = append(f.sent, "withdraw:"+note)
	return &f.claim, f.err
}

func (f *partsClaims) AddNote(_ context.Context, _ claims.Actor, _ int64, text string) (*claims.Event, error) {
	f.sent = append(f.sent, "note:"+text)
	return &claims.Event{}, f.err
}

func (f *partsClaims) UnlinkSource(_ context.Context, _ claims.Actor, _, sourceID int64, note string) error {
	f.sent = append(f.sent, "unlink:"+note)
	return f.err
}

func (f *partsClaims) WithdrawEvidence(_ context.Context, _ claims.Actor, _ int64, note string) (*claims.Evidence, error) {
	f.sent = append(f.sent, "evidence:"+note)
	if f.err != nil {
		return nil, f.err
	}
	return &claims.Evidence{ClaimID: f.evidenceOf}, nil
}

func servePartForms(err error) (*pagetest.Server, *partsClaims) {
	h, fc := newHandler()
	pc := &partsClaims{fakeClaims: fc, err: err, evidenceOf: 7}
	h.Claims = pc
	s := serve(h, pagetest.Editor)
	ed := s.Group("/editor", httpx.RequireEditor)
	ed.POST("/claims/:id/withdraw", h.ClaimWithdraw)
	ed.POST("/claims/:id/notes", h.NoteCreate)
	ed.POST("/claims/:id/text", h.ClaimText)
	ed.POST("/claims/:id/sources/:source_id/unlink", h.SourceUnlink)
	ed.POST("/claims/:id/evidence/:evidence_id/withdraw", h.EvidenceWithdraw)
	return s, pc
}

func TestClaimForms_SavedGoBackToTheClaimWithTheirNotice(t *testing.T) {
	cases := []struct {
		name, target string
		form         url.Values
		sent, to     string
	}{
		{"withdrawal", "/editor/claims/7/withdraw", url.Values{"note": {"Entered twice"}}, "withdraw:Entered twice", "/editor/claims/7?done=withdrawn"},
		{"note", "/editor/claims/7/notes", url.Values{"text": {"Ask the ministry"}}, "note:Ask the ministry", "/editor/claims/7?done=note"},
		{"unlink", "/editor/claims/7/sources/3/unlink", url.Values{"note": {"Wrong article"}}, "unlink:Wrong article", "/editor/claims/7?done=source-unlinked"},
		// The evidence names its claim; the path's id is only where the form was.
		{"evidence withdrawal", "/editor/claims/9/evidence/4/withdraw", url.Values{"note": {"Misquoted"}}, "evidence:Misquoted", "/editor/claims/7?done=evidence-withdrawn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, pc := servePartForms(nil)
			w := s.Do(t, http.MethodPost, tc.target, tc.form)
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tc.to {
				t.Fatalf("POST %s = %d to %q, want 303 to %q", tc.target, w.Code, w.Header().Get("Location"), tc.to)
			}
			if len(pc.sent) != 1 || pc.sent[0] != tc.sent {
				t.Errorf("sent %q, want %q", pc.sent, tc.sent)
			}
		})
	}
}

func TestClaimTextForms_RefusedKeepTheEditorsTextInTheirForm(t *testing.T) {
	cases := []struct {
		name, target, field, text, sel string
	}{
		{"withdrawal", "/editor/claims/7/withdraw", "note", "Entered twice", "#wf-note"},
		{"note", "/editor/claims/7/notes", "text", "Ask the ministry", "#nf-text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := servePartForms(claims.Invalid(tc.field, "too long"))
			w := s.Do(t, http.MethodPost, tc.target, url.Values{tc.field: {tc.text}})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("refused = %d, want 422", w.Code)
			}
			d := pagetest.Doc(t, w)
			if got := pagetest.Text(d, tc.sel); got != tc.text {
				t.Errorf("%s = %q, want the editor's %q", tc.sel, got, tc.text)
			}
			if got := pagetest.Text(d, tc.sel+" + .ed-field-error"); got != "too long" {
				t.Errorf("field error = %q, want %q", got, "too long")
			}
		})
	}
}

func TestClaimPartForms_RefusedSayWhyAboveTheEditor(t *testing.T) {
	for _, target := range []string{"/editor/claims/7/sources/3/unlink", "/editor/claims/7/evidence/4/withdraw"} {
		t.Run(target, func(t *testing.T) {
			s, _ := servePartForms(claims.Errorf(claims.ECONFLICT, "that link has already ended"))
			w := s.Do(t, http.MethodPost, target, url.Values{"note": {"Wrong article"}})
			if w.Code != http.StatusConflict {
				t.Fatalf("refused = %d, want 409", w.Code)
			}
			if got := pagetest.Text(pagetest.Doc(t, w), ".editor > .ed-error"); got != "that link has already ended" {
				t.Errorf("page message = %q", got)
			}
		})
	}
}

func TestClaimText_StaleVersionShowsTheEditorsWordingBesideTheClaim(t *testing.T) {
	s, pc := servePartForms(nil)
	now := pc.claim
	now.Text, now.Version = "The deficit fell by half", 5
	pc.updateErr = &claims.Error{Code: claims.ECONFLICT, Message: "the claim was changed", Current: now}
	form := url.Values{"text": {"The deficit halved in 2025"}, "note": {"Year added"}, "version": {"3"}}
	w := s.Do(t, http.MethodPost, "/editor/claims/7/text", form)
	if w.Code != http.StatusConflict {
		t.Fatalf("stale save = %d, want 409", w.Code)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "#text-form .ed-error"); got != staleMessage {
		t.Errorf("form message = %q, want %q", got, staleMessage)
	}
	if got, _ := d.Find(`#text-form input[name="version"]`).Attr("value"); got != "5" {
		t.Errorf("version = %q, want the claim's current 5", got)
	}
	if got := d.Find(".ed-conflict dd.ed-pre").First().Text(); got != "The deficit halved in 2025" {
		t.Errorf("the conflict panel shows %q as the editor's wording", got)
	}
	if got := pagetest.Text(d, "#tf-text"); got != "The deficit halved in 2025" {
		t.Errorf("text field = %q, want the editor's wording kept", got)
	}
}
