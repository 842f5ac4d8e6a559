CREATE TABLE tenants (
    id                  uuid        NOT NULL PRIMARY KEY,
    name                text        NOT NULL UNIQUE,
    rpm                 integer     NULL,
    tpm                 bigint      NULL,
    daily_cost_micros   bigint      NULL,
    monthly_cost_micros bigint      NULL,
    monthly_tokens      bigint      NULL,
    disabled            boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id                  uuid        NOT NULL PRIMARY KEY,
    tenant_id           uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                text        NOT NULL,
    prefix              text        NOT NULL,
    secret_hash         bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    role                text        NOT NULL,
    status              text        NOT NULL,
    expires_at          timestamptz NULL,
    rpm                 integer     NULL,
    tpm                 bigint      NULL,
    daily_cost_micros   bigint      NULL,
    monthly_cost_micros bigint      NULL,
    monthly_tokens      bigint      NULL,
    allowed_models      text[]      NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL
);

CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id);

CREATE TABLE models (
    name               text        NOT NULL PRIMARY KEY,
    aliases            text[]      NOT NULL DEFAULT '{}',
    context_length     integer     NOT NULL,
    default_max_tokens integer     NOT NULL,
    strategy           text        NOT NULL,
    created_at         timestamptz NOT NULL
);

-- No FK to models: prices are history and outlive a model's registry entry.
CREATE TABLE model_prices (
    model                      text        NOT NULL,
    input_micros_per_million   bigint      NOT NULL,
    output_micros_per_million  bigint      NOT NULL,
    effective_from             timestamptz NOT NULL,
    PRIMARY KEY (model, effective_from)
);

CREATE TABLE gpu_nodes (
    id         text             NOT NULL PRIMARY KEY,
    base_url   text             NOT NULL,
    engine     text             NOT NULL,
    models     text[]           NOT NULL DEFAULT '{}',
    vram_gb    double precision NOT NULL,
    labels     jsonb            NOT NULL DEFAULT '{}',
    draining   boolean          NOT NULL DEFAULT false,
    created_at timestamptz      NOT NULL
);
