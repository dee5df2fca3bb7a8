package app

// Dump, restore and backup: moving a whole installation
// between SQLite and PostgreSQL, and copying a live SQLite file.

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/store"
)

// fileArg parses the line of a command that takes one FILE ("-" is stdin or
// stdout).
func fileArg(env Env, name string, args []string) (string, config.Config, error) {
	line, err := parseCLI(env, spec(name), args)
	if err != nil {
		return "", config.Config{}, err
	}
	if len(line.args) != 1 {
		return "", config.Config{}, fmt.Errorf("usage: claimtrack %s FILE [flags] (see claimtrack %s --help)", name, name)
	}
	return line.args[0], line.cfg, nil
}

// openFor opens the database that dump or backup reads, logging to stderr.
// It must exist: opening a mistyped SQLite path would create an empty
// database, and its dump or backup would be empty too.
func openFor(ctx context.Context, env Env, name string, args []string) (string, *store.DB, error) {
	file, cfg, err := fileArg(env, name, args)
	if err != nil {
		return "", nil, err
	}
	isURL := strings.HasPrefix(cfg.Database, "postgres://") || strings.HasPrefix(cfg.Database, "postgresql://")
	if !isURL {
		if _, err := os.Stat(cfg.Database); err != nil {
			return "", nil, fmt.Errorf("%s: no SQLite database at %s (CLAIMTRACK_DATABASE): %w", name, cfg.Database, err)
		}
	}
	db, err := store.Open(ctx, cfg.Database, store.Options{Logger: NewLogger(cfg, env.Stderr)})
	return file, db, err
}

func dumpProgress(env Env) store.DumpOptions {
	return store.DumpOptions{Progress: env.Stderr, ProgressRows: 10000, ProgressEvery: 2 * time.Second}
}

// dumpCommand writes the database to FILE ("-" for stdout; gzip when it
// ends in .gz). A file is written beside its name and renamed into place
// at the end, so a failed dump leaves no half file behind; an existing file
// is not overwritten. The file is readable by its owner only (os.CreateTemp
// makes it 0600): it holds password hashes and sessions.
func dumpCommand(ctx context.Context, env Env, args []string) error {
	file, db, err := openFor(ctx, env, "dump", args)
	if err != nil {
		return quietHelp(err)
	}
	defer db.Close()
	if file == "-" {
		_, err := db.Dump(ctx, env.Stdout, dumpProgress(env))
		return err
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("dump: %s exists already; choose a new file name", file)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dump: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	var w io.Writer = tmp
	var zw *gzip.Writer
	if strings.HasSuffix(file, ".gz") {
		zw = gzip.NewWriter(tmp)
		w = zw
	}
	stats, err := db.Dump(ctx, w, dumpProgress(env))
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	fmt.Fprintf(env.Stdout, "dumped %d tables, %d rows from %s to %s\n", stats.Tables, stats.Rows, db.Dialect(), file)
	return nil
}

// restoreCommand loads FILE into an empty database, holding the start lock
// so that an instance starting meanwhile waits instead of loading the demo.
func restoreCommand(ctx context.Context, env Env, args []string) error {
	file, cfg, err := fileArg(env, "restore", args)
	if err != nil {
		return quietHelp(err)
	}
	// The dump is opened first: a mistyped name must not leave a new,
	// empty SQLite database behind.
	var r io.Reader = env.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer f.Close()
		r = f
	}
	db, err := store.Open(ctx, cfg.Database, store.Options{Logger: NewLogger(cfg, env.Stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("restore: %s: %w", file, err)
		}
		defer zr.Close()
		r = zr
	}
	unlock, err := db.StartLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	stats, err := db.Restore(ctx, r, dumpProgress(env))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(env.Stdout, "restored %d tables, %d rows into %s\n", stats.Tables, stats.Rows, db.Dialect())
	return nil
}

// backupCommand copies the live SQLite database to FILE.
func backupCommand(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "-" {
		return errors.New("backup: give a file name; a SQLite copy cannot go to stdout")
	}
	file, db, err := openFor(ctx, env, "backup", args)
	if err != nil {
		return quietHelp(err)
	}
	defer db.Close()
	if err := db.Backup(ctx, file, env.Stderr); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(env.Stdout, "backed up to %s\n", file)
	return nil
}
