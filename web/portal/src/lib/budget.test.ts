import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../api/types';
import { budgetAmounts, budgetLevel, budgetTitle, budgetUses, hasSpendingBudget, spendFromDays, usedFraction } from './budget';

function day(group: string, cost: number, tokens = 0): UsageRow {
  return { group, requests: 1, prompt_tokens: tokens, completion_tokens: 0, cost_usd: cost, errors: 0, p50_ttft_ms: null, p95_ttft_ms: null };
}

const NO_LIMITS = { rpm: null, tpm: null, daily_cost_usd: null, monthly_cost_usd: null, monthly_tokens: null };

describe('budgetLevel', () => {
  it('turns amber at 80% and red at 100%', () => {
    expect(budgetLevel(0)).toBe('ok');
    expect(budgetLevel(0.799)).toBe('ok');
    expect(budgetLevel(0.8)).toBe('warning');
    expect(budgetLevel(0.999)).toBe('warning');
    expect(budgetLevel(1)).toBe('exceeded');
    expect(budgetLevel(1.7)).toBe('exceeded');
  });
});

describe('usedFraction', () => {
  it('divides, and treats a zero budget as full', () => {
    expect(usedFraction(4, 5)).toBe(0.8);
    expect(usedFraction(0, 0)).toBe(1);
    expect(usedFraction(-5, 10)).toBe(0);
  });
});

describe('spendFromDays', () => {
  it('sums today and the calendar month, not earlier days', () => {
    const rows = [day('2026-10-31', 100, 1000), day('2026-11-01', 1, 10), day('2026-11-28', 2, 20), day('2026-11-29', 0.5, 5)];
    expect(spendFromDays(rows, '2026-11-29')).toEqual({ todayUsd: 0.5, monthUsd: 3.5, monthTokens: 35 });
  });
});

describe('budgetUses', () => {
  it('has one bar per budget that is set, with its window end', () => {
    const uses = budgetUses({ ...NO_LIMITS, rpm: 60, daily_cost_usd: 5, monthly_tokens: 1000 }, { todayUsd: 4, monthUsd: 9, monthTokens: 1200 }, '2026-11-29');
    expect(uses).toEqual([
      { name: 'daily_cost', unit: 'usd', limit: 5, used: 4, resetsAt: '2026-11-30T00:00:00Z' },
      { name: 'monthly_tokens', unit: 'tokens', limit: 1000, used: 1200, resetsAt: '2026-12-01T00:00:00Z' },
    ]);
    expect(uses.map((u) => budgetLevel(usedFraction(u.used, u.limit)))).toEqual(['warning', 'exceeded']);
  });

  it('ends a December month in January', () => {
    expect(budgetUses({ ...NO_LIMITS, monthly_cost_usd: 1 }, { todayUsd: 0, monthUsd: 0, monthTokens: 0 }, '2026-12-31')[0]?.resetsAt).toBe('2027-01-01T00:00:00Z');
  });

  it('knows when there is no spending budget (rate limits are not budgets)', () => {
    expect(hasSpendingBudget({ ...NO_LIMITS, rpm: 5, tpm: 10 })).toBe(false);
    expect(hasSpendingBudget({ ...NO_LIMITS, monthly_tokens: 0 })).toBe(true);
  });
});

describe('budget words', () => {
  it('shows money budgets in dollars and token budgets in tokens', () => {
    expect(budgetAmounts({ unit: 'usd', used: 1.2, limit: 5 })).toBe('$1.20 of $5.00');
    expect(budgetAmounts({ unit: 'tokens', used: 12_000, limit: 1_000_000 })).toBe('12,000 of 1,000,000 tokens');
    expect(budgetTitle({ name: 'monthly_cost' })).toBe('Spend this month');
  });
});
