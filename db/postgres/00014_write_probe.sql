-- The same history as db/sqlite, in PostgreSQL's types.
-- /readyz proves that writes work by committing one tiny write at most every
-- few seconds: the time of the last probe, in the table's one row.

-- +goose Up
CREATE TABLE write_probe (
    id INTEGER PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE write_probe;
