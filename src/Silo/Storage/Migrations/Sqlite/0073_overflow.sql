-- As PostgreSQL's 0073: a model's overflow policy and fallback chain, a tenant's external_overflow, the provider's cost
-- of each ledger row.
ALTER TABLE models ADD COLUMN overflow TEXT NOT NULL DEFAULT 'never';
ALTER TABLE models ADD COLUMN fallback TEXT NULL;
ALTER TABLE tenants ADD COLUMN external_overflow TEXT NOT NULL DEFAULT 'allow';
ALTER TABLE usage_events ADD COLUMN provider_cost_micros INTEGER NOT NULL DEFAULT 0;
