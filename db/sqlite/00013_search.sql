-- Search and claim matching. SQLite's full-text search as mattn/go-sqlite3
-- compiles it without build tags is FTS4 (FTS5 needs the sqlite_fts5 tag,
-- and `go run ./cmd/claimtrack` must keep working as it is). Each searchable
-- table gets an FTS4 index over its text with the porter stemmer; triggers
-- keep it in step inside the writing statement's transaction, and the
-- inserts below build it for the rows already there. External-content
-- indexes (content=...) read old values from the table itself, so their
-- delete triggers run BEFORE the row changes. The indexes are derived data:
-- dumps leave them out and the triggers rebuild them on restore.
--
-- Facts (a story's question-and-answer pairs) live as JSON in
-- stories.context, so their index keeps its own content: pair i of story s is
-- docid s*1000+i. Notes keep their own content too: an external-content index
-- over events would have to hold every event, or fail SQLite's integrity
-- check (which backups run).
--
-- claim_appearances records where a claim was made: the address, the outlet,
-- when, and who made it (the claimant).

-- +goose Up
CREATE VIRTUAL TABLE claims_fts USING fts4(content="claims", text, what_would_settle, tokenize=porter);
CREATE VIRTUAL TABLE stories_fts USING fts4(content="stories", title, summary, tokenize=porter);
CREATE VIRTUAL TABLE evidence_fts USING fts4(content="evidence", summary, quote, tokenize=porter);
CREATE VIRTUAL TABLE notes_fts USING fts4(note, tokenize=porter);
CREATE VIRTUAL TABLE facts_fts USING fts4(question, answer, tokenize=porter);

INSERT INTO claims_fts (docid, text, what_would_settle) SELECT id, text, what_would_settle FROM claims;
INSERT INTO stories_fts (docid, title, summary) SELECT id, title, summary FROM stories;
INSERT INTO evidence_fts (docid, summary, quote) SELECT id, summary, quote FROM evidence;
INSERT INTO notes_fts (docid, note) SELECT id, note FROM events WHERE kind = 'note_added';
INSERT INTO facts_fts (docid, question, answer)
    SELECT s.id * 1000 + j.key, COALESCE(json_extract(j.value, '$.question'), ''), COALESCE(json_extract(j.value, '$.answer'), '')
    FROM stories s, json_each(s.context) j WHERE j.key < 1000;

-- +goose StatementBegin
CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (docid, text, what_would_settle) VALUES (new.id, new.text, new.what_would_settle);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER claims_fts_bu BEFORE UPDATE OF text, what_would_settle ON claims BEGIN
    DELETE FROM claims_fts WHERE docid = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER claims_fts_au AFTER UPDATE OF text, what_would_settle ON claims BEGIN
    INSERT INTO claims_fts (docid, text, what_would_settle) VALUES (new.id, new.text, new.what_would_settle);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER claims_fts_bd BEFORE DELETE ON claims BEGIN
    DELETE FROM claims_fts WHERE docid = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (docid, title, summary) VALUES (new.id, new.title, new.summary);
    INSERT INTO facts_fts (docid, question, answer)
        SELECT new.id * 1000 + key, COALESCE(json_extract(value, '$.question'), ''), COALESCE(json_extract(value, '$.answer'), '')
        FROM json_each(new.context) WHERE key < 1000;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stories_fts_bu BEFORE UPDATE OF title, summary ON stories BEGIN
    DELETE FROM stories_fts WHERE docid = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stories_fts_au AFTER UPDATE OF title, summary ON stories BEGIN
    INSERT INTO stories_fts (docid, title, summary) VALUES (new.id, new.title, new.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER facts_fts_au AFTER UPDATE OF context ON stories BEGIN
    DELETE FROM facts_fts WHERE docid >= old.id * 1000 AND docid < old.id * 1000 + 1000;
    INSERT INTO facts_fts (docid, question, answer)
        SELECT new.id * 1000 + key, COALESCE(json_extract(value, '$.question'), ''), COALESCE(json_extract(value, '$.answer'), '')
        FROM json_each(new.context) WHERE key < 1000;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER stories_fts_bd BEFORE DELETE ON stories BEGIN
    DELETE FROM stories_fts WHERE docid = old.id;
    DELETE FROM facts_fts WHERE docid >= old.id * 1000 AND docid < old.id * 1000 + 1000;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts (docid, summary, quote) VALUES (new.id, new.summary, new.quote);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_fts_bu BEFORE UPDATE OF summary, quote ON evidence BEGIN
    DELETE FROM evidence_fts WHERE docid = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_fts_au AFTER UPDATE OF summary, quote ON evidence BEGIN
    INSERT INTO evidence_fts (docid, summary, quote) VALUES (new.id, new.summary, new.quote);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_fts_bd BEFORE DELETE ON evidence BEGIN
    DELETE FROM evidence_fts WHERE docid = old.id;
END;
-- +goose StatementEnd

-- Events are append-only, but a restore or a test may still remove them.
-- +goose StatementBegin
CREATE TRIGGER notes_fts_ai AFTER INSERT ON events WHEN new.kind = 'note_added' BEGIN
    INSERT INTO notes_fts (docid, note) VALUES (new.id, new.note);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notes_fts_bd BEFORE DELETE ON events WHEN old.kind = 'note_added' BEGIN
    DELETE FROM notes_fts WHERE docid = old.id;
END;
-- +goose StatementEnd

CREATE TABLE claim_appearances (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id    INTEGER   NOT NULL REFERENCES claims (id),
    url         TEXT      NOT NULL DEFAULT '',
    outlet      TEXT      NOT NULL DEFAULT '',
    appeared_at TIMESTAMP NULL,
    claimant    TEXT      NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX claim_appearances_claim ON claim_appearances (claim_id, id);

-- +goose Down
DROP TABLE claim_appearances;
DROP TRIGGER notes_fts_bd;
DROP TRIGGER notes_fts_ai;
DROP TRIGGER evidence_fts_bd;
DROP TRIGGER evidence_fts_au;
DROP TRIGGER evidence_fts_bu;
DROP TRIGGER evidence_fts_ai;
DROP TRIGGER stories_fts_bd;
DROP TRIGGER facts_fts_au;
DROP TRIGGER stories_fts_au;
DROP TRIGGER stories_fts_bu;
DROP TRIGGER stories_fts_ai;
DROP TRIGGER claims_fts_bd;
DROP TRIGGER claims_fts_au;
DROP TRIGGER claims_fts_bu;
DROP TRIGGER claims_fts_ai;
DROP TABLE facts_fts;
DROP TABLE notes_fts;
DROP TABLE evidence_fts;
DROP TABLE stories_fts;
DROP TABLE claims_fts;
