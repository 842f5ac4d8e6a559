import { describe, expect, it } from 'vitest';
import type { InvoiceLine, Wallet } from '../api/types';
import { formatExactUsd, isUsageLine, lineKindLabel, newIdempotencyKey, parseTopUpAmount, walletStatus } from './billing';

const wallet = (over: Partial<Wallet> = {}): Wallet => ({
  tenant_id: 't', prepaid: true, balance_usd: 10, credited_usd: 10, spent_usd: 0, reserved_usd: 0, available_usd: 10, low_balance_usd: null, low: false, transactions: [], ...over,
});

describe('parseTopUpAmount', () => {
  it('reads whole dollars and cents, with or without a dollar sign', () => {
    expect(parseTopUpAmount(' 25 ')).toEqual({ amount: 25, error: null });
    expect(parseTopUpAmount('$25.50')).toEqual({ amount: 25.5, error: null });
  });

  it('refuses fractions of a cent, negatives, zero and words', () => {
    for (const text of ['0.001', '-5', 'ten', '']) expect(parseTopUpAmount(text).error).toMatch(/at most two decimals/);
    expect(parseTopUpAmount('0.00').error).toBe('A top-up must be more than $0.00.');
  });
});

describe('walletStatus', () => {
  it('says postpaid, exhausted, low or fine', () => {
    expect(walletStatus(wallet({ prepaid: false }))).toMatch(/^Postpaid/);
    expect(walletStatus(wallet({ available_usd: 0 }))).toMatch(/insufficient_quota/);
    expect(walletStatus(wallet({ low: true }))).toMatch(/^Low/);
    expect(walletStatus(wallet())).toMatch(/^Prepaid/);
  });
});

describe('invoice lines', () => {
  const line = (over: Partial<InvoiceLine>): InvoiceLine => ({
    kind: 'usage', description: '', model: null, usage_period: null, requests: 0, input_tokens: 0, output_tokens: 0, input_usd_per_million: null, output_usd_per_million: null, amount_usd: 0, ...over,
  });

  it('labels each kind and tells a model line from a plain amount', () => {
    expect(lineKindLabel('credits_applied')).toBe('Prepaid credits applied');
    expect(isUsageLine(line({ model: 'demo-8b' }))).toBe(true);
    expect(isUsageLine(line({ kind: 'plan_fee' }))).toBe(false);
  });
});

describe('newIdempotencyKey', () => {
  it('prefixes a random id so the audit log shows where the top-up came from', () => {
    expect(newIdempotencyKey(() => 'abc')).toBe('portal-abc');
  });
});

describe('formatExactUsd', () => {
  it('keeps every micro-dollar and at least the cents', () => {
    expect(formatExactUsd(0.000123)).toBe('$0.000123');
    expect(formatExactUsd(1234.5)).toBe('$1,234.50');
    expect(formatExactUsd(-12.5)).toBe('-$12.50');
    expect(formatExactUsd(null)).toBe('—');
  });
});
