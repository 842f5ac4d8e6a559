-- As PostgreSQL's 0062: micro-dollars billed per answer from the response cache (default 0).
ALTER TABLE model_prices ADD COLUMN cache_hit_micros INTEGER NOT NULL DEFAULT 0;
