-- Embedded mode keeps quota rows in memory (one silo); only the audit log is durable here.
-- Times are unix milliseconds, GUIDs lower-case TEXT, as in 0001.
CREATE TABLE audit_log (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    actor_key_id TEXT    NULL,
    tenant_id    TEXT    NULL,
    action       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    before_json  TEXT    NULL,
    after_json   TEXT    NULL
);

CREATE INDEX ix_audit_log_tenant_at ON audit_log (tenant_id, at);
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Old secrets of rotated keys, valid until expires_at (rotation with a grace period).
CREATE TABLE api_key_grace (
    secret_hash BLOB    NOT NULL PRIMARY KEY,
    key_id      TEXT    NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL
);
