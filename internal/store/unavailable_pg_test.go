package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A PostgreSQL server out of connections is busy, not full: readers and
// API clients were told "its disk is full, or it is read-only" when the
// server had merely reached its connection limit (SQLSTATE 53300). The
// error here is the real server's, from a role allowed one connection.
func TestUnavailableMsg_TooManyConnectionsIsBusyNotDiskFull(t *testing.T) {
	base := os.Getenv("CLAIMTRACK_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CLAIMTRACK_REQUIRE_POSTGRES") == "1" {
			t.Fatal("CLAIMTRACK_REQUIRE_POSTGRES=1 but CLAIMTRACK_TEST_POSTGRES is empty")
		}
		t.Skip("CLAIMTRACK_TEST_POSTGRES is not set")
	}
	// Cleanups run after t.Context is cancelled.
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(ctx) })
	var b [6]byte
	_, _ = rand.Read(b[:])
	role := "ct_one_conn_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE ROLE "+role+" LOGIN CONNECTION LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP ROLE "+role); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)

	first, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatalf("the role's one connection: %v", err)
	}
	_, err = pgx.Connect(ctx, u.String())
	first.Close(ctx)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "53300" {
		t.Fatalf("a second connection: %v; want SQLSTATE 53300", err)
	}
	if got := unavailableMsg(err); got != msgBusy {
		t.Errorf("told the client %q; want %q", got, msgBusy)
	}
}
