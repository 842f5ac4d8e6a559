-- Limits and budgets live in the key and tenant grains now (one activation each in the cluster), and registry changes
-- reach the silos through the registry grain: the lease tables, their functions and the LISTEN/NOTIFY triggers of
-- the per-silo design go.
DROP TRIGGER IF EXISTS api_keys_notify ON api_keys;
DROP TRIGGER IF EXISTS tenants_notify ON tenants;
DROP FUNCTION IF EXISTS gatolink_notify_directory();
DROP FUNCTION IF EXISTS quota_acquire(text, text, text, bigint, bigint, timestamptz, bigint, integer, text, bigint, bigint);
DROP FUNCTION IF EXISTS quota_return(text, text, text, text, bigint, timestamptz);
DROP TABLE IF EXISTS quota_leases;
DROP TABLE IF EXISTS quota_silos;
DROP TABLE IF EXISTS quota_rows;
