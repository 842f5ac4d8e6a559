// Billing on the portal: how invoice lines, wallet transactions and top-up inputs read. Amounts stay the silo's
// (exact decimals of USD); the portal never adds them up itself.
import type { InvoiceLine, InvoiceLineKind, Wallet } from '../api/types';

const exact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 6 });

/** Dollars to the micro-dollar, as the silo states them: an invoice or a wallet never rounds. */
export function formatExactUsd(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : exact.format(value);
}

const KIND_LABELS: Record<InvoiceLineKind, string> = {
  plan_fee: 'Plan fee',
  usage: 'Usage',
  late_usage: 'Late usage',
  included_allowance: 'Included allowance',
  credits_applied: 'Prepaid credits applied',
};

/** The heading of an invoice line's kind. */
export function lineKindLabel(kind: InvoiceLineKind): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Whether a line carries token counts and unit prices (a model's usage) rather than only an amount. */
export function isUsageLine(line: InvoiceLine): boolean {
  return line.model !== null;
}

/** The wallet's state in words, for a screen reader and the page alike. */
export function walletStatus(wallet: Wallet): string {
  if (!wallet.prepaid) return 'Postpaid: requests are invoiced after the month and do not draw on the wallet.';
  if (wallet.available_usd <= 0) return 'Exhausted: requests are refused (insufficient_quota) until the wallet is topped up.';
  if (wallet.low) return 'Low: the balance is under the low-balance threshold.';
  return 'Prepaid: requests draw on the wallet.';
}

/** A top-up amount as typed: dollars with at most two decimals, more than zero; or the reason it is not. */
export function parseTopUpAmount(text: string): { amount: number | null; error: string | null } {
  const trimmed = text.trim().replace(/^\$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return { amount: null, error: 'Enter dollars with at most two decimals, e.g. 25 or 25.50.' };
  const amount = Number(trimmed);
  if (amount <= 0) return { amount: null, error: 'A top-up must be more than $0.00.' };
  return { amount, error: null };
}

/** A fresh idempotency key for one top-up form: a retried submit of the same form credits once. */
export function newIdempotencyKey(random: () => string = () => crypto.randomUUID()): string {
  return `portal-${random()}`;
}
