-- Response cache and KV-cache isolation. Tenants and keys carry a cache policy (cache_mode NULL: none; a key's narrows
-- its tenant's) and tenants a kv_isolation switch (their requests carry a cache_salt of their own). Fast defaults.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS cache_mode text;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS cache_ttl_seconds integer NOT NULL DEFAULT 3600;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS cache_similarity double precision NOT NULL DEFAULT 0.9;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS cache_random boolean NOT NULL DEFAULT false;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS kv_isolation boolean NOT NULL DEFAULT false;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS cache_mode text;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS cache_ttl_seconds integer NOT NULL DEFAULT 3600;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS cache_similarity double precision NOT NULL DEFAULT 0.9;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS cache_random boolean NOT NULL DEFAULT false;
