package app

import (
	"log/slog"
	"runtime/debug"
)

// serverGCPercent is the garbage collector's target for a serving process,
// used unless GOGC is set. Most of what a server keeps in memory is loaded
// once at start and never freed: the password checker's dictionaries
// (about 100,000 words, 6 MB), the parsed templates, the API's schema. At
// Go's default of 100 the collector marks all of it again every time the
// requests have allocated as much; the cached story page, whose own work
// allocates nothing, then answered 0.88-0.90 of a minimal server's requests
// with a p99 1.24-1.40 times its p99, and at 400 0.91-1.00 with 0.96-1.16
// (docs/performance.md). The heap may then grow to five times what is
// live before a collection: about 80 MB for a quiet server.
const serverGCPercent = 400

// tuneGC sets the collector's target for serve, leaving an operator's GOGC
// alone.
func tuneGC(lookupEnv func(string) (string, bool), log *slog.Logger) {
	if _, set := lookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(serverGCPercent)
	log.Debug("garbage collector target set", "gogc", serverGCPercent)
}
