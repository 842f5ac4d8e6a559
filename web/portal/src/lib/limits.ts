import type { Limits } from '../api/types';
import { formatCompact, formatUsd } from './format';

export type LimitName = keyof Limits;

export const LIMIT_FIELDS: { name: LimitName; label: string; hint: string; money: boolean }[] = [
  { name: 'rpm', label: 'Requests per minute', hint: 'whole number', money: false },
  { name: 'tpm', label: 'Tokens per minute', hint: 'whole number', money: false },
  { name: 'daily_cost_usd', label: 'Daily budget (USD)', hint: 'dollars', money: true },
  { name: 'monthly_cost_usd', label: 'Monthly budget (USD)', hint: 'dollars', money: true },
  { name: 'monthly_tokens', label: 'Monthly tokens', hint: 'whole number', money: false },
];

/** The text of each limit field; '' means no limit. */
export type LimitInputs = Record<LimitName, string>;

export function limitInputs(limits: Partial<Limits> | null | undefined): LimitInputs {
  const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    rpm: text(limits?.rpm),
    tpm: text(limits?.tpm),
    daily_cost_usd: text(limits?.daily_cost_usd),
    monthly_cost_usd: text(limits?.monthly_cost_usd),
    monthly_tokens: text(limits?.monthly_tokens),
  };
}

/** Parses the form: each empty field is null (no limit); errors name the fields that are wrong. */
export function parseLimitInputs(inputs: LimitInputs): { limits: Limits; errors: Partial<Record<LimitName, string>> } {
  const errors: Partial<Record<LimitName, string>> = {};
  const limits: Limits = { rpm: null, tpm: null, daily_cost_usd: null, monthly_cost_usd: null, monthly_tokens: null };
  for (const field of LIMIT_FIELDS) {
    const raw = inputs[field.name].trim().replace(/^\$/, '').replace(/,/g, '');
    if (raw === '') continue;
    const pattern = field.money ? /^\d+(\.\d{1,6})?$/ : /^\d+$/;
    const value = Number(raw);
    if (!pattern.test(raw) || !Number.isFinite(value)) {
      errors[field.name] = field.money ? 'Enter dollars, e.g. 25 or 12.50.' : 'Enter a whole number.';
      continue;
    }
    if ((field.name === 'rpm' || field.name === 'tpm') && value <= 0) {
      errors[field.name] = 'Must be at least 1 (leave empty for no limit).';
      continue;
    }
    if (field.name === 'rpm' && value > 2_147_483_647) {
      errors[field.name] = 'Too large.';
      continue;
    }
    limits[field.name] = value;
  }
  return { limits, errors };
}

/** "60 rpm · $5.00/day · 1M tokens/month", or "No limits". */
export function limitsSummary(limits: Limits): string {
  const parts: string[] = [];
  if (limits.rpm !== null) parts.push(`${formatCompact(limits.rpm)} rpm`);
  if (limits.tpm !== null) parts.push(`${formatCompact(limits.tpm)} tpm`);
  if (limits.daily_cost_usd !== null) parts.push(`${formatUsd(limits.daily_cost_usd)}/day`);
  if (limits.monthly_cost_usd !== null) parts.push(`${formatUsd(limits.monthly_cost_usd)}/month`);
  if (limits.monthly_tokens !== null) parts.push(`${formatCompact(limits.monthly_tokens)} tokens/month`);
  return parts.length ? parts.join(' · ') : 'No limits';
}
