import { ApiError, errorFromResponse, errorFromThrown } from './errors';
import type {
  AlertRules,
  AlertRulesRequest,
  ApiKey,
  AuditEntry,
  AuditQuery,
  CachePolicy,
  ClusterInfo,
  CreateKeyRequest,
  CreateTenantRequest,
  CreateWebhookRequest,
  DeliveryAttempt,
  Identity,
  Invoice,
  Limits,
  NodeState,
  Plan,
  PlanFields,
  Priority,
  Tenant,
  TopUpAnswer,
  TopUpRequest,
  UsageQuery,
  UsageReport,
  Wallet,
  Webhook,
  WhoAmI,
} from './types';

type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface ApiClientOptions {
  /** Origin of the silo; '' = the page's own origin (the portal is served by the silo). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Abandon a request after this long (ms). */
  timeoutMs?: number;
}

/** `?a=1&b=x` from the values that are set, or '' when none is. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    // An array is a repeated parameter (tag=a:1&tag=b:2).
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function usageParams(query: UsageQuery, format?: 'csv'): Record<string, QueryValue> {
  return { from: query.from, to: query.to, group_by: query.groupBy, tag: query.tags, format };
}

/** The admin REST API, called with one admin key. Every failure is thrown as an {@link ApiError}. */
export class ApiClient {
  private readonly key: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(key: string, options: ApiClientOptions = {}) {
    this.key = key;
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Sends a request and returns the raw successful response. */
  async send(method: string, path: string, body?: unknown, accept = 'application/json', extraHeaders: Record<string, string> = {}): Promise<Response> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const headers: Record<string, string> = { ...extraHeaders, Authorization: `Bearer ${this.key}`, Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        cache: 'no-store',
      });
    } catch (thrown) {
      throw errorFromThrown(thrown, timedOut);
    } finally {
      clearTimeout(timer);
    }

    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw errorFromResponse(response.status, response.statusText, response.headers, text);
    }
    return response;
  }

  /** A JSON request; 204 answers resolve to undefined. */
  async json<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const response = await this.send(method, path, body, 'application/json', extraHeaders);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new ApiError({ kind: 'unexpected', status: response.status, message: 'The silo answered with something that is not JSON.' });
    }
  }

  /** Who is signed in (an admin key or a user of the identity provider), from the admin API. */
  async whoAmI(): Promise<Identity> {
    const me = await this.json<WhoAmI>('GET', '/admin/me');
    return { subject: me.subject, name: me.name ?? me.subject, keyId: me.key_id, tenantId: me.tenant_id, tenantName: me.tenant_name ?? me.tenant_id, role: me.role };
  }

  getTenant(id: string): Promise<Tenant> {
    return this.json('GET', `/admin/tenants/${id}`);
  }

  listTenants(): Promise<Tenant[]> {
    return this.json('GET', '/admin/tenants');
  }

  createTenant(request: CreateTenantRequest): Promise<Tenant> {
    return this.json('POST', '/admin/tenants', request);
  }

  /** Merge-patch: absent fields stay, null removes a limit. */
  patchTenant(
    id: string,
    patch: Partial<Limits> & { name?: string; disabled?: boolean; cache?: CachePolicy | null; kv_isolation?: boolean; plan?: string | null; weight?: number; guaranteed_share?: number | null; max_concurrent?: number | null },
  ): Promise<Tenant> {
    return this.json('PATCH', `/admin/tenants/${id}`, patch);
  }

  listKeys(tenantId: string): Promise<ApiKey[]> {
    return this.json('GET', `/admin/tenants/${tenantId}/keys`);
  }

  createKey(tenantId: string, request: CreateKeyRequest): Promise<ApiKey> {
    return this.json('POST', `/admin/tenants/${tenantId}/keys`, request);
  }

  patchKey(id: string, patch: Partial<Limits> & { name?: string; expires_at?: string | null; cache?: CachePolicy | null; priority?: Priority; max_concurrent?: number | null }): Promise<ApiKey> {
    return this.json('PATCH', `/admin/keys/${id}`, patch);
  }

  /** Revokes the key on every silo (DELETE answers the revoked key). */
  revokeKey(id: string): Promise<ApiKey> {
    return this.json('DELETE', `/admin/keys/${id}`);
  }

  /** A new secret; the old one keeps working for the grace period. */
  rotateKey(id: string, graceSeconds: number): Promise<ApiKey> {
    return this.json('POST', `/admin/keys/${id}/rotate${buildQuery({ grace_seconds: graceSeconds })}`);
  }

  tenantUsage(tenantId: string, query: UsageQuery): Promise<UsageReport> {
    return this.json('GET', `/admin/tenants/${tenantId}/usage${buildQuery(usageParams(query))}`);
  }

  /** Usage across every tenant (system admin); `tenant` groups by tenant. */
  clusterUsage(query: Omit<UsageQuery, 'groupBy'> & { groupBy: UsageQuery['groupBy'] | 'tenant' }): Promise<UsageReport> {
    return this.json('GET', `/admin/usage${buildQuery({ from: query.from, to: query.to, group_by: query.groupBy })}`);
  }

  /** The silos Orleans knows and every model's queue and scaling recommendation (system admin). */
  cluster(): Promise<ClusterInfo> {
    return this.json('GET', '/admin/cluster');
  }

  keyUsage(keyId: string, query: UsageQuery): Promise<UsageReport> {
    return this.json('GET', `/admin/keys/${keyId}/usage${buildQuery(usageParams(query))}`);
  }

  /** The REST API's own CSV of a tenant's usage. */
  async tenantUsageCsv(tenantId: string, query: UsageQuery): Promise<string> {
    const response = await this.send('GET', `/admin/tenants/${tenantId}/usage${buildQuery(usageParams(query, 'csv'))}`, undefined, 'text/csv');
    return response.text();
  }

  audit(query: AuditQuery): Promise<AuditEntry[]> {
    return this.json(
      'GET',
      `/admin/audit${buildQuery({ tenant_id: query.tenantId, from: query.from, to: query.to, limit: query.limit })}`,
    );
  }

  listNodes(): Promise<NodeState[]> {
    return this.json('GET', '/admin/nodes');
  }

  drainNode(id: string): Promise<NodeState> {
    return this.json('POST', `/admin/nodes/${encodeURIComponent(id)}/drain`);
  }

  undrainNode(id: string): Promise<NodeState> {
    return this.json('POST', `/admin/nodes/${encodeURIComponent(id)}/undrain`);
  }

  /** The alert rules of a key or a tenant (the defaults when it has none). */
  alertRules(scope: 'key' | 'tenant', id: string): Promise<AlertRules> {
    return this.json('GET', `/admin/${scope === 'key' ? 'keys' : 'tenants'}/${id}/alerts`);
  }

  putAlertRules(scope: 'key' | 'tenant', id: string, rules: AlertRulesRequest): Promise<AlertRules> {
    return this.json('PUT', `/admin/${scope === 'key' ? 'keys' : 'tenants'}/${id}/alerts`, rules);
  }

  /** A tenant admin's webhooks are its tenant's; a system admin sees every webhook. */
  listWebhooks(): Promise<Webhook[]> {
    return this.json('GET', '/admin/webhooks');
  }

  /** The answer carries the signing secret, once. */
  createWebhook(request: CreateWebhookRequest): Promise<Webhook> {
    return this.json('POST', '/admin/webhooks', request);
  }

  webhookDeliveries(id: string): Promise<DeliveryAttempt[]> {
    return this.json('GET', `/admin/webhooks/${id}/deliveries`);
  }

  /** A system admin sees every plan; a tenant admin only its own tenant's. */
  listPlans(): Promise<Plan[]> {
    return this.json('GET', '/admin/plans');
  }

  getPlan(name: string): Promise<Plan> {
    return this.json('GET', `/admin/plans/${encodeURIComponent(name)}`);
  }

  /** A new plan at version 1 (system admin). */
  createPlan(plan: PlanFields & { name: string }): Promise<Plan> {
    return this.json('POST', '/admin/plans', plan);
  }

  /** The plan's next version (system admin); its tenants are held to it at once. */
  patchPlan(name: string, fields: PlanFields): Promise<Plan> {
    return this.json('PATCH', `/admin/plans/${encodeURIComponent(name)}`, fields);
  }

  /** Balance, low threshold and the latest transactions. */
  wallet(tenantId: string): Promise<Wallet> {
    return this.json('GET', `/admin/tenants/${tenantId}/wallet`);
  }

  /** A credit (system admin); the same idempotency key again credits nothing more. */
  topUp(tenantId: string, request: TopUpRequest, idempotencyKey: string): Promise<TopUpAnswer> {
    return this.json('POST', `/admin/tenants/${tenantId}/wallet/topups`, request, { 'Idempotency-Key': idempotencyKey });
  }

  /** Finalized invoices and the running month's draft. */
  listInvoices(tenantId: string): Promise<Invoice[]> {
    return this.json('GET', `/admin/tenants/${tenantId}/invoices`);
  }

  getInvoice(tenantId: string, number: string): Promise<Invoice> {
    return this.json('GET', `/admin/tenants/${tenantId}/invoices/${encodeURIComponent(number)}`);
  }

  /** The REST API's own CSV of one invoice. */
  async invoiceCsv(tenantId: string, number: string): Promise<string> {
    const response = await this.send('GET', `/admin/tenants/${tenantId}/invoices/${encodeURIComponent(number)}${buildQuery({ format: 'csv' })}`, undefined, 'text/csv');
    return response.text();
  }
}
