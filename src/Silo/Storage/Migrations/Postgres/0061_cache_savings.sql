-- What a response-cache hit saved: the cached answer's tokens and their cost at the model's price (the hit itself is
-- billed at the cache price, 0, with no tokens). Fast defaults: no rewrite of existing partitions.
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS saved_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS saved_cost_micros bigint NOT NULL DEFAULT 0;
