-- What billing needs on each ledger row beyond 0002: whether the response came from the cache (false until the cache
-- lands) and how long the request waited for a node. The node that served is node_id (0002). Fast defaults: no rewrite
-- of existing partitions.
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS cache_hit boolean NOT NULL DEFAULT false;
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS queued_ms double precision NOT NULL DEFAULT 0;
