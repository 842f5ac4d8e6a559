-- As PostgreSQL's 0008: cache_hit (0/1, false until the cache lands) and the time the request waited for a node.
ALTER TABLE usage_events ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN queued_ms REAL NOT NULL DEFAULT 0;
