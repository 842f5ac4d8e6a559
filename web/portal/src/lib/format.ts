// How numbers, money and times look on every page. Times are shown in UTC: budgets and usage days are UTC.

const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd4 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const usdTiny = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Dollars: cents; up to four decimals under a dollar and two significant digits under a hundredth of a cent, so small spend never shows as $0.00. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value !== 0 && Math.abs(value) < 0.0001) return usdTiny.format(value);
  return Math.abs(value) < 1 && value !== 0 ? usd4.format(value) : usd2.format(value);
}

/** Micro-dollars (the budget API's unit) as dollars. */
export function formatMicrosUsd(micros: number): string {
  return formatUsd(micros / 1_000_000);
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return count.format(value);
}

/** 1.2K, 3.4M: chart axes and tight cells. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** 0.42 → "42%"; values above 10% are whole numbers, smaller ones keep a decimal. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—';
  const pct = fraction * 100;
  return `${pct >= 10 || pct === 0 ? Math.round(pct) : pct.toFixed(1)}%`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-11-29 14:03 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "19:38:05 UTC": when live data was last read. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** "in 3 days", "5 minutes ago", "just now". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const units: [number, string][] = [
    [86_400_000 * 365, 'year'],
    [86_400_000 * 30, 'month'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    if (abs >= size) {
      const n = Math.round(abs / size);
      const text = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff > 0 ? `in ${text}` : `${text} ago`;
    }
  }
  return 'just now';
}

/** "a1b2c3d4…" for long ids in tight places. */
export function shortId(id: string, length = 8): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}

export function roleLabel(role: string): string {
  switch (role) {
    case 'system_admin':
      return 'System admin';
    case 'tenant_admin':
      return 'Tenant admin';
    case 'user':
      return 'User';
    default:
      return role;
  }
}

export function circuitLabel(circuit: string): string {
  return circuit === 'halfopen' ? 'half-open' : circuit;
}
