import { describe, expect, it } from 'vitest';
import type { Plan } from '../api/types';
import { parsePlanInputs, planInputs } from './plans';

const pro: Plan = {
  name: 'pro',
  version: 3,
  monthly_fee_usd: 49,
  included_usd: 50,
  included_tokens: null,
  overage: 'overage',
  billing: 'postpaid',
  updated_at: '2026-12-01T00:00:00Z',
  model_prices: [],
  rpm: 600,
  tpm: 1_000_000,
  daily_cost_usd: null,
  monthly_cost_usd: null,
  monthly_tokens: null,
};

describe('plan form', () => {
  it('reads an existing plan back into the same body', () => {
    const { body, errors } = parsePlanInputs(planInputs(pro));
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: 'pro',
      monthly_fee_usd: 49,
      included_usd: 50,
      included_tokens: null,
      overage: 'overage',
      billing: 'postpaid',
      rpm: 600,
      tpm: 1_000_000,
      daily_cost_usd: null,
      monthly_cost_usd: null,
      monthly_tokens: null,
    });
  });

  it('starts a new plan free, billed for overage, postpaid and without limits', () => {
    const inputs = planInputs(null);
    expect(inputs).toMatchObject({ name: '', monthly_fee_usd: '0', included_usd: '0', included_tokens: '', overage: 'overage', billing: 'postpaid' });
    expect(parsePlanInputs(inputs).errors).toEqual({ name: 'Give the plan a name.' });
  });

  it('names what is not a number and leaves decimals and ranges to the silo', () => {
    const inputs = { ...planInputs(pro), monthly_fee_usd: 'lots', included_tokens: '1.5' };
    expect(Object.keys(parsePlanInputs(inputs).errors).sort()).toEqual(['included_tokens', 'monthly_fee_usd']);
    const { body, errors } = parsePlanInputs({ ...planInputs(pro), monthly_fee_usd: '-5', included_usd: '$0.1234567', included_tokens: '2,000' });
    expect(errors).toEqual({});
    expect(body).toMatchObject({ monthly_fee_usd: -5, included_usd: 0.1234567, included_tokens: 2000 });
  });
});
