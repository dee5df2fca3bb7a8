-- Readers look articles up by their canonical address too (GET /lookup),
-- so that column needs an index of its own; most checks record none.

-- +goose Up
CREATE INDEX source_checks_canonical ON source_checks (canonical) WHERE canonical <> '';

-- +goose Down
DROP INDEX source_checks_canonical;
