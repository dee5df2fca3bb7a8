package app

import (
	"context"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/procstat"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// alertSubscribers is the size: 10,000 confirmed subscribers to one
// story.
const alertSubscribers = 10_000

// BenchmarkAlerts10k resolves one claim of a story that 10,000 confirmed
// addresses follow, through the real app: the write API over HTTP, the
// outbox rows written in the status change's transaction, the worker with
// its default settings, and a local SMTP server (mailtest, in this process)
// that accepts every message. Digests are off, so every row is due at once.
// Each iteration resolves another claim of the story.
//
// It reports the status-change request's latency (status-change-ms, the
// slowest iteration's; goal < 100 ms), the time from the request until the
// SMTP server has accepted all 10,000 messages (delivery-s; goal < 60 s),
// messages accepted per second, the CPU time the process used for each
// (…-cpu-ms, …-cpu-s), and the process's peak resident memory
// during the timed part (peak-RSS-MB, VmHWM reset before it; the SMTP
// server runs in the same process but counts messages instead of keeping
// them).
//
// Run: go test -run '^$' -bench Alerts10k -benchtime 1x -timeout 30m ./internal/app/
// (with CLAIMTRACK_TEST_POSTGRES set, the postgres sub-benchmark runs too).
func BenchmarkAlerts10k(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchAlerts(b, filepath.Join(b.TempDir(), "data", "claimtrack.db")) })
	b.Run("postgres", func(b *testing.B) { benchAlerts(b, storetest.PostgresDSN(b)) })
}

func benchAlerts(b *testing.B, dsn string) {
	smtp := mailtest.NewServer(b)
	smtp.CountOnly()
	m := startBench(b, map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_DEMO": "off",
		"CLAIMTRACK_SMTP_URL": smtp.URL(), "CLAIMTRACK_ALERT_DIGEST_WINDOW": "0"})

	st, _ := publishedClaim(b, m.Service(), "Budget vote", "The vote took place on Tuesday")
	var claimIDs []int64
	var versions []int
	for i := range b.N {
		c, err := m.Service().AddClaim(b.Context(), claims.Actor{UserID: 1, Name: "Ed", Role: "editor"}, st.ID,
			claims.NewClaim{Text: fmt.Sprintf("The vote was counted twice (%d)", i)})
		if err != nil {
			b.Fatal(err)
		}
		claimIDs, versions = append(claimIDs, c.ID), append(versions, c.Version)
	}
	began := time.Now()
	seedSubscribers(b, m, st.ID, alertSubscribers)
	b.Logf("setup: %d confirmed story subscriptions through alerts.Store in %s", alertSubscribers, time.Since(began).Round(time.Millisecond))
	token := editorToken(b, m)

	runtime.GC()
	if err := procstat.ResetPeakRSS(); err != nil {
		b.Fatal(err)
	}
	var latencies, deliveries []time.Duration
	var changeCPU, deliveryCPU time.Duration
	b.ResetTimer()
	for i := range b.N {
		t0, c0 := time.Now(), processCPU(b)
		patchStatus(b, m, token, claimIDs[i], "confirmed", "The count was audited", versions[i])
		latencies = append(latencies, time.Since(t0))
		c1 := processCPU(b)
		changeCPU = max(changeCPU, c1-c0)
		waitAccepted(b, smtp, (i+1)*alertSubscribers, 10*time.Minute)
		deliveries = append(deliveries, time.Since(t0))
		deliveryCPU += processCPU(b) - c0
	}
	b.StopTimer()
	peak, err := procstat.PeakRSS()
	if err != nil {
		b.Fatal(err)
	}

	waitOutboxSettled(b, m)
	if got, want := smtp.Accepted(), b.N*alertSubscribers; got != want {
		b.Fatalf("%d messages accepted, want %d: none lost, none doubled", got, want)
	}
	sent := 0
	counts, err := m.db.OutboxCounts(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range counts {
		if c.State == alerts.StateSent {
			sent = c.N
		}
	}
	if sent != b.N*alertSubscribers {
		b.Fatalf("outbox counts %+v, want %d sent", counts, b.N*alertSubscribers)
	}
	var total time.Duration
	for _, d := range deliveries {
		total += d
	}
	b.ReportMetric(float64(slices.Max(latencies).Microseconds())/1000, "status-change-ms")
	b.ReportMetric(float64(changeCPU.Microseconds())/1000, "status-change-cpu-ms")
	b.ReportMetric(total.Seconds()/float64(b.N), "delivery-s")
	b.ReportMetric(deliveryCPU.Seconds()/float64(b.N), "delivery-cpu-s")
	b.ReportMetric(float64(b.N*alertSubscribers)/total.Seconds(), "msgs/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(0, "ns/op") // the figures above say it; one op is a whole fan-out
}

// seedSubscribers inserts n confirmed subscribers to the story, in one
// transaction: 10,000 confirmation mails would measure something else.
func seedSubscribers(b *testing.B, m *Main, storyID int64, n int) {
	b.Helper()
	now := m.Service().Now()
	err := m.db.Tx(b.Context(), func(ctx context.Context) error {
		for i := range n {
			sub := &alerts.Subscriber{Email: fmt.Sprintf("reader%05d@example.org", i), ManageHash: fmt.Sprintf("manage-%05d", i), CreatedAt: now}
			if err := m.db.CreateSubscriber(ctx, sub); err != nil {
				return err
			}
			sn := &alerts.Subscription{SubscriberID: sub.ID, StoryID: &storyID, UnsubscribeHash: fmt.Sprintf("unsub-%05d", i),
				CreatedAt: now, ConfirmedAt: &now}
			if err := m.db.CreateSubscription(ctx, sn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// waitAccepted polls until the SMTP server holds n messages.
func waitAccepted(b *testing.B, smtp *mailtest.Server, n int, limit time.Duration) {
	b.Helper()
	deadline := time.Now().Add(limit)
	for {
		got := smtp.Accepted()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d messages accepted within %s", got, n, limit)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// startBench runs the real wiring on a random loopback port, like start.
func startBench(b *testing.B, extra map[string]string) *Main {
	b.Helper()
	env := map[string]string{"CLAIMTRACK_ADDR": "127.0.0.1:0", "CLAIMTRACK_ACCESS_LOG": "off", "CLAIMTRACK_RECHECK": "off"}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Parse(nil, lookup(env))
	if err != nil {
		b.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.NewTextHandler(b.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err := m.Run(context.Background()); err != nil {
		b.Fatalf("Run: %v", err)
	}
	b.Cleanup(func() {
		if err := m.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	})
	return m
}

// processCPU is the CPU time (user and system) this process has used: on
// a machine that other work loads, it tells what the wall-clock figures
// would be without the wait for a core. The test's SMTP server and HTTP
// client run in the process too and count.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	d, err := procstat.CPU()
	if err != nil {
		b.Fatal(err)
	}
	return d
}
