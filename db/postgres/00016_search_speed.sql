-- Faster search and matching on PostgreSQL, measured on 100,000 claims
-- (docs/performance.md).
--
-- A claim's tsvector is stored (a generated column, computed by the writing
-- statement itself, so it is kept in step in the write's transaction) and
-- the GIN index is over that column: reading which words a claim holds no
-- longer runs to_tsvector again for every row a query returns. A dump
-- leaves generated columns out and the target computes them again.
--
-- GIN indexes stop using a pending list (fastupdate). With it, new entries
-- wait in an unsorted list until a vacuum merges them, and every search
-- reads the whole list: on 100,000 freshly written claims, a 100-word
-- lookup spent 550 ms there and 7 ms in the index proper. A claim is
-- written far more rarely than it is searched, so each write now updates
-- the index itself.

-- +goose Up
ALTER TABLE claims ADD COLUMN search_doc tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text || ' ' || what_would_settle)) STORED;
DROP INDEX claims_search;
CREATE INDEX claims_search ON claims USING GIN (search_doc) WITH (fastupdate = off);
ALTER INDEX stories_search SET (fastupdate = off);
ALTER INDEX stories_facts_search SET (fastupdate = off);
ALTER INDEX evidence_search SET (fastupdate = off);
ALTER INDEX events_note_search SET (fastupdate = off);
SELECT gin_clean_pending_list(i::regclass)
    FROM unnest(ARRAY['stories_search', 'stories_facts_search', 'evidence_search', 'events_note_search']) AS i;

-- +goose Down
DROP INDEX claims_search;
ALTER TABLE claims DROP COLUMN search_doc;
CREATE INDEX claims_search ON claims USING GIN (to_tsvector('english'::regconfig, text || ' ' || what_would_settle));
ALTER INDEX stories_search RESET (fastupdate);
ALTER INDEX stories_facts_search RESET (fastupdate);
ALTER INDEX evidence_search RESET (fastupdate);
ALTER INDEX events_note_search RESET (fastupdate);
