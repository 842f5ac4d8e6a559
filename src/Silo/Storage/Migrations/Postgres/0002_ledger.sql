-- The usage ledger: one row per request attempt, append-only, partitioned by month (partitions are created
-- by the ledger writer ahead of time and on demand; retention drops whole old partitions).
-- A unique key on a partitioned table must contain the partition key, so the key is (event_id, ts): an event
-- always carries the same ts, which is what makes a replayed event a conflict.
CREATE TABLE usage_events (
    event_id          uuid             NOT NULL,
    ts                timestamptz      NOT NULL,
    request_id        text             NOT NULL,
    attempt           integer          NOT NULL,
    tenant_id         uuid             NOT NULL,
    api_key_id        uuid             NOT NULL,
    model             text             NOT NULL,
    node_id           text             NOT NULL,
    prompt_tokens     integer          NOT NULL,
    completion_tokens integer          NOT NULL,
    cost_micros       bigint           NOT NULL,
    status            text             NOT NULL,
    http_status       integer          NOT NULL,
    ttft_ms           double precision NULL,
    duration_ms       double precision NOT NULL,
    silo_id           text             NOT NULL,
    PRIMARY KEY (event_id, ts)
) PARTITION BY RANGE (ts);

CREATE INDEX ix_usage_events_tenant_ts ON usage_events (tenant_id, ts);
CREATE INDEX ix_usage_events_key_ts ON usage_events (api_key_id, ts);

-- Daily rollups per tenant/key/model, added to in the same statement that inserts the raw rows (counting only
-- rows actually inserted). Analytics read only this table. ttft_hNN count attempts whose time to first token
-- fell in bucket NN (upper bounds in TtftHistogram.cs), enough for approximate percentiles over any range.
CREATE TABLE usage_daily (
    tenant_id         uuid             NOT NULL,
    day               date             NOT NULL,
    api_key_id        uuid             NOT NULL,
    model             text             NOT NULL,
    requests          bigint           NOT NULL,
    prompt_tokens     bigint           NOT NULL,
    completion_tokens bigint           NOT NULL,
    cost_micros       bigint           NOT NULL,
    errors            bigint           NOT NULL,
    ttft_count        bigint           NOT NULL,
    ttft_sum_ms       double precision NOT NULL,
    ttft_h00 bigint NOT NULL, ttft_h01 bigint NOT NULL, ttft_h02 bigint NOT NULL, ttft_h03 bigint NOT NULL,
    ttft_h04 bigint NOT NULL, ttft_h05 bigint NOT NULL, ttft_h06 bigint NOT NULL, ttft_h07 bigint NOT NULL,
    ttft_h08 bigint NOT NULL, ttft_h09 bigint NOT NULL, ttft_h10 bigint NOT NULL, ttft_h11 bigint NOT NULL,
    PRIMARY KEY (tenant_id, day, api_key_id, model)
);

CREATE INDEX ix_usage_daily_day ON usage_daily (day);
CREATE INDEX ix_usage_daily_key_day ON usage_daily (api_key_id, day);
