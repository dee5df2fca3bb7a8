-- A check whose body passed the size cap (10 MiB after decompression) read only
-- its start; editors should know the text they compare is partial.

-- +goose Up
ALTER TABLE source_checks ADD COLUMN truncated BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE source_checks DROP COLUMN truncated;
