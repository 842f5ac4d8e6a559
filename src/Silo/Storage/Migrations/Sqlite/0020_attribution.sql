-- As PostgreSQL's 0020: request tags (JSON text, NULL when none), the attempt's GPU time and its cost on the ledger
-- rows and rollups; default tags and allowed tag keys on keys and tenants; a node's optional price per GPU-hour.
ALTER TABLE usage_events ADD COLUMN tags TEXT;
ALTER TABLE usage_events ADD COLUMN gpu_ms REAL NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN gpu_cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN gpu_ms REAL NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN gpu_cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN default_tags TEXT NOT NULL DEFAULT '{}';
ALTER TABLE api_keys ADD COLUMN allowed_tag_keys TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tenants ADD COLUMN default_tags TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN allowed_tag_keys TEXT NOT NULL DEFAULT '[]';
ALTER TABLE gpu_nodes ADD COLUMN gpu_hour_price_micros INTEGER;
