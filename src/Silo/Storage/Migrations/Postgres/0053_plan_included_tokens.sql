-- Tokens (prompt + completion) a plan includes each month beside its included USD; NULL: none.
ALTER TABLE plans ADD COLUMN included_tokens BIGINT NULL CHECK (included_tokens >= 0);
