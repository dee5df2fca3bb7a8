//go:build cgo

// Package needcgo stops a build without cgo with one readable sentence. The
// SQLite driver (mattn/go-sqlite3) is C code; without cgo the store would fail
// with "undefined: sqlite3.Error" and a dozen lines like it.
package needcgo
