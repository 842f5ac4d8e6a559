-- Attribution and chargeback. Each ledger row carries its request's tags (jsonb, NULL when none) and the attempt's
-- share of its node's busy time (gpu_ms) priced at the node's GPU-hour price when it has one (gpu_cost_micros); the
-- daily rollups add both up. Keys and tenants carry default tags and the tag keys their requests may set; nodes an
-- optional price per GPU-hour. Fast defaults: no rewrite of existing partitions.
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS tags jsonb;
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS gpu_ms double precision NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS gpu_cost_micros bigint NOT NULL DEFAULT 0;
-- Grouping by one tag reads the raw rows of a tenant and range; the GIN index serves a tag filter (tags @> '{...}').
CREATE INDEX IF NOT EXISTS ix_usage_events_tags ON usage_events USING gin (tags jsonb_path_ops);

ALTER TABLE usage_daily ADD COLUMN IF NOT EXISTS gpu_ms double precision NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN IF NOT EXISTS gpu_cost_micros bigint NOT NULL DEFAULT 0;

ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS default_tags jsonb NOT NULL DEFAULT '{}';
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS allowed_tag_keys text[] NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS default_tags jsonb NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS allowed_tag_keys text[] NOT NULL DEFAULT '{}';
ALTER TABLE gpu_nodes ADD COLUMN IF NOT EXISTS gpu_hour_price_micros bigint;
