-- A claim's current links in link order, for its pages of sources
-- (docs/performance.md, "Large stories").
--
-- The reader's claim page and GET /api/v1/claims/{id}/sources list a
-- claim's sources 30 at a time in link order (linked_at, then source id),
-- from a cursor. Through the primary key (claim_id, source_id) alone, each
-- page sorted all of the claim's links: 21.7 ms on PostgreSQL for a claim
-- with 20,000 of 120,000 links, against 0.13 ms walking this index from the
-- cursor. Unlinked rows are kept for the timeline but never listed.

-- +goose Up
CREATE INDEX claim_sources_claim_linked ON claim_sources (claim_id, linked_at, source_id) WHERE unlinked_at IS NULL;

-- +goose Down
DROP INDEX claim_sources_claim_linked;
