-- The usage ledger, as in PostgreSQL but without partitioning. ts is unix milliseconds; day is 'yyyy-MM-dd' (UTC).
CREATE TABLE usage_events (
    event_id          TEXT    NOT NULL PRIMARY KEY,
    ts                INTEGER NOT NULL,
    request_id        TEXT    NOT NULL,
    attempt           INTEGER NOT NULL,
    tenant_id         TEXT    NOT NULL,
    api_key_id        TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    node_id           TEXT    NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_micros       INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    http_status       INTEGER NOT NULL,
    ttft_ms           REAL    NULL,
    duration_ms       REAL    NOT NULL,
    silo_id           TEXT    NOT NULL
);

CREATE INDEX ix_usage_events_tenant_ts ON usage_events (tenant_id, ts);
CREATE INDEX ix_usage_events_key_ts ON usage_events (api_key_id, ts);

CREATE TABLE usage_daily (
    tenant_id         TEXT    NOT NULL,
    day               TEXT    NOT NULL,
    api_key_id        TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    requests          INTEGER NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_micros       INTEGER NOT NULL,
    errors            INTEGER NOT NULL,
    ttft_count        INTEGER NOT NULL,
    ttft_sum_ms       REAL    NOT NULL,
    ttft_h00 INTEGER NOT NULL, ttft_h01 INTEGER NOT NULL, ttft_h02 INTEGER NOT NULL, ttft_h03 INTEGER NOT NULL,
    ttft_h04 INTEGER NOT NULL, ttft_h05 INTEGER NOT NULL, ttft_h06 INTEGER NOT NULL, ttft_h07 INTEGER NOT NULL,
    ttft_h08 INTEGER NOT NULL, ttft_h09 INTEGER NOT NULL, ttft_h10 INTEGER NOT NULL, ttft_h11 INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, day, api_key_id, model)
);

CREATE INDEX ix_usage_daily_day ON usage_daily (day);
CREATE INDEX ix_usage_daily_key_day ON usage_daily (api_key_id, day);
