ALTER TABLE tenants ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN guaranteed_share REAL;
ALTER TABLE tenants ADD COLUMN max_concurrent INTEGER;
ALTER TABLE api_keys ADD COLUMN priority TEXT NOT NULL DEFAULT 'interactive';
ALTER TABLE api_keys ADD COLUMN max_concurrent INTEGER;
