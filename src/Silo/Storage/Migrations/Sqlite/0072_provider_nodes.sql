-- As PostgreSQL's 0072: external provider nodes, their API key as Data Protection ciphertext, their prices per model.
ALTER TABLE gpu_nodes ADD COLUMN external INTEGER NOT NULL DEFAULT 0;
ALTER TABLE gpu_nodes ADD COLUMN credential TEXT NULL;
ALTER TABLE gpu_nodes ADD COLUMN provider_prices TEXT NULL;
