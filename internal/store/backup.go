package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Backup writes a consistent copy of a live SQLite database to path with
// VACUUM INTO: it reads one snapshot, so writers go on meanwhile and the
// copy holds every write committed before it started, and nothing torn.
// (A file copy could catch the database between the main file and its
// write-ahead log.) It then runs PRAGMA integrity_check on the copy. While
// it runs, a line on progress every few seconds tells how much is written.
//
// Errors: EINVALID on PostgreSQL (use pg_dump) or when path exists.
func (db *DB) Backup(ctx context.Context, path string, progress io.Writer) error {
	if db.dialect != DialectSQLite {
		return claims.Errorf(claims.EINVALID, "backup copies SQLite databases; for PostgreSQL use pg_dump (or claimtrack dump)")
	}
	if _, err := os.Stat(path); err == nil {
		return claims.Errorf(claims.EINVALID, "%s exists already: backup writes a new file and never overwrites", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	var pages, pageSize int64
	if err := db.sql.QueryRowContext(ctx, "SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()").Scan(&pages, &pageSize); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}

	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		reportGrowth(path, pages*pageSize, progress, stop)
	}()
	start := time.Now()
	_, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path)
	close(stop)
	<-watched
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("store: backup into %s: %w", path, err)
	}
	// The copy holds password hashes and mail tokens: its owner's only, as
	// dump files are (SQLite creates it with the default mode).
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("store: backup %s: %w", path, err)
	}
	if err := checkIntegrity(ctx, path); err != nil {
		return fmt.Errorf("store: backup %s: %w", path, err)
	}
	if progress != nil {
		if st, err := os.Stat(path); err == nil {
			fmt.Fprintf(progress, "backup: wrote %s, %d KiB in %s; integrity check ok\n", path, st.Size()>>10, time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

// reportGrowth writes how far the copy has grown against the source's size
// (the copy leaves free pages out, so it may end below 100%).
func reportGrowth(path string, total int64, w io.Writer, stop <-chan struct{}) {
	if w == nil {
		return
	}
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			if st, err := os.Stat(path); err == nil && total > 0 {
				fmt.Fprintf(w, "backup: %d of about %d KiB written (%d%%)\n", st.Size()>>10, total>>10, min(100, st.Size()*100/total))
			}
		}
	}
}

// checkIntegrity opens the SQLite file at path on its own and runs PRAGMA
// integrity_check.
func checkIntegrity(ctx context.Context, path string) error {
	copyDB, err := sql.Open("sqlite3", path)
	if err != nil {
		return err
	}
	defer copyDB.Close()
	var result string
	if err := copyDB.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity check failed: %s", result)
	}
	return nil
}
