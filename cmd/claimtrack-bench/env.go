package main

import (
	"context"
	"flag"
)

// env is a running claimtrack with an editor's API token, its re-checker
// sweeping against an origin on loopback.
type env struct {
	srv    *server
	api    *api
	origin *origin
	close  func()
}

// startEnv builds and starts claimtrack on a fresh database of kind db,
// with the access log on and sweeps every sweepEvery.
func startEnv(ctx context.Context, db, pgAdmin string, keep bool, sweepEvery string) (*env, error) {
	var undo []func()
	closeAll := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	fail := func(err error) (*env, error) { closeAll(); return nil, err }
	dir, bin, cleanup, err := prepare(keep)
	if err != nil {
		return nil, err
	}
	undo = append(undo, cleanup)
	dsn, drop, err := database(ctx, db, dir, pgAdmin)
	if err != nil {
		return fail(err)
	}
	undo = append(undo, drop)
	o, err := startOrigin()
	if err != nil {
		return fail(err)
	}
	undo = append(undo, o.close)
	srv, err := startServer(bin, dir, merge(adminSettings(), sweepSettings(o, sweepEvery),
		map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_ACCESS_LOG": "on"}))
	if err != nil {
		return fail(err)
	}
	undo = append(undo, srv.stop)
	token, err := srv.token()
	if err != nil {
		return fail(err)
	}
	return &env{srv: srv, api: newAPI(srv.base, token), origin: o, close: closeAll}, nil
}

// envFlags choose the database and keep-or-clean of the commands that
// start claimtrack on a fresh database (load, developing).
type envFlags struct {
	db       string
	postgres string
	keep     bool
}

func (o *envFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.db, "db", "sqlite", "database: sqlite or postgres")
	fs.StringVar(&o.postgres, "postgres", defaultPostgres, "PostgreSQL server to create the bench database on (-db postgres)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (claimtrack's log)")
}
