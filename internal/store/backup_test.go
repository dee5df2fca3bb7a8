package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestBackup_TakenWhileWritesGoOn_IsIntactAndHoldsEveryEarlierWrite(t *testing.T) {
	ctx := t.Context()
	db := openStore(t, storetest.SQLiteDSN(t))
	// Enough data that the copy takes a while, so the writer below keeps
	// committing while it runs.
	summary := strings.Repeat("A paragraph of the story's summary. ", 200)
	err := db.Tx(ctx, func(ctx context.Context) error {
		for i := range 3000 {
			s := &claims.Story{Slug: fmt.Sprintf("before-%d", i), Title: "Before", Summary: summary}
			if err := db.CreateStory(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var acked atomic.Int64
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			if err := db.CreateStory(ctx, &claims.Story{Slug: fmt.Sprintf("during-%d", i), Title: "During", Summary: summary}); err != nil {
				writerDone <- err
				return
			}
			acked.Store(int64(i + 1))
		}
	}()
	for acked.Load() < 20 { // the writer is under way
		select {
		case err := <-writerDone:
			t.Fatalf("writer: %v", err)
		default:
		}
	}

	path := filepath.Join(t.TempDir(), "backup", "claimtrack.db")
	before := acked.Load()
	var progress bytes.Buffer
	err = db.Backup(ctx, path, &progress)
	after := acked.Load()
	close(stop)
	if werr := <-writerDone; werr != nil {
		t.Fatalf("a write failed during the backup: %v", werr)
	}
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	t.Logf("%d writes acknowledged before the backup, %d during it; %s", before, after-before, strings.TrimSpace(progress.String()))
	if st, err := os.Stat(path); err != nil {
		t.Error(err)
	} else if st.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode is %v; want 0600: it holds password hashes", st.Mode().Perm())
	}
	if !strings.Contains(progress.String(), "integrity check ok") {
		t.Errorf("Backup reported %q, want its integrity check", progress.String())
	}

	copyDB, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var check string
	if err := copyDB.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check on the backup = %q, %v", check, err)
	}
	var missing int64
	for i := range before {
		var n int
		if err := copyDB.QueryRow("SELECT count(*) FROM stories WHERE slug = ?", fmt.Sprintf("during-%d", i)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			missing++
		}
	}
	var early int
	if err := copyDB.QueryRow("SELECT count(*) FROM stories WHERE slug LIKE 'before-%'").Scan(&early); err != nil {
		t.Fatal(err)
	}
	if missing > 0 || early != 3000 {
		t.Errorf("the backup lacks %d of the %d writes acknowledged before it started, and holds %d of the 3000 earlier stories", missing, before, early)
	}

	// The copy is a working claimtrack database.
	restored := openStore(t, path)
	if err := restored.Ping(ctx); err != nil {
		t.Errorf("the backup is not a ready database: %v", err)
	}
}

func TestBackup_NeverOverwritesAndSendsPostgresToPgDump(t *testing.T) {
	ctx := t.Context()
	db := storetest.SQLite(t)
	path := filepath.Join(t.TempDir(), "taken.db")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := db.Backup(ctx, path, nil)
	if claims.ErrorCode(err) != claims.EINVALID {
		t.Errorf("Backup onto an existing file: %v, want EINVALID", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("the existing file now holds %q", b)
	}

	for dialect, dsn := range storetest.DSNs(t) {
		if dialect != store.DialectPostgres {
			continue
		}
		pg := openStore(t, dsn)
		err := pg.Backup(ctx, filepath.Join(t.TempDir(), "pg.db"), nil)
		if claims.ErrorCode(err) != claims.EINVALID || !strings.Contains(claims.ErrorMessage(err), "pg_dump") {
			t.Errorf("Backup on PostgreSQL: %v, want EINVALID pointing to pg_dump", err)
		}
	}
}
