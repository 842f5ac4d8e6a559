-- As PostgreSQL's 0053: tokens a plan includes each month beside its included USD; NULL: none.
ALTER TABLE plans ADD COLUMN included_tokens INTEGER NULL CHECK (included_tokens >= 0);
