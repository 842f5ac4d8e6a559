-- Times are unix milliseconds (INTEGER, sortable); GUIDs are lower-case TEXT; lists are JSON TEXT.
CREATE TABLE tenants (
    id                  TEXT    NOT NULL PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE,
    rpm                 INTEGER NULL,
    tpm                 INTEGER NULL,
    daily_cost_micros   INTEGER NULL,
    monthly_cost_micros INTEGER NULL,
    monthly_tokens      INTEGER NULL,
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id                  TEXT    NOT NULL PRIMARY KEY,
    tenant_id           TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    prefix              TEXT    NOT NULL,
    secret_hash         BLOB    NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    role                TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    expires_at          INTEGER NULL,
    rpm                 INTEGER NULL,
    tpm                 INTEGER NULL,
    daily_cost_micros   INTEGER NULL,
    monthly_cost_micros INTEGER NULL,
    monthly_tokens      INTEGER NULL,
    allowed_models      TEXT    NOT NULL DEFAULT '[]',
    created_at          INTEGER NOT NULL
);

CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id);

CREATE TABLE models (
    name               TEXT    NOT NULL PRIMARY KEY,
    aliases            TEXT    NOT NULL DEFAULT '[]',
    context_length     INTEGER NOT NULL,
    default_max_tokens INTEGER NOT NULL,
    strategy           TEXT    NOT NULL,
    created_at         INTEGER NOT NULL
);

-- No FK to models: prices are history and outlive a model's registry entry.
CREATE TABLE model_prices (
    model                      TEXT    NOT NULL,
    input_micros_per_million   INTEGER NOT NULL,
    output_micros_per_million  INTEGER NOT NULL,
    effective_from             INTEGER NOT NULL,
    PRIMARY KEY (model, effective_from)
);

CREATE TABLE gpu_nodes (
    id         TEXT    NOT NULL PRIMARY KEY,
    base_url   TEXT    NOT NULL,
    engine     TEXT    NOT NULL,
    models     TEXT    NOT NULL DEFAULT '[]',
    vram_gb    REAL    NOT NULL,
    labels     TEXT    NOT NULL DEFAULT '{}',
    draining   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
