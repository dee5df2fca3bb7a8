// Package db holds claimtrack's versioned SQL migrations, one folder per
// dialect with the same version numbers in both, embedded so the binary
// carries its own schema history.
package db

import (
	"embed"
	"io/fs"
)

//go:embed sqlite/*.sql postgres/*.sql
var migrations embed.FS

// SQLite returns the SQLite migrations, with the .sql files at its root.
func SQLite() fs.FS { return sub("sqlite") }

// Postgres returns the PostgreSQL migrations, with the .sql files at its root.
func Postgres() fs.FS { return sub("postgres") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(migrations, dir)
	if err != nil {
		panic(err) // dir is one of the embedded folders above
	}
	return f
}
