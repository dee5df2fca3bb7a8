package main

import (
	"context"
	"flag"
)

func scaleCommand(fs *flag.FlagSet) func(context.Context) error {
	return func(context.Context) error { return nil }
}
