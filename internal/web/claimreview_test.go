package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// ldOf returns the JSON-LD a page carries, "" when none.
func ldOf(t *testing.T, page string) string {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		return ""
	}
	rest := page[i+len(open):]
	return rest[:strings.Index(rest, "</script>")]
}

func TestClaimReview_ResolvedClaimPageCarriesItAndTheAPIExportsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		c := f.addClaim(t, f.story.ID, `The audio is authentic </script><script>alert(1)</script>`, "investigating", "")
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: "https://first.example.org/leak", Outlet: "First", OutletKind: "independent", Stance: "supports"}))(t)
		f.clock.Advance(time.Hour)
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: "https://second.example.org/follow-up", Outlet: "Second", OutletKind: "wire", Stance: "supports"}))(t)

		status, body := f.get(t, site.ClaimURL(c.ID))
		if status != http.StatusOK || ldOf(t, body) != "" {
			t.Fatalf("an open claim's page (%d) carries a ClaimReview", status)
		}

		f.clock.Advance(24 * time.Hour)
		must(f.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "Forensic analysis found splices", Version: c.Version}))(t)
		status, body = f.get(t, site.ClaimURL(c.ID))
		raw := ldOf(t, body)
		if status != http.StatusOK || raw == "" {
			t.Fatalf("the resolved claim's page (%d) carries no ClaimReview", status)
		}
		if strings.Contains(raw, "</script>") || strings.Contains(body, "<script>alert(1)") {
			t.Fatal("the claim's text closed the JSON-LD script element")
		}
		var ld struct {
			Context       string `json:"@context"`
			T             string `json:"@type"`
			URL           string
			ClaimReviewed string
			DatePublished string
			Author        struct{ Type, Name, URL string }
			ReviewRating  struct {
				RatingValue, BestRating, WorstRating int
				AlternateName                        string
			}
			ItemReviewed struct {
				T               string `json:"@type"`
				Appearance      []struct{ URL string }
				FirstAppearance struct{ URL string }
			}
		}
		if err := json.Unmarshal([]byte(raw), &ld); err != nil {
			t.Fatalf("JSON-LD %s: %v", raw, err)
		}
		wantDate := f.clock.Now().UTC().Format(time.DateOnly)
		if ld.Context != "https://schema.org" || ld.T != "ClaimReview" || ld.ClaimReviewed != c.Text || ld.URL != "https://claims.example.org"+site.ClaimURL(c.ID) ||
			ld.DatePublished != wantDate || ld.Author.Name != "claimtrack" ||
			ld.ReviewRating.RatingValue != 1 || ld.ReviewRating.WorstRating != 1 || ld.ReviewRating.BestRating != 5 ||
			ld.ReviewRating.AlternateName != "Refuted" || ld.ItemReviewed.T != "Claim" || len(ld.ItemReviewed.Appearance) != 2 ||
			ld.ItemReviewed.FirstAppearance.URL != "https://first.example.org/leak" {
			t.Fatalf("ClaimReview = %+v\n%s", ld, raw)
		}

		res := f.do(t, http.MethodGet, "/api/v1/claimreview", nil)
		body = readAll(t, res.Body)
		var all struct{ Items []map[string]any }
		if err := json.Unmarshal([]byte(body), &all); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %v\n%s", res.StatusCode, err, body)
		}
		var found bool
		for _, r := range all.Items {
			if r["claimReviewed"] == c.Text {
				found = true
			}
			if r["claimReviewed"] == f.hidden.Text || r["claimReviewed"] == f.open.Text {
				t.Errorf("the export holds a claim that is unresolved or in a draft: %v", r["claimReviewed"])
			}
		}
		if !found {
			t.Fatalf("the export lacks the refuted claim:\n%s", body)
		}

		res = f.do(t, http.MethodGet, "/api/v1"+site.ClaimURL(c.ID)+"/history", nil)
		var hist struct {
			Items []struct {
				FromStatus string `json:"from_status"`
				ToStatus   string `json:"to_status"`
				Resolved   bool
				Note       string
			}
		}
		if err := json.Unmarshal([]byte(readAll(t, res.Body)), &hist); err != nil || len(hist.Items) != 2 ||
			hist.Items[0].ToStatus != "investigating" || hist.Items[1].FromStatus != "investigating" ||
			hist.Items[1].ToStatus != "refuted" || !hist.Items[1].Resolved || hist.Items[1].Note != "Forensic analysis found splices" {
			t.Fatalf("history = %+v, %v; want investigating, then refuted with its note", hist, err)
		}
		if res := f.do(t, http.MethodGet, "/api/v1"+site.ClaimURL(f.hidden.ID)+"/history", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("history of a draft's claim: %d, want 404", res.StatusCode)
		}
	})
}

// TestClaimReview_ACorrectedVerdictCarriesItsCorrection: a verdict changed
// into another is a schema.org CorrectionComment, on the page and in the
// export, and the page says so at its top; a first verdict carries none.
func TestClaimReview_ACorrectedVerdictCarriesItsCorrection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, body := f.get(t, site.ClaimURL(f.settled.ID))
		if strings.Contains(ldOf(t, body), "correction") || strings.Contains(body, "correction-note") {
			t.Fatalf("a first verdict carries a correction:\n%s", ldOf(t, body))
		}
		f.clock.Advance(48 * time.Hour)
		must(f.svc.UpdateClaim(ctx, editor, f.settled.ID, claims.ClaimPatch{Status: ptr("partly_confirmed"),
			Note: "Only 940 signatures were verified", Version: f.settled.Version}))(t)
		_, body = f.get(t, site.ClaimURL(f.settled.ID))
		if !strings.Contains(body, `<p class="correction-note" id="correction"><strong>Updated Nov 22: was Confirmed, now Partly confirmed.</strong>`) {
			t.Errorf("the page does not say at its top that the verdict changed:\n%s", between(t, body, "<main", "</header>"))
		}
		var ld struct {
			Correction struct {
				T             string `json:"@type"`
				Text          string
				DatePublished string
			}
		}
		if err := json.Unmarshal([]byte(ldOf(t, body)), &ld); err != nil {
			t.Fatal(err)
		}
		if ld.Correction.T != "CorrectionComment" || ld.Correction.Text != "Was Confirmed, now Partly confirmed. Only 940 signatures were verified" ||
			ld.Correction.DatePublished != "2025-11-22" {
			t.Errorf("correction = %+v", ld.Correction)
		}
		res := f.do(t, http.MethodGet, "/api/v1/claimreview", nil)
		if b := readAll(t, res.Body); !strings.Contains(b, `"@type":"CorrectionComment"`) {
			t.Errorf("the export lacks the correction:\n%s", b)
		}
	})
}
