import type { Limits, UsageRow } from '../api/types';
import { addDays, firstOfMonth } from './dates';
import { formatCount, formatUsd } from './format';

export type BudgetLevel = 'ok' | 'warning' | 'exceeded';

/** One spending budget and what was spent against it in its current window (UTC day or month). */
export interface BudgetUse {
  name: 'daily_cost' | 'monthly_cost' | 'monthly_tokens';
  unit: 'usd' | 'tokens';
  limit: number;
  used: number;
  /** When the window ends (ISO instant). */
  resetsAt: string;
}

/** Amber from 80% of a budget, red from 100%. */
export function budgetLevel(fraction: number): BudgetLevel {
  if (fraction >= 1) return 'exceeded';
  if (fraction >= 0.8) return 'warning';
  return 'ok';
}

/** used / limit; a zero limit is full at once. */
export function usedFraction(used: number, limit: number): number {
  if (limit <= 0) return 1;
  return Math.max(0, used / limit);
}

export function budgetTitle(budget: Pick<BudgetUse, 'name'>): string {
  switch (budget.name) {
    case 'daily_cost':
      return 'Spend today';
    case 'monthly_cost':
      return 'Spend this month';
    case 'monthly_tokens':
      return 'Tokens this month';
  }
}

/** "$1.20 of $5.00", "12,000 of 1,000,000 tokens". */
export function budgetAmounts(budget: Pick<BudgetUse, 'unit' | 'used' | 'limit'>): string {
  if (budget.unit === 'usd') return `${formatUsd(budget.used)} of ${formatUsd(budget.limit)}`;
  return `${formatCount(budget.used)} of ${formatCount(budget.limit)} tokens`;
}

export interface Spend {
  todayUsd: number;
  monthUsd: number;
  monthTokens: number;
}

/** Spend today and this month from usage rows of one owner: day-grouped rows, or today's and the month's totals. */
export function spendFromDays(rows: UsageRow[], today: string): Spend {
  const month = firstOfMonth(today);
  let todayUsd = 0;
  let monthUsd = 0;
  let monthTokens = 0;
  for (const r of rows) {
    if (r.group === today) todayUsd += r.cost_usd;
    if (r.group >= month && r.group <= today) {
      monthUsd += r.cost_usd;
      monthTokens += r.prompt_tokens + r.completion_tokens;
    }
  }
  return { todayUsd, monthUsd, monthTokens };
}

/**
 * Each spending budget that is set, with what the usage ledger says was spent in its window. The ledger is the
 * billing record, so a bar shows spend as billed (the live budget API also counts reservations in flight).
 */
export function budgetUses(limits: Limits, spend: Spend, today: string): BudgetUse[] {
  const dayEnd = `${addDays(today, 1)}T00:00:00Z`;
  const monthEnd = `${firstOfMonth(addDays(firstOfMonth(today), 31))}T00:00:00Z`;
  const uses: BudgetUse[] = [];
  if (limits.daily_cost_usd !== null) uses.push({ name: 'daily_cost', unit: 'usd', limit: limits.daily_cost_usd, used: spend.todayUsd, resetsAt: dayEnd });
  if (limits.monthly_cost_usd !== null) uses.push({ name: 'monthly_cost', unit: 'usd', limit: limits.monthly_cost_usd, used: spend.monthUsd, resetsAt: monthEnd });
  if (limits.monthly_tokens !== null) uses.push({ name: 'monthly_tokens', unit: 'tokens', limit: limits.monthly_tokens, used: spend.monthTokens, resetsAt: monthEnd });
  return uses;
}

export function hasSpendingBudget(limits: Limits): boolean {
  return limits.daily_cost_usd !== null || limits.monthly_cost_usd !== null || limits.monthly_tokens !== null;
}
