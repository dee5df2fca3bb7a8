package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// A round can take a while when the SMTP server is slow. An address that
// unsubscribes while the round is still sending to others is not mailed
// by it: a mail's subscription is read again before sending once the round
// has been running for a couple of seconds. (Found in review.)
func TestWorker_AnAddressThatUnsubscribesDuringASlowRoundIsNotMailed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("first@readers.example", f.claim.ID)
		later := f.subscribe("later@readers.example", f.claim.ID)
		f.smtp.Script(func(n int, m mailtest.Message) mailtest.Reply {
			if n == 1 {
				// While the first mail is on the wire, the second reader
				// unsubscribes, and the server takes its time to answer.
				if _, err := f.alerts.Unsubscribe(context.Background(), later); err != nil {
					t.Errorf("unsubscribe: %v", err)
				}
				time.Sleep(2500 * time.Millisecond)
			}
			return mailtest.Reply{}
		})
		f.setStatus(f.claim, "confirmed", "The log was published.")
		w := f.worker(alerts.WorkerOptions{Tuning: outbox.Tuning{Concurrency: 1}})
		f.drain(w)
		got := deliveryRecipients(f.smtp.Messages())
		if len(got) != 1 || got[0] != "first@readers.example" {
			t.Fatalf("mail went to %v, want only first@readers.example", got)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1, alerts.StateCancelled: 1})
	})
}
