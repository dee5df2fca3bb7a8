package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestStartLock_OnPostgresOneInstanceStartsAtATimePerSchema(t *testing.T) {
	dsn, ok := storetest.DSNs(t)[store.DialectPostgres]
	if !ok {
		t.Skipf("%s is not set", storetest.EnvPostgres)
	}
	ctx := t.Context()
	first, second := openStore(t, dsn), openStore(t, dsn)
	other := openStore(t, storetest.PostgresDSN(t)) // another schema of the same server

	unlock, err := first.StartLock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// While the first holds it, the second waits until its context ends.
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	_, err = second.StartLock(short)
	cancel()
	if err == nil || !errors.Is(short.Err(), context.DeadlineExceeded) {
		t.Fatalf("a second StartLock while the first holds it: %v, want it to wait until its context ended", err)
	}
	// Another schema is another installation: it does not wait.
	unlockOther, err := other.StartLock(ctx)
	if err != nil {
		t.Fatalf("StartLock on another schema: %v", err)
	}
	unlockOther()

	unlock()
	unlock() // a second call does nothing
	unlockSecond, err := second.StartLock(ctx)
	if err != nil {
		t.Fatalf("StartLock after the first released it: %v", err)
	}
	unlockSecond()
}
