import { describe, expect, it } from 'vitest';
import { actionArea, changedFields, filterAudit } from './audit';

describe('changedFields', () => {
  it('lists only what changed', () => {
    const before = JSON.stringify({ name: 'ci', rpm: 60, status: 'active', allowed_models: [] });
    const after = JSON.stringify({ name: 'ci', rpm: 120, status: 'revoked', allowed_models: [] });
    expect(changedFields(before, after)).toEqual([
      { field: 'rpm', before: '60', after: '120' },
      { field: 'status', before: 'active', after: 'revoked' },
    ]);
  });

  it('shows every field of a create, with none for nulls', () => {
    expect(changedFields(null, JSON.stringify({ name: 'ci', rpm: null }))).toEqual([
      { field: 'name', before: '—', after: 'ci' },
      { field: 'rpm', before: '—', after: 'none' },
    ]);
  });

  it('survives text that is not a JSON object', () => {
    expect(changedFields('oops', '[1,2]')).toEqual([]);
  });
});

describe('filterAudit', () => {
  const entries = [
    { action: 'key.create', target: 'key/abc' },
    { action: 'key.revoke', target: 'key/def' },
    { action: 'tenant.update', target: 'tenant/xyz' },
  ];

  it('filters by area and by text in the action or target', () => {
    expect(actionArea('key.revoke')).toBe('key');
    expect(filterAudit(entries, { area: 'key', text: '' })).toHaveLength(2);
    expect(filterAudit(entries, { area: '', text: 'REVOKE' })).toEqual([entries[1]]);
    expect(filterAudit(entries, { area: 'tenant', text: 'xyz' })).toEqual([entries[2]]);
    expect(filterAudit(entries, { area: '', text: '' })).toHaveLength(3);
  });
});
