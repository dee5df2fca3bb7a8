-- An index of the sources never checked, for a sweep's leases
-- (docs/performance.md, "1×, 10× and 100×").
--
-- A sweep leases the never-checked sources 100 at a time in id order. Found
-- through a LEFT JOIN on source_check_state alone, each lease read sources
-- from the first id past every one already checked: a sweep of N new
-- sources cost O(N²), 67 ms a lease on SQLite with 99,000 of 100,000
-- checked, and on PostgreSQL a join of all 100,000 for every lease. A check
-- sets sources.last_checked_at, which takes the source out of this index, so
-- a lease walks it from the start and reads only sources still to check.

-- +goose Up
CREATE INDEX sources_never_checked ON sources (id) WHERE last_checked_at IS NULL AND url <> '';

-- +goose Down
DROP INDEX sources_never_checked;
