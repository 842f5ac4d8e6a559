import { describe, expect, it } from 'vitest';
import { limitInputs, limitsSummary, parseLimitInputs } from './limits';

describe('parseLimitInputs', () => {
  it('reads numbers and treats empty fields as no limit', () => {
    const { limits, errors } = parseLimitInputs({ rpm: '60', tpm: '', daily_cost_usd: '$12.50', monthly_cost_usd: '1,000', monthly_tokens: ' 5000000 ' });
    expect(errors).toEqual({});
    expect(limits).toEqual({ rpm: 60, tpm: null, daily_cost_usd: 12.5, monthly_cost_usd: 1000, monthly_tokens: 5_000_000 });
  });

  it('names every bad field', () => {
    const { errors } = parseLimitInputs({ rpm: '0', tpm: '1.5', daily_cost_usd: 'ten', monthly_cost_usd: '-3', monthly_tokens: '' });
    expect(Object.keys(errors).sort()).toEqual(['daily_cost_usd', 'monthly_cost_usd', 'rpm', 'tpm']);
    expect(errors.rpm).toMatch(/at least 1/);
    expect(errors.daily_cost_usd).toMatch(/dollars/);
  });

  it('allows a zero budget (nothing may be spent)', () => {
    expect(parseLimitInputs({ rpm: '', tpm: '', daily_cost_usd: '0', monthly_cost_usd: '', monthly_tokens: '0' }).limits).toMatchObject({ daily_cost_usd: 0, monthly_tokens: 0 });
  });
});

describe('limitInputs', () => {
  it('round-trips limits through the form', () => {
    const limits = { rpm: 60, tpm: null, daily_cost_usd: 2.5, monthly_cost_usd: null, monthly_tokens: 1000 };
    expect(parseLimitInputs(limitInputs(limits)).limits).toEqual(limits);
    expect(limitInputs(null)).toEqual({ rpm: '', tpm: '', daily_cost_usd: '', monthly_cost_usd: '', monthly_tokens: '' });
  });
});

describe('limitsSummary', () => {
  it('lists the limits that are set', () => {
    expect(limitsSummary({ rpm: 60, tpm: 100_000, daily_cost_usd: 5, monthly_cost_usd: null, monthly_tokens: 1_000_000 })).toBe(
      '60 rpm · 100K tpm · $5.00/day · 1M tokens/month',
    );
    expect(limitsSummary({ rpm: null, tpm: null, daily_cost_usd: null, monthly_cost_usd: null, monthly_tokens: null })).toBe('No limits');
  });
});
