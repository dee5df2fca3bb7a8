-- Watches: what the re-checker looks for in a claim's sources on the
-- claim's behalf. claim_watches holds each claim's set as one JSON document
-- with a version, so an editor's stale form is refused rather than merged;
-- signal_states holds what each watch (and each quoted passage) last saw on
-- each source, so a check reports only what is new. Checks also record
-- why an answer that looked fine was not the page, and a source can be
-- paused.

-- +goose Up
-- Why an answer that looked fine was not taken as the page ("bot_wall",
-- "soft_404").
ALTER TABLE source_checks ADD COLUMN finding TEXT NOT NULL DEFAULT '';
-- A paused source is shown but never fetched (the demo's made-up addresses).
ALTER TABLE sources ADD COLUMN checks_paused BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE claim_watches (
    claim_id   INTEGER   PRIMARY KEY REFERENCES claims (id),
    version    INTEGER   NOT NULL,
    -- {"phrases": [...], "numbers": [{"label", "source_id", "pattern", "selector", "comparison", "propose"}]}
    doc        TEXT      NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT      NOT NULL DEFAULT ''
);

CREATE TABLE signal_states (
    claim_id   INTEGER   NOT NULL REFERENCES claims (id),
    source_id  INTEGER   NOT NULL REFERENCES sources (id),
    signal_key TEXT      NOT NULL,
    state      TEXT      NOT NULL,
    value      TEXT      NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (claim_id, source_id, signal_key)
);
CREATE INDEX signal_states_source ON signal_states (source_id);

-- +goose Down
DROP TABLE signal_states;
DROP TABLE claim_watches;
ALTER TABLE sources DROP COLUMN checks_paused;
ALTER TABLE source_checks DROP COLUMN finding;
