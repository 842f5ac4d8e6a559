-- Alerts and the outbox of outgoing events. alert_rules: a key's or tenant's budget thresholds (percent) and spend
-- anomaly factor; no row means the defaults. outbox_events: every event to deliver, idempotent by event_id (a budget
-- crossing's id is derived from its scope, budget, window and threshold, so raising it twice stores it once).
-- webhooks: receivers (tenant_id NULL: every tenant's events; events ',a,b,' or '*'); webhook_deliveries: one row per
-- event and receiver with its retry state; webhook_delivery_attempts: the delivery log.
CREATE TABLE alert_rules (
    scope          text             NOT NULL,
    scope_id       uuid             NOT NULL,
    thresholds     text             NOT NULL,
    anomaly_factor double precision,
    updated_at     timestamptz      NOT NULL,
    PRIMARY KEY (scope, scope_id)
);

CREATE TABLE outbox_events (
    event_id   uuid        PRIMARY KEY,
    tenant_id  uuid,
    kind       text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE webhooks (
    id         uuid        PRIMARY KEY,
    tenant_id  uuid        REFERENCES tenants (id) ON DELETE CASCADE,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    events     text        NOT NULL,
    format     text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    event_id        uuid        NOT NULL REFERENCES outbox_events (event_id) ON DELETE CASCADE,
    webhook_id      uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    attempts        integer     NOT NULL,
    status          text        NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    PRIMARY KEY (event_id, webhook_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_delivery_attempts (
    event_id    uuid             NOT NULL,
    webhook_id  uuid             NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    attempt     integer          NOT NULL,
    at          timestamptz      NOT NULL,
    status_code integer,
    error       text,
    duration_ms double precision NOT NULL,
    PRIMARY KEY (event_id, webhook_id, attempt)
);
CREATE INDEX ix_webhook_delivery_attempts_webhook ON webhook_delivery_attempts (webhook_id, at);
