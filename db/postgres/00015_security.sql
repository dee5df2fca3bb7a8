-- Security review (issue 17). auth_keys holds server-side secrets shared by
-- every instance, such as the key device cookies are signed with.

-- +goose Up
CREATE TABLE auth_keys (
    name   TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);

-- +goose Down
DROP TABLE auth_keys;
