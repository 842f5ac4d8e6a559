// UTC calendar days as 'yyyy-mm-dd' strings: the usage API's unit.

const DAY_MS = 86_400_000;

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(parseDay(text).getTime()) && utcDay(parseDay(text)) === text;
}

export function addDays(day: string, n: number): string {
  return utcDay(new Date(parseDay(day).getTime() + n * DAY_MS));
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

export interface DayRange {
  from: string;
  to: string;
}

export type RangePreset = 'today' | '7d' | '30d' | '90d' | 'month' | 'last_month';

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'month', label: 'This month' },
  { value: 'last_month', label: 'Last month' },
];

/** The days a preset covers, as of `today` (UTC). */
export function presetRange(preset: RangePreset, today: string): DayRange {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'month':
      return { from: firstOfMonth(today), to: today };
    case 'last_month': {
      const end = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(end), to: end };
    }
  }
}

/** Why a custom range cannot be asked for, or null. */
export function rangeProblem(range: DayRange): string | null {
  if (!isDay(range.from)) return 'Choose a start date.';
  if (!isDay(range.to)) return 'Choose an end date.';
  if (range.from > range.to) return 'The start date is after the end date.';
  if (daysBetween(range.from, range.to).length > 3_660) return 'The range must be under 3,660 days.';
  return null;
}
