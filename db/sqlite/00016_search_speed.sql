-- Faster search and matching (docs/performance.md). PostgreSQL's half
-- stores the claims' tsvector and turns off the GIN pending lists. An FTS4
-- index grows by segments, one per writing transaction, merged only once
-- 16 pile up at a level, and a query looks every word up in every segment:
-- on 100,000 claims written 2,000 at a time, reading the postings of a
-- 5,000-word article's words took 220-660 ms; 30-140 ms with automerge=2
-- (3 segments left); 18-43 ms once merged into one. So each index is merged
-- into one segment now, and automerge (a setting the index keeps) merges
-- two segments of a level as writes add them.

-- +goose Up
INSERT INTO claims_fts (claims_fts) VALUES ('optimize');
INSERT INTO stories_fts (stories_fts) VALUES ('optimize');
INSERT INTO evidence_fts (evidence_fts) VALUES ('optimize');
INSERT INTO notes_fts (notes_fts) VALUES ('optimize');
INSERT INTO facts_fts (facts_fts) VALUES ('optimize');
INSERT INTO claims_fts (claims_fts) VALUES ('automerge=2');
INSERT INTO stories_fts (stories_fts) VALUES ('automerge=2');
INSERT INTO evidence_fts (evidence_fts) VALUES ('automerge=2');
INSERT INTO notes_fts (notes_fts) VALUES ('automerge=2');
INSERT INTO facts_fts (facts_fts) VALUES ('automerge=2');

-- +goose Down
SELECT 1;
