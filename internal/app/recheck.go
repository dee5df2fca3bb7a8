package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
)

// sweepJobName names the re-checker's cron job in logs.
const sweepJobName = "recheck-sweep"

// newChecker returns the re-checker with the one guarded client every fetch
// of a user-supplied URL goes through.
func newChecker(cfg config.Config, svc *claims.Service, baseURL string, log *slog.Logger, met *metrics.Metrics) *recheck.Checker {
	client := guardedClient(cfg, baseURL)
	report := func(r *recheck.Result, err error) {
		if err != nil {
			met.Check("error", 0)
			return
		}
		met.Check(string(r.State), r.Duration)
	}
	return recheck.New(svc, client, recheck.Options{Logger: log, Report: report, LeaseFor: cfg.RecheckLease})
}

// guardedClient is an HTTP client for addresses people typed (sources,
// webhook endpoints): private and local addresses are refused at dial time
// unless CLAIMTRACK_ALLOW_PRIVATE_SOURCES is on.
func guardedClient(cfg config.Config, baseURL string) *fetch.Client {
	return fetch.New(fetch.Options{
		AllowPrivate: cfg.AllowPrivateSources,
		ExtraPorts:   cfg.SourcePorts,
		UserAgent:    fetch.UserAgent(shortVersion(), baseURL),
	})
}

// shortVersion is the module version for the User-Agent ("" in dev builds).
func shortVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return ""
}

// scheduler runs the sweep job on cfg.RecheckSchedule until stopped.
type scheduler struct {
	cron   *cron.Cron
	cancel context.CancelFunc
}

// startScheduler starts the named sweep job. A panic in a sweep is logged
// and the next tick runs; a tick that comes while a sweep still runs is
// skipped (the checker's own lock and the database lease back this up).
func startScheduler(cfg config.Config, checker *recheck.Checker, log *slog.Logger, met *metrics.Metrics) (*scheduler, error) {
	clog := cronLogger{log.With("job", sweepJobName)}
	c := cron.New(cron.WithParser(config.CronParser), cron.WithLogger(clog),
		cron.WithChain(cron.Recover(clog), cron.SkipIfStillRunning(clog)))
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.AddFunc(cfg.RecheckSchedule, func() {
		start := time.Now()
		sum, err := checker.Sweep(ctx, nil)
		if !sum.Skipped {
			met.Sweep(time.Since(start))
		}
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			log.Error("re-check sweep failed", "job", sweepJobName, "err", err)
		case sum.Checked+sum.Failed > 0:
			log.Info("re-check sweep done", "job", sweepJobName, "checked", sum.Checked, "failed", sum.Failed,
				"events", sum.Events, "took", time.Since(start))
		}
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("CLAIMTRACK_RECHECK_SCHEDULE (--recheck-schedule): %w", err)
	}
	c.Start()
	return &scheduler{cron: c, cancel: cancel}, nil
}

// stop ends the schedule, cancels a running sweep and waits for it, at most
// until ctx is done.
func (s *scheduler) stop(ctx context.Context) {
	done := s.cron.Stop()
	s.cancel()
	select {
	case <-done.Done():
	case <-ctx.Done():
	}
}

// cronLogger passes cron's messages to slog; its Info is chatty (every
// tick), so it goes to debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// recheckSpec is the command line of recheck.
var recheckSpec = cliSpec{
	name:    "recheck",
	summary: "check sources once and print one line per source: the due ones, all, or one",
	flags: []cliFlag{
		{"all", "", "check every source, due or not"},
		{"source", "ID", "check only the source with this id"},
	},
	settings: append(slices.Clone(settingsDB), append(slices.Clone(settingsServices), "source-ports", "recheck-lease")...),
}

// recheckCommand runs "claimtrack recheck [--all | --source ID]": one pass
// over the due sources (or all, or one), printing a line per source.
func recheckCommand(ctx context.Context, env Env, args []string) error {
	line, err := parseCLI(env, recheckSpec, args)
	if err != nil {
		return quietHelp(err)
	}
	_, all := line.flags["all"]
	var sourceID int64
	if s, ok := line.flags["source"]; ok {
		if sourceID, err = strconv.ParseInt(s, 10, 64); err != nil || sourceID <= 0 {
			return fmt.Errorf("--source needs a source id, not %q", s)
		}
	}
	if (all && sourceID != 0) || len(line.args) > 0 {
		return errors.New("usage: claimtrack recheck [--all | --source ID]")
	}
	db, svcs, err := openServices(ctx, env, line.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	checker := newChecker(line.cfg, svcs.claims, line.cfg.BaseURL, NewLogger(line.cfg, env.Stderr), nil) // a one-off run has no /metrics
	progress := func(r *recheck.Result, err error) { printCheck(env, r, err) }
	if sourceID != 0 {
		r, err := checker.CheckOne(ctx, sourceID)
		if err != nil {
			return err
		}
		progress(r, nil)
		return nil
	}
	sweep := checker.Sweep
	if all {
		sweep = checker.SweepAll
	}
	sum, err := sweep(ctx, progress)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "checked %d sources, %d failed, %d events\n", sum.Checked, sum.Failed, sum.Events)
	return nil
}

func printCheck(env Env, r *recheck.Result, err error) {
	if err != nil {
		fmt.Fprintf(env.Stdout, "error: %v\n", err)
		return
	}
	what := strconv.Itoa(r.StatusCode)
	if r.Error != "" {
		what = r.Error
	}
	fmt.Fprintf(env.Stdout, "source %d %s: %s (%s) events %v next %s\n", r.SourceID, r.URL, r.State, what,
		r.Events, r.NextCheckAt.Format(time.RFC3339))
}
