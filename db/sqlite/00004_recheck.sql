-- The re-checker's memory. source_check_state carries what one check of a
-- source hands to the next (validators, the baseline hash, the back-off);
-- a source without a row has never been checked and is due at once.
-- source_checks keeps one row per check, and source_snapshots the extracted
-- text (gzip) each time it changed, with the diff against the one before.

-- +goose Up
CREATE TABLE source_check_state (
    source_id        INTEGER   PRIMARY KEY REFERENCES sources (id),
    next_check_at    TIMESTAMP NULL,
    lease_until      TIMESTAMP NULL,
    etag             TEXT      NOT NULL DEFAULT '',
    last_modified    TEXT      NOT NULL DEFAULT '',
    text_hash        TEXT      NOT NULL DEFAULT '',
    extract_version  INTEGER   NOT NULL DEFAULT 0,
    -- JSON array of the times of consecutive 404/410 answers.
    failures         TEXT      NOT NULL DEFAULT '[]',
    unchanged_streak INTEGER   NOT NULL DEFAULT 0,
    last_change_at   TIMESTAMP NULL
);
CREATE INDEX source_check_state_due ON source_check_state (next_check_at);

CREATE TABLE source_checks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id       INTEGER   NOT NULL REFERENCES sources (id),
    at              TIMESTAMP NOT NULL,
    status_code     INTEGER   NOT NULL DEFAULT 0,
    final_url       TEXT      NOT NULL DEFAULT '',
    remote_addr     TEXT      NOT NULL DEFAULT '',
    content_type    TEXT      NOT NULL DEFAULT '',
    duration_ms     INTEGER   NOT NULL DEFAULT 0,
    etag            TEXT      NOT NULL DEFAULT '',
    last_modified   TEXT      NOT NULL DEFAULT '',
    title           TEXT      NOT NULL DEFAULT '',
    canonical       TEXT      NOT NULL DEFAULT '',
    extract_version INTEGER   NOT NULL DEFAULT 0,
    text_hash       TEXT      NOT NULL DEFAULT '',
    state           TEXT      NOT NULL,
    error           TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX source_checks_source ON source_checks (source_id, id);

CREATE TABLE source_snapshots (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER   NOT NULL REFERENCES sources (id),
    at        TIMESTAMP NOT NULL,
    text_gz   BLOB      NOT NULL,
    diff      TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX source_snapshots_source ON source_snapshots (source_id, id);

-- +goose Down
DROP TABLE source_snapshots;
DROP TABLE source_checks;
DROP TABLE source_check_state;
