package alerts_test

import (
	"context"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/procstat"
	"strconv"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// benchSubscribers is the figure: confirmed subscribers of one story.
const benchSubscribers = 10_000

// BenchmarkResolveFanOut measures the performance goals on both
// databases: 10,000 confirmed subscribers follow one story, one claim is
// resolved (digest window 0). It reports the status change's latency
// (status-change-ms, goal < 100 ms: the outbox rows are written in its
// transaction), the time until a local SMTP server has accepted all 10,000
// mails (deliver-s, goal < 60 s; deliver-cpu-s is the CPU that took, sender
// and server together, a figure other load on the machine does not
// inflate), and the process's peak resident memory (peak-rss-MB, the SMTP
// server counting, not keeping, what it accepts).
//
//	go test -run='^$' -bench=ResolveFanOut -benchtime=1x ./internal/alerts/
func BenchmarkResolveFanOut(b *testing.B) {
	for dialect, dsn := range storetest.DSNs(b) {
		b.Run(dialect, func(b *testing.B) {
			db, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = db.Close() })
			benchFanOut(b, db)
		})
	}
}

func benchFanOut(b *testing.B, db *store.DB) {
	ctx := context.Background()
	clock := clocktest.New(time.Now().UTC())
	cs := claims.NewService(db, claims.DefaultVocabulary(), clock.Now)
	svc := alerts.NewService(db, cs, 0)
	st, err := cs.CreateStory(ctx, deliveryEditor, claims.NewStory{Title: "Benchmark story", Published: true})
	if err != nil {
		b.Fatal(err)
	}
	benchSubscribe(b, db, st.ID, clock.Now())

	srv := newBenchSMTP(b)
	w := svc.NewWorker(alerts.WorkerOptions{Sender: deliverySender(b, srv.URL(), nil), Views: mailViews(b), BaseURL: deliveryBase})
	var change, deliver, cpu time.Duration
	sent := 0
	for i := 0; b.Loop(); i++ {
		c, err := cs.AddClaim(ctx, deliveryEditor, st.ID, claims.NewClaim{Text: "Claim " + strconv.Itoa(i)})
		if err != nil {
			b.Fatal(err)
		}
		status := "confirmed"
		start := time.Now()
		if _, err := cs.UpdateClaim(ctx, deliveryEditor, c.ID, claims.ClaimPatch{Status: &status, Note: "Settled", Version: c.Version}); err != nil {
			b.Fatal(err)
		}
		change += time.Since(start)
		start, cpu0 := time.Now(), cpuTime(b)
		for {
			n, err := w.RunOnce(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		deliver += time.Since(start)
		cpu += cpuTime(b) - cpu0
		sent += benchSubscribers
		if got := srv.Accepted(); got != sent {
			b.Fatalf("the server accepted %d mails, want %d", got, sent)
		}
	}
	b.ReportMetric(float64(change.Microseconds())/1000/float64(b.N), "status-change-ms")
	b.ReportMetric(deliver.Seconds()/float64(b.N), "deliver-s")
	// CPU seconds of the whole process (sender and SMTP server) while
	// delivering: what the delivery costs whatever else the machine runs.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "deliver-cpu-s")
	b.ReportMetric(peakRSSMB(b), "peak-rss-MB")
}

// benchSubscribe writes confirmed story subscriptions straight into the
// store: going through Subscribe and Confirm would only slow the setup.
func benchSubscribe(b *testing.B, db *store.DB, storyID int64, now time.Time) {
	ctx := context.Background()
	const perTx = 1000
	for from := 0; from < benchSubscribers; from += perTx {
		err := db.Tx(ctx, func(ctx context.Context) error {
			for i := from; i < from+perTx; i++ {
				sub := &alerts.Subscriber{Email: fmt.Sprintf("reader%05d@readers.example", i),
					ManageHash: "manage-" + strconv.Itoa(i), CreatedAt: now}
				if err := db.CreateSubscriber(ctx, sub); err != nil {
					return err
				}
				sn := &alerts.Subscription{SubscriberID: sub.ID, StoryID: &storyID,
					UnsubscribeHash: "unsub-" + strconv.Itoa(i), CreatedAt: now, ConfirmedAt: &now}
				if err := db.CreateSubscription(ctx, sn); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	d, err := procstat.CPU()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// peakRSSMB is the process's peak resident set (VmHWM) in MB.
func peakRSSMB(b *testing.B) float64 {
	n, err := procstat.PeakRSS()
	if err != nil {
		b.Fatal(err)
	}
	return float64(n) / (1 << 20)
}

func newBenchSMTP(b *testing.B) *mailtest.Server {
	srv := mailtest.NewServer(b)
	srv.CountOnly()
	return srv
}
