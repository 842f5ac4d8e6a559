-- Overflow to external providers. A model's policy (never | when_saturated | on_error) and its fallback chain, a JSON
-- array of provider node ids in the order they are tried (NULL: none); a tenant's external_overflow (allow | deny,
-- data residency); and on each ledger row what the provider charged for the attempt (0 for own nodes), beside node_id,
-- which names the provider that served it. Fast defaults: no rewrite of existing partitions.
ALTER TABLE models ADD COLUMN IF NOT EXISTS overflow text NOT NULL DEFAULT 'never';
ALTER TABLE models ADD COLUMN IF NOT EXISTS fallback text NULL;
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS external_overflow text NOT NULL DEFAULT 'allow';
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS provider_cost_micros bigint NOT NULL DEFAULT 0;
