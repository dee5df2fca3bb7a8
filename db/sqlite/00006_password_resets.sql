-- Password resets by email. password_resets holds one row per link sent,
-- under the hex SHA-256 of its token, never the token itself; used_at burns
-- it. password_reset_requests counts requests per email and per client
-- address (hashed, as login attempts are) over an hour: a table of its own
-- because login pruning keeps only the login window, which is shorter.

-- +goose Up
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    hash       TEXT      NOT NULL UNIQUE,
    user_id    INTEGER   NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE TABLE password_reset_requests (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT      NOT NULL,
    key_hash TEXT      NOT NULL,
    at       TIMESTAMP NOT NULL
);
CREATE INDEX password_reset_requests_key ON password_reset_requests (kind, key_hash, at);
CREATE INDEX password_reset_requests_at ON password_reset_requests (at);

-- +goose Down
DROP TABLE password_reset_requests;
DROP TABLE password_resets;
