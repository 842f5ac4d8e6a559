import type { ApiKey, UsageRow } from '../api/types';
import { daysBetween } from './dates';

export interface DayPoint {
  day: string;
  requests: number;
  tokens: number;
  costUsd: number;
}

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  tokens: number;
  costUsd: number;
  errors: number;
}

export function totalTokens(row: UsageRow): number {
  return row.prompt_tokens + row.completion_tokens;
}

/** One point per day of the range; days without usage are zero (the API leaves them out). */
export function fillDays(rows: UsageRow[], from: string, to: string): DayPoint[] {
  const byDay = new Map(rows.map((r) => [r.group, r]));
  return daysBetween(from, to).map((day) => {
    const row = byDay.get(day);
    return { day, requests: row?.requests ?? 0, tokens: row ? totalTokens(row) : 0, costUsd: row?.cost_usd ?? 0 };
  });
}

export function totals(rows: UsageRow[]): UsageTotals {
  const t: UsageTotals = { requests: 0, promptTokens: 0, completionTokens: 0, tokens: 0, costUsd: 0, errors: 0 };
  for (const r of rows) {
    t.requests += r.requests;
    t.promptTokens += r.prompt_tokens;
    t.completionTokens += r.completion_tokens;
    t.costUsd += r.cost_usd;
    t.errors += r.errors;
  }
  t.tokens = t.promptTokens + t.completionTokens;
  // Sums of decimals drift (0.1 + 0.2): keep micro-dollar precision.
  t.costUsd = Math.round(t.costUsd * 1_000_000) / 1_000_000;
  return t;
}

/** The biggest rows: by cost, then requests, then name (stable for equal figures). */
export function topRows(rows: UsageRow[], n: number): UsageRow[] {
  return [...rows]
    .sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests || a.group.localeCompare(b.group))
    .slice(0, n);
}

/** A key-grouped row's label: the key's name and prefix when the key is known. */
export function keyLabel(keyId: string, keys: ApiKey[] | undefined): string {
  const key = keys?.find((k) => k.id === keyId);
  return key ? `${key.name} (${key.prefix}…)` : `key ${keyId.slice(0, 8)}…`;
}

/** The latest day with requests in a day-grouped report, or null. */
export function lastActiveDay(rows: UsageRow[]): string | null {
  let last: string | null = null;
  for (const r of rows) {
    if (r.requests > 0 && (last === null || r.group > last)) last = r.group;
  }
  return last;
}

export function csvFileName(scope: string, groupBy: string, from: string, to: string): string {
  const safe = scope.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'tenant';
  return `gatolink-usage-${safe}-by-${groupBy.replace(/[^a-z0-9-]+/gi, '-')}-${from}-to-${to}.csv`;
}

/**
 * The usage page's tag filter: `key:value` (or `key=value`) pairs separated by commas, each as the API's `tag` parameter.
 * An empty text is no filter; a piece without both halves is named in the error.
 */
export function parseTagFilter(text: string): { tags: string[]; error: string | null } {
  const tags: string[] = [];
  for (const piece of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_.-]{1,64})\s*[:=]\s*(.+)$/.exec(piece);
    if (!match) return { tags: [], error: `'${piece}' is not a tag filter: write key:value, e.g. customer:acme.` };
    tags.push(`${match[1] ?? ''}:${(match[2] ?? '').trim()}`);
  }
  return { tags, error: null };
}
