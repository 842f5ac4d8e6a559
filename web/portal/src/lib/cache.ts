import type { CacheMode, CachePolicy } from '../api/types';
import { formatCount } from './format';

/** The form's text: mode '' means "no policy of its own" (a tenant: no cache; a key: its tenant's). */
export interface CacheInputs {
  mode: CacheMode | '';
  ttl: string;
  similarity: string;
  random: boolean;
}

export type CacheField = 'ttl' | 'similarity';

/** Longest time to live the silo accepts: thirty days. */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

export function cacheInputs(policy: CachePolicy | null | undefined): CacheInputs {
  return policy
    ? { mode: policy.mode, ttl: String(policy.ttl_seconds), similarity: String(policy.similarity), random: policy.random }
    : { mode: '', ttl: '3600', similarity: '0.9', random: false };
}

/** The policy the form says (null: none), or errors naming the fields that are wrong. */
export function parseCacheInputs(inputs: CacheInputs): { cache: CachePolicy | null; errors: Partial<Record<CacheField, string>> } {
  if (inputs.mode === '') return { cache: null, errors: {} };
  const errors: Partial<Record<CacheField, string>> = {};
  const ttlText = inputs.ttl.trim().replace(/,/g, '');
  const ttl = Number(ttlText);
  if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > MAX_TTL_SECONDS) errors.ttl = `Enter whole seconds from 1 to ${formatCount(MAX_TTL_SECONDS)}.`;
  const similarityText = inputs.similarity.trim();
  const similarity = Number(similarityText);
  if (!/^\d*\.?\d+$/.test(similarityText) || !(similarity > 0 && similarity <= 1)) errors.similarity = 'Enter a number above 0 and at most 1, e.g. 0.9.';
  if (Object.keys(errors).length > 0) return { cache: null, errors };
  return { cache: { mode: inputs.mode, ttl_seconds: ttl, similarity, random: inputs.random }, errors };
}

/** "semantic · 1h · ≥ 0.9", "exact · 10m · random too", "off", or what having none means. */
export function cacheSummary(policy: CachePolicy | null | undefined, none: string): string {
  if (!policy) return none;
  if (policy.mode === 'off') return 'off';
  const parts: string[] = [policy.mode, duration(policy.ttl_seconds)];
  if (policy.mode === 'semantic') parts.push(`≥ ${policy.similarity}`);
  if (policy.random) parts.push('random too');
  return parts.join(' · ');
}

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
