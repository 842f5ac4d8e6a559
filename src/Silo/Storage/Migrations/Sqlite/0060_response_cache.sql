-- As PostgreSQL's 0060: the cache policy of tenants and keys (cache_mode NULL: none) and the tenants' kv_isolation.
ALTER TABLE tenants ADD COLUMN cache_mode TEXT;
ALTER TABLE tenants ADD COLUMN cache_ttl_seconds INTEGER NOT NULL DEFAULT 3600;
ALTER TABLE tenants ADD COLUMN cache_similarity REAL NOT NULL DEFAULT 0.9;
ALTER TABLE tenants ADD COLUMN cache_random INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN kv_isolation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN cache_mode TEXT;
ALTER TABLE api_keys ADD COLUMN cache_ttl_seconds INTEGER NOT NULL DEFAULT 3600;
ALTER TABLE api_keys ADD COLUMN cache_similarity REAL NOT NULL DEFAULT 0.9;
ALTER TABLE api_keys ADD COLUMN cache_random INTEGER NOT NULL DEFAULT 0;
