-- As PostgreSQL's 0051. Finalized invoices (a draft is computed from the ledger when asked, never stored): one per tenant and month, the
-- whole document as JSON in body; invoice_usage holds the usage each one billed per month and model, so that usage
-- reaching the ledger after a month's invoice was finalized lands, once, on the next one.
CREATE TABLE invoices (
    number       TEXT        PRIMARY KEY,
    tenant_id    TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    period       TEXT        NOT NULL,
    finalized_at INTEGER     NOT NULL,
    usage_micros INTEGER      NOT NULL,
    total_micros INTEGER      NOT NULL,
    body         TEXT        NOT NULL,
    UNIQUE (tenant_id, period)
);

CREATE TABLE invoice_usage (
    number            TEXT   NOT NULL REFERENCES invoices (number) ON DELETE CASCADE,
    period            TEXT   NOT NULL,
    model             TEXT   NOT NULL,
    requests          INTEGER NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_micros       INTEGER NOT NULL,
    PRIMARY KEY (number, period, model)
);
