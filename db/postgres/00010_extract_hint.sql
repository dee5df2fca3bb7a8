-- The same history as db/sqlite, in PostgreSQL's types.
-- The re-checker remembers which elements of a source's page held the
-- article (an extract hint, opaque to everything but internal/recheck/extract),
-- so that the next check of an unchanged layout can read them without
-- running readability again. Empty means nothing remembered.

-- +goose Up
ALTER TABLE source_check_state ADD COLUMN extract_hint TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE source_check_state DROP COLUMN extract_hint;
