// Command claimtrack serves claimtrack, the claim-verification tracker for
// newsrooms, and runs its chores (migrate, users and tokens, import, recheck,
// dump, restore, backup, healthcheck). Run `claimtrack --help` for the
// commands and every setting, and `claimtrack COMMAND --help` for one.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/claimtrack/claimtrack/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal starts the graceful shutdown, a second one
		// kills the process the usual way.
		<-ctx.Done()
		stop()
	}()
	env := app.Env{LookupEnv: os.LookupEnv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := app.Command(ctx, env, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "claimtrack:", err)
		os.Exit(1)
	}
}
