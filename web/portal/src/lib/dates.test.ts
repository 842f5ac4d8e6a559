import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, firstOfMonth, isDay, presetRange, rangeProblem, utcDay } from './dates';

describe('UTC days', () => {
  it('takes the UTC date of an instant', () => {
    expect(utcDay(new Date('2026-11-29T23:30:00-05:00'))).toBe('2026-11-30');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2026-11-29', 3)).toBe('2026-12-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('lists a range with both ends', () => {
    expect(daysBetween('2026-11-28', '2026-12-01')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(daysBetween('2026-11-29', '2026-11-28')).toEqual([]);
  });

  it('checks day strings', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('')).toBe(false);
  });
});

describe('presetRange', () => {
  const today = '2026-11-29';
  it('covers the last n days including today', () => {
    expect(presetRange('7d', today)).toEqual({ from: '2026-11-23', to: today });
    expect(presetRange('30d', today)).toEqual({ from: '2026-10-31', to: today });
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
  });

  it('covers calendar months', () => {
    expect(presetRange('month', today)).toEqual({ from: '2026-11-01', to: today });
    expect(presetRange('last_month', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('last_month', '2027-01-02')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(firstOfMonth('2026-11-29')).toBe('2026-11-01');
  });
});

describe('rangeProblem', () => {
  it('accepts a good range and explains a bad one', () => {
    expect(rangeProblem({ from: '2026-11-01', to: '2026-11-29' })).toBeNull();
    expect(rangeProblem({ from: '2026-11-30', to: '2026-11-29' })).toBe('The start date is after the end date.');
    expect(rangeProblem({ from: '', to: '2026-11-29' })).toBe('Choose a start date.');
    expect(rangeProblem({ from: '2000-01-01', to: '2026-11-29' })).toMatch(/under 3,660 days/);
  });
});
