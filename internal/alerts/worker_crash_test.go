package alerts_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Environment of the child process the crash test starts: the database it
// delivers from and the SMTP server it sends to.
const (
	envCrashChildDSN  = "CLAIMTRACK_ALERTS_CRASH_CHILD_DSN"
	envCrashChildSMTP = "CLAIMTRACK_ALERTS_CRASH_CHILD_SMTP"
)

// crashChildLease is the child's lease: long, so that only its expiry, not
// a slow machine, lets the restarted worker take the row.
const crashChildLease = 10 * time.Minute

// TestWorkerChildProcess kills a worker with SIGKILL after it has leased an
// alert and handed the message to an SMTP server that never answers, then
// starts a new worker on the same database: the alert goes out once the
// dead worker's lease has run out, and is accepted exactly once, with the
// Message-ID of the first try.
//
// Started with envCrashChildDSN set, the same test is the child: a worker
// that delivers until it is killed.
func TestWorkerChildProcess(t *testing.T) {
	if dsn := os.Getenv(envCrashChildDSN); dsn != "" {
		runCrashChild(t, dsn, os.Getenv(envCrashChildSMTP))
		return
	}
	t.Parallel()
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db, err := store.Open(t.Context(), dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			f := newDeliveryFixture(t, db, 0)
			// The child runs on the real clock; so does the parent until it
			// moves past the child's lease.
			f.clock.Set(time.Now().UTC())
			f.subscribe("reader@readers.example", f.claim.ID)
			f.setStatus(f.claim, "confirmed", "Confirmed by the operator")
			f.smtp.ReplyNext(1, mailtest.Hang)

			child := exec.Command(os.Args[0], "-test.run=^TestWorkerChildProcess$", "-test.count=1")
			child.Env = append(os.Environ(), envCrashChildDSN+"="+dsn, envCrashChildSMTP+"="+f.smtp.URL())
			var out strings.Builder
			child.Stdout, child.Stderr = &out, &out
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- child.Wait() }()
			t.Cleanup(func() {
				_ = child.Process.Kill()
				<-exited
			})

			// The message reaching the server proves the child leased the row
			// and was sending; the server never answers, so it is not sent.
			first := f.smtp.WaitForAttempts(t, 1)
			if err := child.Process.Signal(os.Kill); err != nil {
				t.Fatal(err)
			}
			if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
				t.Fatalf("child ended with %v, want killed; its output:\n%s", err, out.String())
			}
			exited <- nil // for the cleanup

			w := f.worker(alerts.WorkerOptions{Tuning: outbox.Tuning{Owner: "restarted"}})
			if n := f.drain(w); n != 0 {
				t.Fatalf("the new worker took %d rows the dead one still held a lease on", n)
			}
			f.wantCounts(map[alerts.State]int{alerts.StateQueued: 1})

			// Past the lease the child took on the real clock, however long
			// it took to start.
			f.clock.Set(time.Now().UTC().Add(crashChildLease + time.Second))
			if n := f.drain(w); n != 1 {
				t.Fatalf("after the lease: settled %d rows, want 1", n)
			}
			f.wantCounts(map[alerts.State]int{alerts.StateSent: 1})
			att := f.smtp.Attempts()
			if len(att) != 2 || !att[1].Accepted() || att[1].MessageID != first[0].MessageID || len(f.smtp.Messages()) != 1 {
				t.Fatalf("attempts = %s, want the dead worker's unanswered one and one accepted with its Message-ID", describeAttempts(att))
			}
		})
	}
}

// runCrashChild delivers the outbox of dsn to smtpURL until the parent
// kills it (or, should the parent die first, for a minute).
func runCrashChild(t *testing.T, dsn, smtpURL string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs := claims.NewService(db, claims.DefaultVocabulary(), nil)
	svc := alerts.NewService(db, cs, 0)
	w := svc.NewWorker(alerts.WorkerOptions{
		Sender:  deliverySender(t, smtpURL, nil),
		Views:   mailViews(t),
		BaseURL: deliveryBase,
		Tuning:  outbox.Tuning{Owner: "child", Lease: crashChildLease, Poll: 50 * time.Millisecond},
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	t.Fatal("the child was not killed within a minute")
}
