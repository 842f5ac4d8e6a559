-- As PostgreSQL's 0052: a plan's own prices of some models, a JSON array written with the plan's row. NULL: none.
ALTER TABLE plans ADD COLUMN model_prices TEXT NULL;
