-- Email alerts. A subscriber is one address with the token of its "manage
-- my subscriptions" page; a subscription follows one story or one claim and
-- holds its own one-click unsubscribe token (raw: it is printed in every
-- mail, and it can only end that subscription) and the SHA-256 of its
-- pending confirmation token. alert_outbox holds one row per (subscription,
-- timeline event), written in the transaction of the status change; its
-- unique index keeps an address that follows both a story and its claim to
-- one mail per event. Deleting an address deletes its subscriptions and
-- detaches its outbox rows, which stay as delivery counts.
-- alert_outbox has no foreign keys and as few indexes as will do: a status
-- change writes a row per follower in its transaction, and with 10,000
-- followers the five per-row foreign-key checks (which on PostgreSQL also
-- lock every subscription and subscriber row) and the indexes it had made
-- that insert about 6 times slower. Stories, claims and events are never
-- deleted; subscriptions and subscribers only by DeleteSubscriber, which
-- detaches their rows first.
-- subscription_requests counts subscribe requests per email and per client
-- address (hashed), for the rate limits.

-- +goose Up
CREATE TABLE subscribers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    email        TEXT      NOT NULL UNIQUE,
    manage_token TEXT      NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE subscriptions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber_id      INTEGER   NOT NULL REFERENCES subscribers (id),
    story_id           INTEGER   NULL REFERENCES stories (id),
    claim_id           INTEGER   NULL REFERENCES claims (id),
    unsubscribe_token  TEXT      NOT NULL UNIQUE,
    confirm_hash       TEXT      NULL UNIQUE,
    confirm_expires_at TIMESTAMP NULL,
    created_at         TIMESTAMP NOT NULL,
    confirmed_at       TIMESTAMP NULL,
    ended_at           TIMESTAMP NULL,
    disabled_at        TIMESTAMP NULL,
    permanent_failures INTEGER   NOT NULL DEFAULT 0,
    CHECK ((story_id IS NULL) <> (claim_id IS NULL))
);
CREATE UNIQUE INDEX subscriptions_story_target ON subscriptions (subscriber_id, story_id) WHERE story_id IS NOT NULL;
CREATE UNIQUE INDEX subscriptions_claim_target ON subscriptions (subscriber_id, claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX subscriptions_story ON subscriptions (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX subscriptions_claim ON subscriptions (claim_id) WHERE claim_id IS NOT NULL;

CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id INTEGER   NULL,
    subscriber_id   INTEGER   NULL,
    event_id        INTEGER   NOT NULL,
    story_id        INTEGER   NOT NULL,
    claim_id        INTEGER   NOT NULL,
    -- resolved | corrected | reopened
    kind            TEXT      NOT NULL,
    -- a story subscription's alert that waits out the digest window and
    -- goes out with the others queued for the same subscription
    digest          BOOLEAN   NOT NULL DEFAULT FALSE,
    -- queued | sent | failed | cancelled
    state           TEXT      NOT NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    not_before      TIMESTAMP NOT NULL,
    lease_owner     TEXT      NOT NULL DEFAULT '',
    lease_until     TIMESTAMP NULL,
    last_error      TEXT      NOT NULL DEFAULT '',
    -- the SMTP reply code of the last failure, 0 when there was no reply
    last_code       INTEGER   NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL
);
-- One row per event and address; as a subscription belongs to one address,
-- this also keeps one per event and subscription. Event first: a status
-- change's rows go to the end of the index instead of all over it, and the
-- insert's "no row for this address yet" probe reads one event's entries.
CREATE UNIQUE INDEX alert_outbox_event_subscriber ON alert_outbox (event_id, subscriber_id);
CREATE INDEX alert_outbox_due ON alert_outbox (not_before, id) WHERE state = 'queued';
-- A subscription's waiting rows (digest, unsubscribe, bounces): a small
-- index, as rows leave it once settled.
CREATE INDEX alert_outbox_queued_subscription ON alert_outbox (subscription_id) WHERE state = 'queued';
-- Rows with a failed attempt, for the admin view; empty at insert, so free
-- for the status change.
CREATE INDEX alert_outbox_failures ON alert_outbox (updated_at) WHERE attempts > 0;

CREATE TABLE subscription_requests (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT      NOT NULL,
    key_hash TEXT      NOT NULL,
    at       TIMESTAMP NOT NULL
);
CREATE INDEX subscription_requests_key ON subscription_requests (kind, key_hash, at);
CREATE INDEX subscription_requests_at ON subscription_requests (at);

-- +goose Down
DROP TABLE subscription_requests;
DROP TABLE alert_outbox;
DROP TABLE subscriptions;
DROP TABLE subscribers;
