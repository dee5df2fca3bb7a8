-- Faster search and matching (docs/performance.md). PostgreSQL's half
-- stores the claims' tsvector and turns off the GIN pending lists; SQLite's
-- FTS4 indexes already store their terms and merge their segments as they
-- grow. Here each index is merged into one segment once, so that a word is
-- one b-tree lookup, not one per segment left by the rows written so far.

-- +goose Up
INSERT INTO claims_fts (claims_fts) VALUES ('optimize');
INSERT INTO stories_fts (stories_fts) VALUES ('optimize');
INSERT INTO evidence_fts (evidence_fts) VALUES ('optimize');
INSERT INTO notes_fts (notes_fts) VALUES ('optimize');
INSERT INTO facts_fts (facts_fts) VALUES ('optimize');

-- +goose Down
SELECT 1;
