package store

// A build without cgo stops in needcgo, with one sentence, before this
// package's SQLite code fails with many.
import _ "github.com/claimtrack/claimtrack/internal/store/needcgo"
