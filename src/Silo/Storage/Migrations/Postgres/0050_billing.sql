-- Billing: plans (named, versioned; free/pro/enterprise seeded as examples), a tenant's plan, billing mode and wallet
-- settings, and the wallet's transactions (top-ups and adjustments, one per tenant and idempotency key). Money in
-- micro-USD. A wallet's debits are not stored here: they are the ledger's cost of the tenant's usage since wallet_since.
CREATE TABLE plans (
    name                text        PRIMARY KEY,
    version             integer     NOT NULL,
    monthly_fee_micros  bigint      NOT NULL CHECK (monthly_fee_micros >= 0),
    included_micros     bigint      NOT NULL CHECK (included_micros >= 0),
    rpm                 integer     NULL,
    tpm                 bigint      NULL,
    daily_cost_micros   bigint      NULL,
    monthly_cost_micros bigint      NULL,
    monthly_tokens      bigint      NULL,
    overage             text        NOT NULL,
    billing             text        NOT NULL,
    updated_at          timestamptz NOT NULL
);

INSERT INTO plans VALUES
    ('free', 1, 0, 1000000, 20, 40000, NULL, NULL, NULL, 'stop', 'postpaid', '2026-12-01T00:00:00Z'),
    ('pro', 1, 49000000, 50000000, 600, 1000000, NULL, NULL, NULL, 'overage', 'postpaid', '2026-12-01T00:00:00Z'),
    ('enterprise', 1, 999000000, 1500000000, NULL, NULL, NULL, NULL, NULL, 'overage', 'postpaid', '2026-12-01T00:00:00Z');

ALTER TABLE tenants ADD COLUMN plan text NULL REFERENCES plans (name);
ALTER TABLE tenants ADD COLUMN billing text NOT NULL DEFAULT 'postpaid';
ALTER TABLE tenants ADD COLUMN wallet_since timestamptz NULL;
ALTER TABLE tenants ADD COLUMN wallet_low_micros bigint NULL;

CREATE TABLE wallet_transactions (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    amount_micros   bigint      NOT NULL,
    reason          text        NOT NULL,
    idempotency_key text        NOT NULL,
    actor           text        NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX ix_wallet_transactions_tenant ON wallet_transactions (tenant_id, created_at);

-- Which plan a tenant was on from when (plan NULL: none), for the prorated fee of its invoices.
CREATE TABLE tenant_plan_periods (
    tenant_id uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    plan      text        NULL,
    PRIMARY KEY (tenant_id, starts_at)
);
