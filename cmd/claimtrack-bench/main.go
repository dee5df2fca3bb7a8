// Command claimtrack-bench measures claimtrack on this machine. Each
// subcommand builds the real binary, runs it on loopback and drives it:
//
//	claimtrack-bench [page]     the cached story page beside nginx and a minimal Go server (wrk)
//	claimtrack-bench developing one story read 2,000 times a second while an editor changes it
//	claimtrack-bench scale      the scaling table of docs/performance.md (SQLite and PostgreSQL)
//	claimtrack-bench load       a fixed-rate mix of reads and writes while sweeps run (vegeta)
//
// Run it inside the repository (it builds ./cmd/claimtrack); every
// subcommand takes --help. It installs wrk and nginx-light from Debian when
// page needs them and they are missing (as root).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// command is one subcommand: its flags are registered on fs by setup, which
// returns what runs once they are parsed.
type command struct {
	name, summary string
	setup         func(fs *flag.FlagSet) func(ctx context.Context) error
}

var commands = []command{
	{"page", "the cached story page: nginx (gzip_static), a minimal net/http server and claimtrack, side by side", pageCommand},
	{"developing", "a developing story: fixed-rate reads of one story while an editor changes it every second", developingCommand},
	{"scale", "the scaling table: sources, subscribers, stories x claims and events at 1x, 10x and 100x", scaleCommand},
	{"load", "a fixed-rate mix of pages, API reads and writes while sweeps run, with RSS and goroutines over time", loadCommand},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "claimtrack-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	name := "page"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		usage(out)
		return nil
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("claimtrack-bench "+name, flag.ContinueOnError)
		fs.SetOutput(out)
		body := c.setup(fs)
		fs.Usage = func() {
			fmt.Fprintf(out, "usage: claimtrack-bench %s [flags]\n\n%s.\n\n", name, c.summary)
			fs.PrintDefaults()
		}
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("%s takes no arguments, got %q", name, fs.Args())
		}
		return body(ctx)
	}
	usage(out)
	return fmt.Errorf("unknown subcommand %q", name)
}

func usage(out io.Writer) {
	fmt.Fprintln(out, "usage: claimtrack-bench [page|developing|scale|load] [flags]   (each takes --help)")
	fmt.Fprintln(out)
	for _, c := range commands {
		fmt.Fprintf(out, "  %-11s %s\n", c.name, c.summary)
	}
}
