-- Security review (issue 17).
--
-- auth_keys holds server-side secrets shared by every instance, such as the
-- key device cookies are signed with.
--
-- Subscribers' manage tokens and subscriptions' unsubscribe tokens were
-- kept raw, so a database file, dump or backup could end others'
-- subscriptions or read what they follow. Now only SHA-256 hashes are kept:
-- subscriber_tokens holds one row per link token handed out (each alert
-- mail gets fresh ones), and the renamed columns keep the hash of each
-- row's first token (they are unique, and SQLite cannot drop a unique
-- column). The raw tokens already mailed are hashed by claimtrack right
-- after this migration (SQLite has no SHA-256 in SQL): see
-- store.hashLegacyLinkTokens. Links in mails already sent keep working.

-- +goose Up
-- Sessions end after a while unused (last_seen_at), and admin actions ask
-- for the password again unless it was typed recently (verified_at).
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP NULL;
ALTER TABLE sessions ADD COLUMN verified_at TIMESTAMP NULL;
UPDATE sessions SET last_seen_at = created_at, verified_at = created_at;

CREATE TABLE auth_keys (
    name   TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);

ALTER TABLE subscribers RENAME COLUMN manage_token TO manage_hash;
ALTER TABLE subscriptions RENAME COLUMN unsubscribe_token TO unsubscribe_hash;
-- Marked for claimtrack to hash (see above).
UPDATE subscribers SET manage_hash = 'raw:' || manage_hash;
UPDATE subscriptions SET unsubscribe_hash = 'raw:' || unsubscribe_hash;

CREATE TABLE subscriber_tokens (
    hash            TEXT      PRIMARY KEY,
    -- manage | unsubscribe
    kind            TEXT      NOT NULL,
    subscriber_id   INTEGER   NOT NULL REFERENCES subscribers (id),
    subscription_id INTEGER   NULL REFERENCES subscriptions (id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX subscriber_tokens_subscriber ON subscriber_tokens (subscriber_id);

-- +goose Down
DROP TABLE subscriber_tokens;
-- Links mailed before the Up still have their hash here; the old code
-- needs tokens, which are gone, so their links stop working.
ALTER TABLE subscriptions RENAME COLUMN unsubscribe_hash TO unsubscribe_token;
ALTER TABLE subscribers RENAME COLUMN manage_hash TO manage_token;
DROP TABLE auth_keys;
ALTER TABLE sessions DROP COLUMN verified_at;
ALTER TABLE sessions DROP COLUMN last_seen_at;
