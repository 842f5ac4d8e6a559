-- Fair share at saturation: a tenant's weight (default 1) and guaranteed share (NULL: none) in a model's wait queue, a
-- key's priority class (interactive before batch), and a cap on requests running at once for tenants and keys
-- (NULL: none).
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS weight integer NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS guaranteed_share double precision;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS max_concurrent integer;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS priority text NOT NULL DEFAULT 'interactive';
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS max_concurrent integer;
