import { describe, expect, it } from 'vitest';
import { cacheInputs, cacheSummary, parseCacheInputs } from './cache';

describe('parseCacheInputs', () => {
  it('reads a policy', () => {
    expect(parseCacheInputs({ mode: 'semantic', ttl: '600', similarity: '0.85', random: true })).toEqual({
      cache: { mode: 'semantic', ttl_seconds: 600, similarity: 0.85, random: true },
      errors: {},
    });
  });

  it('reads no mode as no policy of its own', () => {
    expect(parseCacheInputs({ mode: '', ttl: 'junk', similarity: '', random: false })).toEqual({ cache: null, errors: {} });
  });

  it('names every bad field', () => {
    const { cache, errors } = parseCacheInputs({ mode: 'exact', ttl: '0', similarity: '1.5', random: false });
    expect(cache).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['similarity', 'ttl']);
    expect(parseCacheInputs({ mode: 'exact', ttl: '2592001', similarity: '0.9', random: false }).errors.ttl).toMatch(/seconds/);
  });

  it('round-trips what the API shows', () => {
    const policy = { mode: 'exact' as const, ttl_seconds: 120, similarity: 0.9, random: false };
    expect(parseCacheInputs(cacheInputs(policy)).cache).toEqual(policy);
  });
});

describe('cacheSummary', () => {
  it('says the mode, time to live and what else applies', () => {
    expect(cacheSummary({ mode: 'semantic', ttl_seconds: 3600, similarity: 0.9, random: false }, 'none')).toBe('semantic · 1h · ≥ 0.9');
    expect(cacheSummary({ mode: 'exact', ttl_seconds: 90, similarity: 0.9, random: true }, 'none')).toBe('exact · 90s · random too');
    expect(cacheSummary({ mode: 'off', ttl_seconds: 60, similarity: 0.9, random: false }, 'none')).toBe('off');
    expect(cacheSummary(null, "tenant's")).toBe("tenant's");
  });
});
