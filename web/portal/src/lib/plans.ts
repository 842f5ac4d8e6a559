// Plans on the portal: the form's text fields and the body sent to the silo. The portal checks only that a field is a
// number at all; the silo judges the rest (decimals, ranges) and its 400 names the field, shown as it says it.
import type { Plan, PlanFields } from '../api/types';
import { limitInputs, parseLimitInputs, type LimitInputs, type LimitName } from './limits';

export type PlanField = 'name' | 'monthly_fee_usd' | 'included_usd' | 'included_tokens';

export interface PlanInputs {
  name: string;
  monthly_fee_usd: string;
  included_usd: string;
  included_tokens: string;
  overage: Plan['overage'];
  billing: Plan['billing'];
  limits: LimitInputs;
}

/** The form of an existing plan, or of a new one (free of charge, overage billed, postpaid, no limits). */
export function planInputs(plan: Plan | null): PlanInputs {
  return {
    name: plan?.name ?? '',
    monthly_fee_usd: plan ? String(plan.monthly_fee_usd) : '0',
    included_usd: plan ? String(plan.included_usd) : '0',
    included_tokens: plan?.included_tokens === null || plan?.included_tokens === undefined ? '' : String(plan.included_tokens),
    overage: plan?.overage ?? 'overage',
    billing: plan?.billing ?? 'postpaid',
    limits: limitInputs(plan),
  };
}

const DOLLARS = /^\$?-?\d*\.?\d+$/;

/** The body for POST or PATCH, or the fields that are not numbers at all. */
export function parsePlanInputs(inputs: PlanInputs): { body: PlanFields & { name: string }; errors: Partial<Record<PlanField | LimitName, string>> } {
  const errors: Partial<Record<PlanField | LimitName, string>> = {};
  const dollars = (field: 'monthly_fee_usd' | 'included_usd'): number => {
    const raw = inputs[field].trim().replace(/,/g, '');
    if (!DOLLARS.test(raw)) {
      errors[field] = 'Enter dollars, e.g. 49 or 12.50.';
      return 0;
    }
    return Number(raw.replace('$', ''));
  };
  const fee = dollars('monthly_fee_usd');
  const included = dollars('included_usd');
  let tokens: number | null = null;
  const rawTokens = inputs.included_tokens.trim().replace(/,/g, '');
  if (rawTokens !== '') {
    if (/^-?\d+$/.test(rawTokens)) tokens = Number(rawTokens);
    else errors.included_tokens = 'Enter a whole number of tokens, or leave empty for none.';
  }
  if (!inputs.name.trim()) errors.name = 'Give the plan a name.';
  const limits = parseLimitInputs(inputs.limits);
  Object.assign(errors, limits.errors);
  return {
    body: {
      name: inputs.name.trim(),
      monthly_fee_usd: fee,
      included_usd: included,
      included_tokens: tokens,
      overage: inputs.overage,
      billing: inputs.billing,
      ...limits.limits,
    },
    errors,
  };
}
