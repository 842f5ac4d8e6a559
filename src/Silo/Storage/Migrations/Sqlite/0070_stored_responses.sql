-- As PostgreSQL's 0070: Responses API answers kept with store: true (times as unix milliseconds, ids as text).
CREATE TABLE IF NOT EXISTS stored_responses (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    model TEXT NOT NULL,
    conversation TEXT NOT NULL,
    response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stored_responses_expires_at ON stored_responses (expires_at);
