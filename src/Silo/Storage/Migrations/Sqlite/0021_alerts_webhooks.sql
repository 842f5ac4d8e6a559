-- As PostgreSQL's 0021: alert rules, the outbox of outgoing events, webhooks, their deliveries and delivery log.
CREATE TABLE alert_rules (
    scope          TEXT             NOT NULL,
    scope_id       TEXT             NOT NULL,
    thresholds     TEXT             NOT NULL,
    anomaly_factor REAL,
    updated_at     INTEGER      NOT NULL,
    PRIMARY KEY (scope, scope_id)
);

CREATE TABLE outbox_events (
    event_id   TEXT        PRIMARY KEY,
    tenant_id  TEXT,
    kind       TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhooks (
    id         TEXT        PRIMARY KEY,
    tenant_id  TEXT        REFERENCES tenants (id) ON DELETE CASCADE,
    url        TEXT        NOT NULL,
    secret     TEXT        NOT NULL,
    events     TEXT        NOT NULL,
    format     TEXT        NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    event_id        TEXT        NOT NULL REFERENCES outbox_events (event_id) ON DELETE CASCADE,
    webhook_id      TEXT        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    attempts        INTEGER     NOT NULL,
    status          TEXT        NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_status     INTEGER,
    last_error      text,
    delivered_at    INTEGER,
    PRIMARY KEY (event_id, webhook_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_delivery_attempts (
    event_id    TEXT             NOT NULL,
    webhook_id  TEXT             NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    attempt     INTEGER          NOT NULL,
    at          INTEGER      NOT NULL,
    status_code INTEGER,
    error       text,
    duration_ms REAL NOT NULL,
    PRIMARY KEY (event_id, webhook_id, attempt)
);
CREATE INDEX ix_webhook_delivery_attempts_webhook ON webhook_delivery_attempts (webhook_id, at);
