-- Webhooks. An endpoint is an HTTPS URL an admin registered with the event
-- kinds it wants and the secret its deliveries are signed with (kept raw:
-- every delivery needs it to sign). webhook_deliveries is the endpoints'
-- outbox: one row per (endpoint, timeline event, kind), written in the event's
-- transaction with the exact body that will be sent, then leased and posted
-- by a worker, with the answer of every attempt's last try kept as the
-- endpoint's delivery log.

-- +goose Up
CREATE TABLE webhook_endpoints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT      NOT NULL,
    -- the kinds wanted, as a JSON array of strings
    kinds      TEXT      NOT NULL,
    secret     TEXT      NOT NULL,
    active     BOOLEAN   NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT      NOT NULL DEFAULT ''
);

CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id INTEGER   NOT NULL REFERENCES webhook_endpoints (id),
    event_id    INTEGER   NOT NULL REFERENCES events (id),
    -- the event kind delivered (claim_resolved is a status_changed event
    -- seen by an endpoint that asked for resolutions)
    kind        TEXT      NOT NULL,
    body        TEXT      NOT NULL,
    -- queued | delivered | failed
    state       TEXT      NOT NULL,
    attempts    INTEGER   NOT NULL DEFAULT 0,
    not_before  TIMESTAMP NOT NULL,
    lease_owner TEXT      NOT NULL DEFAULT '',
    lease_until TIMESTAMP NULL,
    -- the last attempt's HTTP status (0: no answer) and error or answer
    last_status INTEGER   NOT NULL DEFAULT 0,
    last_error  TEXT      NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP NULL
);
CREATE UNIQUE INDEX webhook_deliveries_endpoint_event ON webhook_deliveries (endpoint_id, event_id, kind);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (not_before, id) WHERE state = 'queued';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, id);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
