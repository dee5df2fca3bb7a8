-- The outbox of transactional mail (subscription confirmations, password
-- resets, login-throttle notices): a row is written in the transaction of
-- the request that owes the mail, then leased and sent by a worker, retried
-- like alerts. A row names what the mail is about, never its address or a
-- link: the link's token is minted, and only its hash stored, when the mail
-- is sent. No foreign keys: a row whose subscription or user is gone is
-- cancelled when its turn comes.

-- +goose Up
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- subscription_confirm | password_reset | login_throttled
    kind            TEXT      NOT NULL,
    subscription_id INTEGER    NULL,
    user_id         INTEGER    NULL,
    wait_seconds    INTEGER   NOT NULL DEFAULT 0,
    -- queued | sent | failed | cancelled
    state           TEXT      NOT NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    not_before      TIMESTAMP NOT NULL,
    lease_owner     TEXT      NOT NULL DEFAULT '',
    lease_until     TIMESTAMP NULL,
    last_error      TEXT      NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (not_before, id) WHERE state = 'queued';

-- +goose Down
DROP TABLE mail_outbox;
