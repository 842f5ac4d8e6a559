import { describe, expect, it } from 'vitest';
import type { ApiKey, UsageRow } from '../api/types';
import { csvFileName, fillDays, keyLabel, lastActiveDay, parseTagFilter, topRows, totals } from './usage';

function row(group: string, requests: number, cost: number, prompt = 10, completion = 5): UsageRow {
  return { group, requests, prompt_tokens: prompt, completion_tokens: completion, cost_usd: cost, errors: 0, p50_ttft_ms: null, p95_ttft_ms: null };
}

describe('fillDays', () => {
  it('puts zero on days the API left out', () => {
    const points = fillDays([row('2026-11-28', 3, 0.1)], '2026-11-27', '2026-11-29');
    expect(points).toEqual([
      { day: '2026-11-27', requests: 0, tokens: 0, costUsd: 0 },
      { day: '2026-11-28', requests: 3, tokens: 15, costUsd: 0.1 },
      { day: '2026-11-29', requests: 0, tokens: 0, costUsd: 0 },
    ]);
  });
});

describe('totals', () => {
  it('sums rows without floating-point dust', () => {
    const t = totals([row('a', 1, 0.1), row('b', 2, 0.2)]);
    expect(t).toMatchObject({ requests: 3, promptTokens: 20, completionTokens: 10, tokens: 30, costUsd: 0.3, errors: 0 });
  });
});

describe('topRows', () => {
  it('orders by spend, then requests, then name', () => {
    const top = topRows([row('b', 5, 1), row('a', 9, 1), row('c', 1, 3), row('d', 5, 1)], 3);
    expect(top.map((r) => r.group)).toEqual(['c', 'a', 'b']);
  });
});

describe('keyLabel', () => {
  const keys = [{ id: 'k1', name: 'ci', prefix: 'gl-abcd' }] as ApiKey[];
  it('names a known key and shortens an unknown one', () => {
    expect(keyLabel('k1', keys)).toBe('ci (gl-abcd…)');
    expect(keyLabel('0123456789', keys)).toBe('key 01234567…');
    expect(keyLabel('0123456789', undefined)).toBe('key 01234567…');
  });
});

describe('lastActiveDay', () => {
  it('is the latest day with requests', () => {
    expect(lastActiveDay([row('2026-11-20', 1, 0), row('2026-11-25', 2, 0), row('2026-11-27', 0, 0)])).toBe('2026-11-25');
    expect(lastActiveDay([])).toBeNull();
  });
});

describe('csvFileName', () => {
  it('is safe for any tenant name', () => {
    expect(csvFileName('Acme Corp / EU', 'model', '2026-11-01', '2026-11-29')).toBe('gatolink-usage-acme-corp-eu-by-model-2026-11-01-to-2026-11-29.csv');
    expect(csvFileName('***', 'day', '2026-11-01', '2026-11-01')).toBe('gatolink-usage-tenant-by-day-2026-11-01-to-2026-11-01.csv');
  });
});

describe('parseTagFilter', () => {
  it('reads key:value or key=value pairs separated by commas', () => {
    expect(parseTagFilter(' customer:acme, feature = search ')).toEqual({ tags: ['customer:acme', 'feature:search'], error: null });
    expect(parseTagFilter('')).toEqual({ tags: [], error: null });
  });

  it('names the piece that is not a pair', () => {
    expect(parseTagFilter('customer:acme, search').error).toMatch(/'search' is not a tag filter/);
    expect(parseTagFilter(':acme').error).toMatch(/':acme'/);
  });
});
