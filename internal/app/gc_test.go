package app

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestTuneGC_RaisesTheTargetUnlessTheOperatorSetGOGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	log := slog.New(slog.DiscardHandler)

	tuneGC(func(string) (string, bool) { return "", false }, log)
	if got := gcPercent(); got != serverGCPercent {
		t.Errorf("GOGC unset: target %d, want %d", got, serverGCPercent)
	}

	debug.SetGCPercent(150) // what the runtime made of the operator's GOGC=150
	tuneGC(func(k string) (string, bool) { return "150", k == "GOGC" }, log)
	if got := gcPercent(); got != 150 {
		t.Errorf("GOGC=150 set: target %d, want it left at 150", got)
	}
}
