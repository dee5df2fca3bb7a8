-- Each claim's count of its events, and of its public ones, kept by triggers
-- (docs/performance.md, "The scaling table").
--
-- A claim's page says "The newest 50 of 10,001 events". Counted with
-- COUNT(*), that read every event of the claim off events_claim_public: on
-- PostgreSQL the page of a claim with 10,000 events cost 3.4 times the page
-- of one with 100. Triggers keep the counts in the transaction of every
-- insert, delete or move of an event, whichever path writes it (the
-- service, the bulk seeding, a restore), so the page reads one row.

--
-- And an index of each claim's public events that set a status, for its
-- verdict (LatestStatusEvents, read by the claim and story pages): found by
-- walking back through the claim's public events, it read every note and
-- re-check finding since the last status change, all 10,000 of a claim
-- whose status came with its creation.

-- +goose Up
CREATE INDEX events_claim_status ON events (claim_id, id)
    WHERE public AND to_status <> '' AND kind IN ('status_changed', 'claim_created');
ALTER TABLE claims ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN public_event_count INTEGER NOT NULL DEFAULT 0;
UPDATE claims SET
    event_count = (SELECT COUNT(*) FROM events WHERE claim_id = claims.id),
    public_event_count = (SELECT COUNT(*) FROM events WHERE claim_id = claims.id AND public);

-- +goose StatementBegin
CREATE TRIGGER events_count_ai AFTER INSERT ON events WHEN new.claim_id IS NOT NULL BEGIN
    UPDATE claims SET event_count = event_count + 1,
        public_event_count = public_event_count + (CASE WHEN new.public THEN 1 ELSE 0 END)
    WHERE id = new.claim_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_count_ad AFTER DELETE ON events WHEN old.claim_id IS NOT NULL BEGIN
    UPDATE claims SET event_count = event_count - 1,
        public_event_count = public_event_count - (CASE WHEN old.public THEN 1 ELSE 0 END)
    WHERE id = old.claim_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_count_au AFTER UPDATE OF claim_id, public ON events BEGIN
    UPDATE claims SET event_count = event_count - 1,
        public_event_count = public_event_count - (CASE WHEN old.public THEN 1 ELSE 0 END)
    WHERE id = old.claim_id;
    UPDATE claims SET event_count = event_count + 1,
        public_event_count = public_event_count + (CASE WHEN new.public THEN 1 ELSE 0 END)
    WHERE id = new.claim_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP INDEX events_claim_status;
DROP TRIGGER events_count_au;
DROP TRIGGER events_count_ad;
DROP TRIGGER events_count_ai;
ALTER TABLE claims DROP COLUMN public_event_count;
ALTER TABLE claims DROP COLUMN event_count;
