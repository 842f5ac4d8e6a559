import type { BudgetLimit } from '../api/types';
import { formatCount, formatMicrosUsd } from './format';

export type BudgetLevel = 'ok' | 'warning' | 'exceeded';

/** Amber from 80% of a budget, red from 100%. */
export function budgetLevel(fraction: number): BudgetLevel {
  if (fraction >= 1) return 'exceeded';
  if (fraction >= 0.8) return 'warning';
  return 'ok';
}

/** used / limit; a zero limit is full at once. */
export function usedFraction(used: number, limit: number): number {
  if (limit <= 0) return used > 0 || limit === 0 ? 1 : 0;
  return Math.max(0, used / limit);
}

export function budgetTitle(limit: Pick<BudgetLimit, 'name'>): string {
  switch (limit.name) {
    case 'daily_cost':
      return 'Spend today';
    case 'monthly_cost':
      return 'Spend this month';
    case 'monthly_tokens':
      return 'Tokens this month';
    case 'requests_per_minute':
      return 'Requests this minute';
    case 'tokens_per_minute':
      return 'Tokens this minute';
  }
}

/** "$1.20 of $5.00", "12,000 of 1,000,000 tokens". */
export function budgetAmounts(limit: Pick<BudgetLimit, 'unit' | 'used' | 'limit'>): string {
  if (limit.unit === 'usd_micros') return `${formatMicrosUsd(limit.used)} of ${formatMicrosUsd(limit.limit)}`;
  return `${formatCount(limit.used)} of ${formatCount(limit.limit)} ${limit.unit}`;
}

/** The budgets an overview shows: money and monthly tokens, not per-minute rate buckets. */
export function spendBudgets(limits: BudgetLimit[]): BudgetLimit[] {
  const order = ['daily_cost', 'monthly_cost', 'monthly_tokens'];
  return limits.filter((l) => order.includes(l.name)).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}
