package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Several instances on one PostgreSQL database each cache story pages. A
// write bumps the story's revision and, in the same transaction, NOTIFYs
// storyChannel with the story's id: PostgreSQL delivers it to every
// listening instance when (and only if) the transaction commits.
// Channels are per database, not per schema, so the payload is
// "<schema>:<story id>" and a listener keeps only its own schema's: other
// installations sharing the database (tests, each in a schema of its own)
// do not drop each other's pages.
const storyChannel = "claimtrack_story"

// bumpStatement is the statement that adds by to a story's revision and
// returns it. On PostgreSQL it also announces the write to the other instances (one
// SQLite file has one process), in the same round trip: the notification
// is sent when the transaction commits, and never if it rolls back.
func (db *DB) bumpStatement(storyID int64, by int) (string, []any) {
	bump := "UPDATE stories SET revision = revision + ? WHERE id = ? RETURNING revision"
	if db.dialect != DialectPostgres {
		return bump, []any{by, storyID}
	}
	return "WITH bumped AS (" + bump + ") SELECT revision FROM bumped, pg_notify(?, current_schema() || ':' || ?)",
		[]any{by, storyID, storyChannel, strconv.FormatInt(storyID, 10)}
}

// listenRetry is the wait before reconnecting a dropped listener.
const listenRetry = time.Second

// ListenStoryChanges calls changed with the id of every story written
// through any instance sharing this PostgreSQL database, until ctx ends.
// up(true) is called each time the listening connection is ready and
// up(false) each time it is lost: while it is down, notifications are
// missed, so callers must not trust their caches for long. On SQLite it
// returns at once without calling either.
func (db *DB) ListenStoryChanges(ctx context.Context, changed func(storyID int64), up func(bool)) {
	if db.dialect != DialectPostgres {
		return
	}
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, changed, up)
		if ctx.Err() != nil {
			return
		}
		db.log.Warn("story change listener lost its connection; retrying", "error", err, "retry_in", listenRetry)
		select {
		case <-ctx.Done():
		case <-time.After(listenRetry):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, changed func(int64), up func(bool)) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+storyChannel); err != nil {
		return err
	}
	up(true)
	defer up(false)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		from, rawID, ok := strings.Cut(n.Payload, ":")
		if !ok || from != schema {
			continue
		}
		id, err := strconv.ParseInt(rawID, 10, 64)
		if err != nil {
			db.log.Warn("story change listener: unexpected payload", "payload", n.Payload)
			continue
		}
		changed(id)
	}
}
