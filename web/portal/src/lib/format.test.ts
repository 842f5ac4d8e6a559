import { describe, expect, it } from 'vitest';
import { circuitLabel, formatClock, formatCompact, formatCount, formatDateTime, formatMicrosUsd, formatPercent, formatRelative, formatUsd, roleLabel, shortId } from './format';

describe('formatUsd', () => {
  it('shows cents for amounts of a dollar or more', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('keeps small spend visible instead of $0.00', () => {
    expect(formatUsd(0.000123)).toBe('$0.0001');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.000046)).toBe('$0.000046');
    expect(formatUsd(0.00001)).toBe('$0.00001');
  });

  it('shows a dash for no value', () => {
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(Number.NaN)).toBe('—');
  });

  it('converts micro-dollars', () => {
    expect(formatMicrosUsd(5_000_000)).toBe('$5.00');
    expect(formatMicrosUsd(1_500)).toBe('$0.0015');
  });
});

describe('numbers', () => {
  it('groups thousands and compacts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
    expect(formatCompact(1_200_000)).toBe('1.2M');
    expect(formatCompact(950)).toBe('950');
  });

  it('formats percentages', () => {
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(1.234)).toBe('123%');
    expect(formatPercent(0.054)).toBe('5.4%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('times', () => {
  it('shows instants in UTC', () => {
    expect(formatDateTime('2026-11-29T14:03:59+02:00')).toBe('2026-11-29 12:03 UTC');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('shows a clock time with seconds', () => {
    expect(formatClock(Date.parse('2026-11-29T19:38:05Z'))).toBe('19:38:05 UTC');
  });

  it('says how far away a time is', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(formatRelative('2026-12-02T12:00:00Z', now)).toBe('in 3 days');
    expect(formatRelative('2026-11-29T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-29T11:00:00Z', now)).toBe('1 hour ago');
    expect(formatRelative('2026-11-29T12:00:10Z', now)).toBe('just now');
  });
});

describe('labels', () => {
  it('names roles and circuit states', () => {
    expect(roleLabel('tenant_admin')).toBe('Tenant admin');
    expect(roleLabel('system_admin')).toBe('System admin');
    expect(roleLabel('user')).toBe('User');
    expect(circuitLabel('halfopen')).toBe('half-open');
    expect(circuitLabel('open')).toBe('open');
  });

  it('shortens long ids', () => {
    expect(shortId('0123456789abcdef')).toBe('01234567…');
    expect(shortId('abc')).toBe('abc');
  });
});
