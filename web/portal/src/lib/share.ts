import type { Priority } from '../api/types';
import { formatCount } from './format';

/** The form's text for the fair share at saturation: a tenant's weight and guarantee, a key's class, and either's cap. */
export interface ShareInputs {
  weight: string;
  guaranteed: string;
  priority: Priority;
  maxConcurrent: string;
}

export type ShareField = 'weight' | 'guaranteed_share' | 'max_concurrent';

/** Largest weight the silo accepts. */
export const MAX_WEIGHT = 10_000;

/** Largest concurrency cap the silo accepts. */
export const MAX_CONCURRENT = 1_000_000;

/** What the API says of a tenant or key (absent: the defaults). */
export interface ShareFields {
  weight?: number;
  guaranteed_share?: number | null;
  priority?: Priority;
  max_concurrent?: number | null;
}

export function shareInputs(fields: ShareFields | null | undefined): ShareInputs {
  return {
    weight: String(fields?.weight ?? 1),
    guaranteed: fields?.guaranteed_share == null ? '' : String(fields.guaranteed_share),
    priority: fields?.priority ?? 'interactive',
    maxConcurrent: fields?.max_concurrent == null ? '' : String(fields.max_concurrent),
  };
}

/** A tenant's fields as the form says them, or errors naming the fields that are wrong. */
export function parseTenantShare(inputs: ShareInputs): { share: { weight: number; guaranteed_share: number | null; max_concurrent: number | null }; errors: Partial<Record<ShareField, string>> } {
  const errors: Partial<Record<ShareField, string>> = {};
  const weight = wholeNumber(inputs.weight, 1, MAX_WEIGHT);
  if (weight === null || weight === undefined) errors.weight = `Enter a whole number from 1 to ${formatCount(MAX_WEIGHT)}.`;
  const guaranteedText = inputs.guaranteed.trim();
  const guaranteed = Number(guaranteedText);
  const fraction = /^\d*\.?\d+$/.test(guaranteedText) && guaranteed > 0 && guaranteed < 1;
  if (guaranteedText !== '' && !fraction) errors.guaranteed_share = 'Enter a fraction above 0 and below 1, e.g. 0.2 (empty: none).';
  const maxConcurrent = cap(inputs.maxConcurrent, errors);
  return { share: { weight: weight ?? 1, guaranteed_share: guaranteedText === '' || !fraction ? null : guaranteed, max_concurrent: maxConcurrent }, errors };
}

/** A key's fields as the form says them, or errors naming the fields that are wrong. */
export function parseKeyShare(inputs: ShareInputs): { share: { priority: Priority; max_concurrent: number | null }; errors: Partial<Record<ShareField, string>> } {
  const errors: Partial<Record<ShareField, string>> = {};
  return { share: { priority: inputs.priority, max_concurrent: cap(inputs.maxConcurrent, errors) }, errors };
}

/** "weight 3 · 20% guaranteed · 5 at once", "batch · 2 at once", or '' when all are the defaults. */
export function shareSummary(fields: ShareFields): string {
  const parts: string[] = [];
  if (fields.priority === 'batch') parts.push('batch');
  if (fields.weight !== undefined && fields.weight !== 1) parts.push(`weight ${formatCount(fields.weight)}`);
  if (fields.guaranteed_share != null) parts.push(`${Math.round(fields.guaranteed_share * 1000) / 10}% guaranteed`);
  if (fields.max_concurrent != null) parts.push(`${formatCount(fields.max_concurrent)} at once`);
  return parts.join(' · ');
}

// Empty: no cap (null).
function cap(text: string, errors: Partial<Record<ShareField, string>>): number | null {
  const value = wholeNumber(text, 1, MAX_CONCURRENT);
  if (value === null) errors.max_concurrent = `Enter a whole number from 1 to ${formatCount(MAX_CONCURRENT)} (empty: no cap).`;
  return value ?? null;
}

// undefined: empty; null: not a whole number in range.
function wholeNumber(text: string, min: number, max: number): number | null | undefined {
  const raw = text.trim().replace(/,/g, '');
  if (raw === '') return undefined;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : null;
}
