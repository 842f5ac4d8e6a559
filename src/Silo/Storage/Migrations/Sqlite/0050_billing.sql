-- As PostgreSQL's 0050. Billing: plans (named, versioned; free/pro/enterprise seeded as examples), a tenant's plan, billing mode and wallet
-- settings, and the wallet's transactions (top-ups and adjustments, one per tenant and idempotency key). Money in
-- micro-USD. A wallet's debits are not stored here: they are the ledger's cost of the tenant's usage since wallet_since.
CREATE TABLE plans (
    name                TEXT        PRIMARY KEY,
    version             INTEGER     NOT NULL,
    monthly_fee_micros  INTEGER      NOT NULL CHECK (monthly_fee_micros >= 0),
    included_micros     INTEGER      NOT NULL CHECK (included_micros >= 0),
    rpm                 INTEGER     NULL,
    tpm                 INTEGER      NULL,
    daily_cost_micros   INTEGER      NULL,
    monthly_cost_micros INTEGER      NULL,
    monthly_tokens      INTEGER      NULL,
    overage             TEXT        NOT NULL,
    billing             TEXT        NOT NULL,
    updated_at          INTEGER NOT NULL
);

INSERT INTO plans VALUES
    ('free', 1, 0, 1000000, 20, 40000, NULL, NULL, NULL, 'stop', 'postpaid', 1796083200000),
    ('pro', 1, 49000000, 50000000, 600, 1000000, NULL, NULL, NULL, 'overage', 'postpaid', 1796083200000),
    ('enterprise', 1, 999000000, 1500000000, NULL, NULL, NULL, NULL, NULL, 'overage', 'postpaid', 1796083200000);

ALTER TABLE tenants ADD COLUMN plan TEXT NULL REFERENCES plans (name);
ALTER TABLE tenants ADD COLUMN billing TEXT NOT NULL DEFAULT 'postpaid';
ALTER TABLE tenants ADD COLUMN wallet_since INTEGER NULL;
ALTER TABLE tenants ADD COLUMN wallet_low_micros INTEGER NULL;

CREATE TABLE wallet_transactions (
    id              TEXT        PRIMARY KEY,
    tenant_id       TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    amount_micros   INTEGER      NOT NULL,
    reason          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    actor           TEXT        NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX ix_wallet_transactions_tenant ON wallet_transactions (tenant_id, created_at);

-- Which plan a tenant was on from when (plan NULL: none), for the prorated fee of its invoices.
CREATE TABLE tenant_plan_periods (
    tenant_id TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    plan      TEXT    NULL,
    PRIMARY KEY (tenant_id, starts_at)
);
