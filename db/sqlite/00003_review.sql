-- The review queue lives beside the timeline, not in it: events stay
-- immutable while their review items move from open to closed. One item per
-- event at most.

-- +goose Up
CREATE TABLE review_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     INTEGER   NOT NULL UNIQUE REFERENCES events (id),
    state        TEXT      NOT NULL DEFAULT 'open',
    opened_at    TIMESTAMP NOT NULL,
    closed_by    TEXT      NOT NULL DEFAULT '',
    closed_by_id INTEGER   NULL,
    closed_at    TIMESTAMP NULL
);
CREATE INDEX review_items_state ON review_items (state, id);

-- +goose Down
DROP TABLE review_items;
