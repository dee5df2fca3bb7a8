-- Timestamps are TIMESTAMP columns holding UTC text with microseconds
-- ("2006-01-02 15:04:05.999999+00:00"), which mattn/go-sqlite3 writes and
-- parses back exactly; text in one zone and format also sorts correctly.
-- AUTOINCREMENT keeps ids from ever being reused: list cursors rely on them.

-- +goose Up
CREATE TABLE stories (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    slug         TEXT      NOT NULL UNIQUE,
    title        TEXT      NOT NULL,
    summary      TEXT      NOT NULL DEFAULT '',
    context      TEXT      NOT NULL DEFAULT '[]',
    perspectives TEXT      NOT NULL DEFAULT '{"agree":[],"split":[]}',
    published    BOOLEAN   NOT NULL DEFAULT FALSE,
    version      INTEGER   NOT NULL DEFAULT 1,
    revision     INTEGER   NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- status has no CHECK constraint: the vocabulary is configuration.
CREATE TABLE claims (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id          INTEGER   NOT NULL REFERENCES stories (id),
    text              TEXT      NOT NULL,
    status            TEXT      NOT NULL,
    what_would_settle TEXT      NOT NULL DEFAULT '',
    position          INTEGER   NOT NULL,
    version           INTEGER   NOT NULL DEFAULT 1,
    resolved_at       TIMESTAMP NULL,
    review_by         TIMESTAMP NULL,
    withdrawn         BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX claims_story_position ON claims (story_id, position);

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    url             TEXT      NOT NULL DEFAULT '',
    outlet          TEXT      NOT NULL,
    outlet_kind     TEXT      NOT NULL,
    title           TEXT      NOT NULL DEFAULT '',
    state           TEXT      NOT NULL DEFAULT 'unchecked',
    last_checked_at TIMESTAMP NULL,
    created_at      TIMESTAMP NOT NULL
);
-- Print and broadcast sources have no URL and may repeat.
CREATE UNIQUE INDEX sources_url ON sources (url) WHERE url <> '';

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id   INTEGER   NOT NULL REFERENCES claims (id),
    summary    TEXT      NOT NULL,
    stance     TEXT      NOT NULL,
    source_id  INTEGER   NULL REFERENCES sources (id),
    quote      TEXT      NOT NULL DEFAULT '',
    actor      TEXT      NOT NULL DEFAULT '',
    actor_id   INTEGER   NULL,
    withdrawn  BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX evidence_claim ON evidence (claim_id, id);

CREATE TABLE claim_sources (
    claim_id    INTEGER   NOT NULL REFERENCES claims (id),
    source_id   INTEGER   NOT NULL REFERENCES sources (id),
    stance      TEXT      NOT NULL,
    linked_at   TIMESTAMP NOT NULL,
    unlinked_at TIMESTAMP NULL,
    PRIMARY KEY (claim_id, source_id)
);
CREATE INDEX claim_sources_source ON claim_sources (source_id);

-- Append-only. payload is JSON kept as text so its bytes (and key order)
-- survive a round trip.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TIMESTAMP NOT NULL,
    story_id    INTEGER   NOT NULL REFERENCES stories (id),
    claim_id    INTEGER   NULL REFERENCES claims (id),
    source_id   INTEGER   NULL REFERENCES sources (id),
    kind        TEXT      NOT NULL,
    actor       TEXT      NOT NULL DEFAULT '',
    actor_id    INTEGER   NULL,
    from_status TEXT      NOT NULL DEFAULT '',
    to_status   TEXT      NOT NULL DEFAULT '',
    note        TEXT      NOT NULL DEFAULT '',
    public      BOOLEAN   NOT NULL DEFAULT TRUE,
    payload     TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX events_claim ON events (claim_id, id);
CREATE INDEX events_story ON events (story_id, id);
CREATE INDEX events_source ON events (source_id, id);

-- +goose Down
DROP TABLE events;
DROP TABLE claim_sources;
DROP TABLE evidence;
DROP TABLE sources;
DROP TABLE claims;
DROP TABLE stories;
