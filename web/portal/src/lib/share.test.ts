import { describe, expect, it } from 'vitest';
import { parseKeyShare, parseTenantShare, shareInputs, shareSummary } from './share';

describe('parseTenantShare', () => {
  it('reads a weight, a guarantee and a cap', () => {
    expect(parseTenantShare({ ...shareInputs(null), weight: '3', guaranteed: '0.2', maxConcurrent: '1,000' })).toEqual({
      share: { weight: 3, guaranteed_share: 0.2, max_concurrent: 1000 },
      errors: {},
    });
  });

  it('reads empty fields as no guarantee and no cap', () => {
    expect(parseTenantShare(shareInputs(null)).share).toEqual({ weight: 1, guaranteed_share: null, max_concurrent: null });
  });

  it('names every bad field', () => {
    const { errors } = parseTenantShare({ ...shareInputs(null), weight: '0', guaranteed: '1', maxConcurrent: '2.5' });
    expect(Object.keys(errors).sort()).toEqual(['guaranteed_share', 'max_concurrent', 'weight']);
    expect(parseTenantShare({ ...shareInputs(null), weight: '' }).errors.weight).toMatch(/whole number from 1 to 10,000/);
    expect(parseTenantShare({ ...shareInputs(null), weight: '10001' }).errors.weight).toBeDefined();
    expect(parseTenantShare({ ...shareInputs(null), guaranteed: '-0.1' }).errors.guaranteed_share).toMatch(/above 0 and below 1/);
  });

  it('round-trips what the API shows', () => {
    const tenant = { weight: 4, guaranteed_share: 0.25, max_concurrent: 7 };
    expect(parseTenantShare(shareInputs(tenant)).share).toEqual(tenant);
  });
});

describe('parseKeyShare', () => {
  it('reads the class and the cap', () => {
    expect(parseKeyShare({ ...shareInputs(null), priority: 'batch', maxConcurrent: '2' })).toEqual({ share: { priority: 'batch', max_concurrent: 2 }, errors: {} });
    expect(parseKeyShare(shareInputs({ priority: 'batch' })).share).toEqual({ priority: 'batch', max_concurrent: null });
    expect(parseKeyShare({ ...shareInputs(null), maxConcurrent: '0' }).errors.max_concurrent).toMatch(/from 1 to 1,000,000/);
  });
});

describe('shareSummary', () => {
  it('says what is not the default', () => {
    expect(shareSummary({ weight: 3, guaranteed_share: 0.2, max_concurrent: 5 })).toBe('weight 3 · 20% guaranteed · 5 at once');
    expect(shareSummary({ priority: 'batch', max_concurrent: 2 })).toBe('batch · 2 at once');
    expect(shareSummary({ weight: 1, guaranteed_share: null, max_concurrent: null, priority: 'interactive' })).toBe('');
  });
});
