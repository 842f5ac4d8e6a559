-- Credit notes: the corrections of a finalized invoice, which itself never changes. Each has its own number
-- (CN-<invoice number>-<n>), an amount in micro-USD (more than zero; all of an invoice's notes at most its total) and
-- the caller's idempotency key, unique per tenant.
CREATE TABLE credit_notes (
    number          TEXT        PRIMARY KEY,
    tenant_id       UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    invoice_number  TEXT        NOT NULL REFERENCES invoices (number) ON DELETE CASCADE,
    amount_micros   BIGINT      NOT NULL CHECK (amount_micros > 0),
    reason          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    actor           TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, idempotency_key)
);

CREATE INDEX credit_notes_invoice ON credit_notes (invoice_number);
