-- A model's cache price: micro-dollars billed per answer from the response cache (default 0), part of each price in
-- the model's history like the token prices. A fast default: no rewrite of the table.
ALTER TABLE model_prices ADD COLUMN IF NOT EXISTS cache_hit_micros bigint NOT NULL DEFAULT 0;
