-- As PostgreSQL's 0061: the tokens and cost a response-cache hit saved.
ALTER TABLE usage_events ADD COLUMN saved_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN saved_cost_micros INTEGER NOT NULL DEFAULT 0;
