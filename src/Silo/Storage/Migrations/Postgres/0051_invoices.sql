-- Finalized invoices (a draft is computed from the ledger when asked, never stored): one per tenant and month, the
-- whole document as JSON in body; invoice_usage holds the usage each one billed per month and model, so that usage
-- reaching the ledger after a month's invoice was finalized lands, once, on the next one.
CREATE TABLE invoices (
    number       text        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    period       text        NOT NULL,
    finalized_at timestamptz NOT NULL,
    usage_micros bigint      NOT NULL,
    total_micros bigint      NOT NULL,
    body         text        NOT NULL,
    UNIQUE (tenant_id, period)
);

CREATE TABLE invoice_usage (
    number            text   NOT NULL REFERENCES invoices (number) ON DELETE CASCADE,
    period            text   NOT NULL,
    model             text   NOT NULL,
    requests          bigint NOT NULL,
    prompt_tokens     bigint NOT NULL,
    completion_tokens bigint NOT NULL,
    cost_micros       bigint NOT NULL,
    PRIMARY KEY (number, period, model)
);
