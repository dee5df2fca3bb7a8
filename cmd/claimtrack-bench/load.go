package main
import ("context"; "flag")
func loadCommand(fs *flag.FlagSet) func(context.Context) error { return func(context.Context) error { return nil } }
