-- The same history as db/sqlite, in PostgreSQL's types.
-- The fact-checker's desk. A claim may be assigned to one editor (NULL: to
-- nobody), and a story carries its list of established facts, in order, as a
-- JSON array of {"text": ..., "source_ids": [...]}.

-- +goose Up
ALTER TABLE claims ADD COLUMN assignee_id BIGINT NULL REFERENCES users (id);
CREATE INDEX claims_assignee ON claims (assignee_id);
ALTER TABLE stories ADD COLUMN facts TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE stories DROP COLUMN facts;
DROP INDEX claims_assignee;
ALTER TABLE claims DROP COLUMN assignee_id;
