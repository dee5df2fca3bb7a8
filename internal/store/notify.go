package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/jackc/pgx/v5"
)

// Several instances on one PostgreSQL database each cache story pages. A
// write bumps the story's revision and, in the same transaction, NOTIFYs
// storyChannel with what it changed: PostgreSQL delivers it to every
// listening instance when (and only if) the transaction commits.
// Channels are per database, not per schema, so the payload is
// "<schema>:<story id>" and a listener keeps only its own schema's: other
// installations sharing the database (tests, each in a schema of its own)
// do not drop each other's pages. A write confined to some claims appends
// them, ":<claim id>,<claim id>…", so the others keep the rest of the
// story's claim pages as this instance does.
const storyChannel = "claimtrack_story"

// maxNotifyClaims bounds the claim list of a payload in bytes: NOTIFY
// refuses payloads of 8000 bytes or more, and the schema's name (up to 63)
// comes first. A longer list is sent as a change to all the story's claims.
const maxNotifyClaims = 7800

// notifyPayload is what follows "<schema>:" in the notification of ch.
func notifyPayload(ch claims.StoryChange) string {
	b := strconv.AppendInt(nil, ch.StoryID, 10)
	if ch.AllClaims() {
		return string(b)
	}
	b = append(b, ':')
	for i, id := range ch.Claims {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
		if len(b) > maxNotifyClaims {
			return strconv.FormatInt(ch.StoryID, 10)
		}
	}
	return string(b)
}

// parseNotifyPayload reads what notifyPayload wrote; a claim list it cannot
// read stands for all the story's claims.
func parseNotifyPayload(s string) (claims.StoryChange, bool) {
	rawID, rawClaims, confined := strings.Cut(s, ":")
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		return claims.StoryChange{}, false
	}
	ch := claims.WholeStory(id)
	if !confined {
		return ch, true
	}
	for raw := range strings.SplitSeq(rawClaims, ",") {
		c, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return claims.WholeStory(id), true
		}
		ch.Claims = append(ch.Claims, c)
	}
	return ch, true
}

// bumpStatement is the statement that adds by to a story's revision and
// returns it. On PostgreSQL it also announces the write to the other instances (one
// SQLite file has one process), in the same round trip: the notification
// is sent when the transaction commits, and never if it rolls back.
func (db *DB) bumpStatement(ch claims.StoryChange, by int) (string, []any) {
	bump := "UPDATE stories SET revision = revision + ? WHERE id = ? RETURNING revision"
	if db.dialect != DialectPostgres {
		return bump, []any{by, ch.StoryID}
	}
	return "WITH bumped AS (" + bump + ") SELECT revision FROM bumped, pg_notify(?, current_schema() || ':' || ?)",
		[]any{by, ch.StoryID, storyChannel, notifyPayload(ch)}
}

// listenRetry is the wait before reconnecting a dropped listener.
const listenRetry = time.Second

// ListenStoryChanges calls changed with what every write through any
// instance sharing this PostgreSQL database changed, until ctx ends.
// up(true) is called each time the listening connection is ready and
// up(false) each time it is lost: while it is down, notifications are
// missed, so callers must not trust their caches for long. On SQLite it
// returns at once without calling either.
func (db *DB) ListenStoryChanges(ctx context.Context, changed func(claims.StoryChange), up func(bool)) {
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

func (db *DB) listenOnce(ctx context.Context, changed func(claims.StoryChange), up func(bool)) error {
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
		from, rest, ok := strings.Cut(n.Payload, ":")
		if !ok || from != schema {
			continue
		}
		ch, ok := parseNotifyPayload(rest)
		if !ok {
			db.log.Warn("story change listener: unexpected payload", "payload", n.Payload)
			continue
		}
		changed(ch)
	}
}
