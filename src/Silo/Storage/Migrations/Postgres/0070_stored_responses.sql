-- Responses API answers kept with store: true, per tenant, until expires_at (the retention period). The conversation
-- (input items) and the response object are the JSON texts as written, byte for byte; expired rows are purged.
CREATE TABLE IF NOT EXISTS stored_responses (
    id text PRIMARY KEY,
    tenant_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    model text NOT NULL,
    conversation text NOT NULL,
    response text NOT NULL
);
CREATE INDEX IF NOT EXISTS stored_responses_expires_at ON stored_responses (expires_at);
