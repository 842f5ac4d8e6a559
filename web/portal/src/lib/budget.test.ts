import { describe, expect, it } from 'vitest';
import type { BudgetLimit } from '../api/types';
import { budgetAmounts, budgetLevel, budgetTitle, spendBudgets, usedFraction } from './budget';

function limit(name: BudgetLimit['name'], unit: BudgetLimit['unit'], used: number, max: number): BudgetLimit {
  return { name, unit, used, limit: max, remaining: Math.max(0, max - used), window: 'day', resets_at: '2026-11-30T00:00:00Z' };
}

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
    expect(usedFraction(4_000_000, 5_000_000)).toBe(0.8);
    expect(usedFraction(0, 0)).toBe(1);
    expect(usedFraction(-5, 10)).toBe(0);
  });
});

describe('budget words', () => {
  it('shows money budgets in dollars and token budgets in tokens', () => {
    expect(budgetAmounts(limit('daily_cost', 'usd_micros', 1_200_000, 5_000_000))).toBe('$1.20 of $5.00');
    expect(budgetAmounts(limit('monthly_tokens', 'tokens', 12_000, 1_000_000))).toBe('12,000 of 1,000,000 tokens');
    expect(budgetTitle({ name: 'monthly_cost' })).toBe('Spend this month');
  });

  it('keeps only spending budgets, day before month', () => {
    const all = [
      limit('monthly_tokens', 'tokens', 0, 1),
      limit('requests_per_minute', 'requests', 0, 60),
      limit('monthly_cost', 'usd_micros', 0, 1),
      limit('daily_cost', 'usd_micros', 0, 1),
    ];
    expect(spendBudgets(all).map((l) => l.name)).toEqual(['daily_cost', 'monthly_cost', 'monthly_tokens']);
  });
});
