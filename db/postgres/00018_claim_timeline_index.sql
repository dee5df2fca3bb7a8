-- An index for a claim's public timeline, read by every claim page
-- (docs/performance.md, "Load test").
--
-- It answers the page of a claim's public events and their count from the
-- index alone. With only events_claim (claim_id, id), the count read every
-- event row of the claim to test public, and PostgreSQL's planner, which
-- takes a claim's events to be spread evenly over the table, walked the
-- primary key backwards for the newest page: on 210,000 events, 480 ms for a
-- claim whose 10,000 events were among the oldest (199,902 rows removed by
-- the filter, EXPLAIN ANALYZE). The store reads a page's ids first, which
-- this index answers on its own, so the planner has no reason left to walk
-- the primary key.

-- +goose Up
CREATE INDEX events_claim_public ON events (claim_id, public, id);

-- +goose Down
DROP INDEX events_claim_public;
