package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL error codes the helpers tolerate.
const (
	pgInvalidCatalog    = "3D000" // the database does not exist
	pgDuplicateDatabase = "42P04"
	pgUniqueViolation   = "23505" // two CREATE DATABASE racing on pg_database
)

// freshSchema creates the database base names when missing, then a schema
// t_<random> in it that is dropped when the test ends, and returns base
// with search_path set to that schema.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	conn := connectCreating(t, base)
	defer conn.Close(ctx)

	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Throwaway data needs no flush to disk at every commit.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// connectCreating connects to dsn, creating its database first when it does
// not exist yet (CI starts from an empty server). Another test binary may be
// creating it at the same moment; either creator winning is fine.
func connectCreating(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err == nil {
		return conn
	}
	if !hasCode(err, pgInvalidCatalog) {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	name := cfg.Database
	cfg.Database = "postgres"
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to database postgres: %v", err)
	}
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if err != nil && !hasCode(err, pgDuplicateDatabase) && !hasCode(err, pgUniqueViolation) {
		t.Fatalf("create database %s: %v", name, err)
	}
	conn, err = pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	return conn
}

func hasCode(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}
