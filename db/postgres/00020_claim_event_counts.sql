-- Each claim's count of its events, and of its public ones, kept by a
-- trigger (docs/performance.md, "The scaling table").
--
-- A claim's page says "The newest 50 of 10,001 events". Counted with
-- COUNT(*), that read every event of the claim off events_claim_public: the
-- page of a claim with 10,000 events cost 3.4 times the page of one with
-- 100. The trigger keeps the counts in the transaction of every insert,
-- delete or move of an event, whichever path writes it (the service, the
-- bulk seeding, a restore), so the page reads one row.

--
-- And an index of each claim's public events that set a status, for its
-- verdict (LatestStatusEvents, read by the claim and story pages): found by
-- walking back through the claim's public events, it read every note and
-- re-check finding since the last status change, all 10,000 of a claim
-- whose status came with its creation.

-- +goose Up
CREATE INDEX events_claim_status ON events (claim_id, id)
    WHERE public AND to_status <> '' AND kind IN ('status_changed', 'claim_created');
ALTER TABLE claims ADD COLUMN event_count BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN public_event_count BIGINT NOT NULL DEFAULT 0;
UPDATE claims c SET event_count = n.total, public_event_count = n.public
FROM (SELECT claim_id, COUNT(*) AS total, COUNT(*) FILTER (WHERE public) AS public
      FROM events WHERE claim_id IS NOT NULL GROUP BY claim_id) n
WHERE c.id = n.claim_id;

-- +goose StatementBegin
CREATE FUNCTION events_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE claims SET event_count = event_count - 1,
            public_event_count = public_event_count - (CASE WHEN OLD.public THEN 1 ELSE 0 END)
        WHERE id = OLD.claim_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE claims SET event_count = event_count + 1,
            public_event_count = public_event_count + (CASE WHEN NEW.public THEN 1 ELSE 0 END)
        WHERE id = NEW.claim_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER events_count AFTER INSERT OR DELETE OR UPDATE OF claim_id, public ON events
    FOR EACH ROW EXECUTE FUNCTION events_count();

-- +goose Down
DROP INDEX events_claim_status;
DROP TRIGGER events_count ON events;
DROP FUNCTION events_count();
ALTER TABLE claims DROP COLUMN public_event_count, DROP COLUMN event_count;
