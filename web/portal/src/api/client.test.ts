import { describe, expect, it } from 'vitest';
import { ApiClient, buildQuery } from './client';
import { ApiError } from './errors';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers from a table of routes and records every call. */
function fakeFetch(routes: Record<string, (init: RequestInit) => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    const key = `${init?.method ?? 'GET'} ${url}`;
    const route = routes[key];
    if (!route) throw new Error(`unexpected request ${key}`);
    return route(init ?? {});
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

const TENANT = '11111111-1111-1111-1111-111111111111';
const KEY = '22222222-2222-2222-2222-222222222222';

describe('buildQuery', () => {
  it('keeps only set values, encoded', () => {
    expect(buildQuery({ from: '2026-11-01', to: null, group_by: 'model', format: undefined, q: 'a b&c' })).toBe('?from=2026-11-01&group_by=model&q=a+b%26c');
  });

  it('is empty when nothing is set', () => {
    expect(buildQuery({ a: null, b: '' })).toBe('');
    expect(buildQuery({ group_by: 'tag:customer', tag: ['feature:search', 'env:prod'] })).toBe('?group_by=tag%3Acustomer&tag=feature%3Asearch&tag=env%3Aprod');
  });
});

describe('ApiClient', () => {
  it('sends the key as a bearer token and parses JSON', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /admin/tenants': () => json(200, [{ id: TENANT, name: 'acme' }]) });
    const tenants = await new ApiClient('gl-secret', { fetch }).listTenants();
    expect(tenants[0]?.name).toBe('acme');
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer gl-secret');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('prefixes a base URL without doubling slashes', async () => {
    const { fetch, calls } = fakeFetch({ 'GET http://127.0.0.1:8080/admin/nodes': () => json(200, []) });
    await new ApiClient('k', { fetch, baseUrl: 'http://127.0.0.1:8080/' }).listNodes();
    expect(calls[0]?.url).toBe('http://127.0.0.1:8080/admin/nodes');
  });

  it('works out who is signed in from /admin/me', async () => {
    const { fetch } = fakeFetch({
      'GET /admin/me': () => json(200, { subject: `key/${KEY}`, name: 'ops', role: 'tenant_admin', tenant_id: TENANT, tenant_name: 'acme', key_id: KEY }),
    });
    expect(await new ApiClient('k', { fetch }).whoAmI()).toEqual({
      subject: `key/${KEY}`,
      name: 'ops',
      keyId: KEY,
      tenantId: TENANT,
      tenantName: 'acme',
      role: 'tenant_admin',
    });
  });

  it('refuses a user key at sign-in with the API\'s 403', async () => {
    const { fetch } = fakeFetch({
      'GET /admin/me': () =>
        json(403, { error: { message: 'This key may not use the admin API.', type: 'permission_error', param: null, code: 'insufficient_permissions' } }),
    });
    await expect(new ApiClient('k', { fetch }).whoAmI()).rejects.toMatchObject({ kind: 'forbidden', status: 403, code: 'insufficient_permissions' });
  });

  it('creates a key with a JSON body and returns the one-time secret', async () => {
    const { fetch, calls } = fakeFetch({
      [`POST /admin/tenants/${TENANT}/keys`]: (init) => json(201, { ...JSON.parse(String(init.body)), id: KEY, key: 'gl-new' }),
    });
    const key = await new ApiClient('k', { fetch }).createKey(TENANT, { name: 'ci', role: 'user', rpm: 60 });
    expect(key.key).toBe('gl-new');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ name: 'ci', role: 'user', rpm: 60 });
    expect((calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('sends null limits in a patch so they are removed', async () => {
    const { fetch, calls } = fakeFetch({ [`PATCH /admin/keys/${KEY}`]: () => json(200, { id: KEY }) });
    await new ApiClient('k', { fetch }).patchKey(KEY, { rpm: null, daily_cost_usd: 5 });
    expect(String(calls[0]?.init.body)).toBe('{"rpm":null,"daily_cost_usd":5}');
  });

  it('revokes with DELETE and rotates with the grace period in the query', async () => {
    const { fetch, calls } = fakeFetch({
      [`DELETE /admin/keys/${KEY}`]: () => json(200, { id: KEY, status: 'revoked' }),
      [`POST /admin/keys/${KEY}/rotate?grace_seconds=3600`]: () => json(200, { id: KEY, key: 'gl-rotated' }),
    });
    const client = new ApiClient('k', { fetch });
    expect((await client.revokeKey(KEY)).status).toBe('revoked');
    expect((await client.rotateKey(KEY, 3600)).key).toBe('gl-rotated');
    expect(calls.map((c) => c.init.method)).toEqual(['DELETE', 'POST']);
  });

  it('asks for usage with from, to and group_by, and for the CSV as text', async () => {
    const csv = 'group,requests\r\ndemo-8b,3\r\n';
    const { fetch, calls } = fakeFetch({
      [`GET /admin/tenants/${TENANT}/usage?from=2026-11-01&to=2026-11-29&group_by=model`]: () =>
        json(200, { from: '2026-11-01', to: '2026-11-29', group_by: 'model', rows: [] }),
      [`GET /admin/tenants/${TENANT}/usage?from=2026-11-01&to=2026-11-29&group_by=model&format=csv`]: () =>
        new Response(csv, { status: 200, headers: { 'Content-Type': 'text/csv' } }),
    });
    const client = new ApiClient('k', { fetch });
    const query = { from: '2026-11-01', to: '2026-11-29', groupBy: 'model' as const };
    expect((await client.tenantUsage(TENANT, query)).group_by).toBe('model');
    expect(await client.tenantUsageCsv(TENANT, query)).toBe(csv);
    expect((calls[1]?.init.headers as Record<string, string>).Accept).toBe('text/csv');
  });

  it('passes audit filters and leaves out the ones not given', async () => {
    const { fetch, calls } = fakeFetch({ [`GET /admin/audit?tenant_id=${TENANT}&limit=200`]: () => json(200, []) });
    await new ApiClient('k', { fetch }).audit({ tenantId: TENANT, from: null, limit: 200 });
    expect(calls).toHaveLength(1);
  });

  it('escapes node ids in drain URLs', async () => {
    const { fetch, calls } = fakeFetch({ 'POST /admin/nodes/gpu%2F1/drain': () => json(200, { id: 'gpu/1', draining: true }) });
    await new ApiClient('k', { fetch }).drainNode('gpu/1');
    expect(calls[0]?.url).toBe('/admin/nodes/gpu%2F1/drain');
  });

  it('turns a 429 into a rate-limit error with its Retry-After', async () => {
    const { fetch } = fakeFetch({
      'GET /admin/nodes': () =>
        json(429, { error: { message: 'Rate limit reached.', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'Retry-After': '7' }),
    });
    const error = await new ApiClient('k', { fetch }).listNodes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 7, message: 'Rate limit reached.' });
  });

  it('turns a rejected fetch into a network error', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(new ApiClient('k', { fetch }).listTenants()).rejects.toMatchObject({ kind: 'network', status: 0 });
  });

  it('gives up after its timeout with a timeout error', async () => {
    const fetch = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof globalThis.fetch;
    await expect(new ApiClient('k', { fetch, timeoutMs: 10 }).listTenants()).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('reports a non-JSON success body instead of crashing', async () => {
    const { fetch } = fakeFetch({ 'GET /admin/tenants': () => new Response('<html>proxy</html>', { status: 200 }) });
    await expect(new ApiClient('k', { fetch }).listTenants()).rejects.toMatchObject({ kind: 'unexpected' });
  });

  it('resolves a 204 to undefined', async () => {
    const { fetch } = fakeFetch({ 'GET /admin/tenants': () => new Response(null, { status: 204 }) });
    expect(await new ApiClient('k', { fetch }).listTenants()).toBeUndefined();
  });
});
