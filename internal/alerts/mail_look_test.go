package alerts_test

import (
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestAlertMail_LeadsWithTheVerdictInABrandedDocument reads a resolution's
// alert as the real SMTP server received it: the subject starts with the
// verdict's label, the HTML part is a whole document naming the
// organisation, with the verdict, the why, the evidence, what is still open
// and the manage and unsubscribe links, and the text part says the same.
func TestAlertMail_LeadsWithTheVerdictInABrandedDocument(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		if _, err := f.claims.AddEvidence(t.Context(), deliveryEditor, f.claim.ID, claims.NewEvidence{
			Summary: "Pump 2 was logged off on March 3", Stance: "supports"}); err != nil {
			t.Fatal(err)
		}
		f.subscribe("reader@readers.example", f.claim.ID)
		w := f.worker(alerts.WorkerOptions{Organization: "Harbour Gazette"})
		f.setStatus(f.claim, "partly_confirmed", "One pump failed; the other was never installed.")
		f.drain(w)
		msgs := f.smtp.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d mails, want 1", len(msgs))
		}
		if got := deliverySubject(msgs[0]); got != "Partly confirmed: The pumps failed before the storm" {
			t.Errorf("Subject = %q, want it to lead with the verdict", got)
		}
		html, err := msgs[0].HTML()
		if err != nil {
			t.Fatal(err)
		}
		text, err := msgs[0].Text()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(html, "<!doctype html>") || !strings.Contains(html, `<meta name="viewport"`) ||
			!strings.Contains(html, "@media (max-width") || !strings.HasSuffix(strings.TrimSpace(html), "</html>") {
			t.Errorf("the HTML part is not a whole, responsive document:\n%s", html)
		}
		both := []string{"Harbour Gazette", "Partly confirmed", "The pumps failed before the storm",
			"One pump failed; the other was never installed.", "Pump 2 was logged off on March 3",
			"Still unresolved in “Flooded metro station”", "The city was warned in 2019",
			deliveryBase + "/subscriptions/manage/", deliveryBase + "/unsubscribe/"}
		for _, s := range both {
			if !strings.Contains(html, s) {
				t.Errorf("HTML part lacks %q", s)
			}
			if !strings.Contains(text, s) {
				t.Errorf("text part lacks %q", s)
			}
		}
		// The verdict comes before the why, the why before the evidence.
		for name, body := range map[string]string{"html": html, "text": text} {
			v, why, ev := strings.Index(body, "Partly confirmed"), strings.Index(body, "One pump failed"), strings.Index(body, "Pump 2 was logged")
			if !(v < why && why < ev) {
				t.Errorf("%s part: verdict at %d, why at %d, evidence at %d; want them in that order", name, v, why, ev)
			}
		}
	})
}
