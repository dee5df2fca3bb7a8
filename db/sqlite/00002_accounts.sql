-- Accounts: users, server-side sessions, API tokens, login throttling and
-- the one-time setup of the first admin. Secrets (session ids, tokens) are
-- stored as hex SHA-256 only; login attempts keep a hash of the email or
-- address, never the text, because people type passwords into email fields.

-- +goose Up
-- email is stored normalised (trimmed, lower-case), so UNIQUE is enough.
-- role has no CHECK constraint: the domain validates it, and a new role
-- should not need a table rebuild.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT      NOT NULL UNIQUE,
    name          TEXT      NOT NULL,
    role          TEXT      NOT NULL,
    password_hash TEXT      NOT NULL,
    disabled      BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    id_hash    TEXT      NOT NULL UNIQUE,
    user_id    INTEGER   NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at   TIMESTAMP NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    hash         TEXT      NOT NULL UNIQUE,
    user_id      INTEGER   NOT NULL REFERENCES users (id),
    name         TEXT      NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NULL,
    revoked_at   TIMESTAMP NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

-- One row per attempt and kind (account, address); ids order the attempts
-- so that simultaneous ones count each other exactly once.
CREATE TABLE login_attempts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT      NOT NULL,
    key_hash TEXT      NOT NULL,
    at       TIMESTAMP NOT NULL,
    success  BOOLEAN   NOT NULL DEFAULT FALSE
);
CREATE INDEX login_attempts_key ON login_attempts (kind, key_hash, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

CREATE TABLE setup_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    hash       TEXT      NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE setup_tokens;
DROP TABLE login_attempts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
