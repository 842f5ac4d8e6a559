// The JSON the silo's admin API speaks (snake_case, enums as snake_case strings).
// Mirrors src/Gateway/Admin/*.cs; amounts are US dollars unless a field says micros.

export type Role = 'user' | 'tenant_admin' | 'system_admin';
export type KeyStatus = 'active' | 'revoked';
export type GroupBy = 'day' | 'model' | 'key' | 'node' | `tag:${string}`;

/** The five limits a tenant or key may carry; null = no limit. */
export interface Limits {
  rpm: number | null;
  tpm: number | null;
  daily_cost_usd: number | null;
  monthly_cost_usd: number | null;
  monthly_tokens: number | null;
}

export type BillingMode = 'postpaid' | 'prepaid';

export type CacheMode = 'off' | 'exact' | 'semantic';

/** A key's class in a saturated model's queue: interactive requests go before batch ones. */
export type Priority = 'interactive' | 'batch';

/** A tenant's or key's response-cache policy; a key's narrows its tenant's. */
export interface CachePolicy {
  mode: CacheMode;
  ttl_seconds: number;
  /** Cosine similarity a semantic hit needs, above 0 and at most 1. */
  similarity: number;
  /** Whether sampled outputs (temperature above 0 without a seed) are cached too. */
  random: boolean;
}

export interface Tenant extends Limits {
  id: string;
  name: string;
  disabled: boolean;
  created_at: string;
  plan?: string | null;
  billing?: BillingMode;
  low_balance_usd?: number | null;
  /** null: no cache. */
  cache?: CachePolicy | null;
  /** The tenant's requests carry a cache_salt of their own: no prefix-cache sharing with other tenants. */
  kv_isolation?: boolean;
  /** Its requests running at once across the cluster, at most; null: no cap. */
  max_concurrent?: number | null;
  /** Its weight in a saturated model's queue (1 and up). */
  weight?: number;
  /** The fraction of the served GPU work guaranteed to it while it waits; null: none. */
  guaranteed_share?: number | null;
}

export interface ApiKey extends Limits {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  role: Role;
  status: KeyStatus;
  allowed_models: string[];
  expires_at: string | null;
  created_at: string;
  /** The secret: only in the answer that created or rotated the key. */
  key: string | null;
  /** null: the tenant's policy. */
  cache?: CachePolicy | null;
  /** Its requests running at once across the cluster, at most; null: no cap. */
  max_concurrent?: number | null;
  priority?: Priority;
}

export interface CreateKeyRequest extends Partial<Limits> {
  name: string;
  role: Role;
  allowed_models?: string[];
  expires_at?: string | null;
  priority?: Priority;
  max_concurrent?: number | null;
}

export interface CreateTenantRequest extends Partial<Limits> {
  name: string;
  plan?: string | null;
  weight?: number;
  guaranteed_share?: number | null;
  max_concurrent?: number | null;
}

export interface BudgetLimit {
  name: 'requests_per_minute' | 'tokens_per_minute' | 'daily_cost' | 'monthly_cost' | 'monthly_tokens';
  unit: 'requests' | 'tokens' | 'usd_micros';
  limit: number;
  used: number;
  remaining: number;
  window: 'minute' | 'day' | 'month';
  resets_at: string;
}

export interface Budget {
  scope: 'key' | 'tenant';
  id: string;
  tenant_id: string;
  limits: BudgetLimit[];
}

export interface UsageRow {
  group: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  errors: number;
  p50_ttft_ms: number | null;
  p95_ttft_ms: number | null;
  /** The attempts' shares of their nodes' busy time. */
  gpu_seconds?: number;
  gpu_cost_usd?: number | null;
  /** Grouped by node: this tenant's share (0..1) of the node's busy time. */
  node_share?: number | null;
}

export interface UsageReport {
  from: string;
  to: string;
  group_by: GroupBy;
  tenant_id: string | null;
  api_key_id: string | null;
  rows: UsageRow[];
  /** What the response cache saved in the range and scope. */
  cache?: CacheSavings;
}

export interface CacheSavings {
  hits: number;
  saved_tokens: number;
  saved_usd: number;
}

export interface UsageQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  /** Only requests carrying every one of these tags, each `key:value`. */
  tags?: string[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_key_id: string | null;
  /** The identity provider's subject of a signed-in user, or key/{id}. */
  actor_subject: string | null;
  actor_name: string | null;
  tenant_id: string | null;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

export interface AuditQuery {
  tenantId?: string | null;
  from?: string | null;
  to?: string | null;
  limit?: number;
}

export interface NodeLoad {
  state: 'unknown' | 'fresh' | 'stale';
  age_ms: number | null;
  waiting: number | null;
  running: number | null;
  /** Fraction 0..1 of the KV cache in use. */
  kv_cache_usage: number | null;
  kv_capacity_tokens: number | null;
  prefix_cache_hit_rate: number | null;
  scrape_failures: number;
  saturated: boolean;
}

export interface NodeState {
  id: string;
  base_url: string;
  engine: string;
  models: string[];
  models_discovered: boolean;
  vram_gb: number;
  labels: Record<string, string>;
  draining: boolean;
  in_flight: number;
  in_flight_tokens: number;
  circuit: 'closed' | 'open' | 'halfopen';
  load: NodeLoad;
  created_at: string;
}

/** Who signed in: from the key's own budget (its id and tenant) and its admin record (role, name). */
/** GET /admin/me. */
export interface WhoAmI {
  subject: string;
  name: string | null;
  role: Role;
  tenant_id: string;
  tenant_name: string | null;
  key_id: string | null;
}

/** Who is signed in to the portal. */
export interface Identity {
  subject: string;
  /** The key's name, or the user's name at the identity provider. */
  name: string;
  /** The admin key, when signed in with one. */
  keyId: string | null;
  tenantId: string;
  tenantName: string;
  role: Role;
}

/** GET /admin/models/{name}/scaling, and each model of GET /admin/cluster. */
export interface ModelScaling {
  model: string;
  current_nodes: number;
  desired_nodes: number;
  reason: 'steady' | 'queue_wait' | 'kv_cache' | 'engine_queue' | 'idle' | 'cooling_down';
  why: string;
  signals: { current_nodes: number; running: number; waiting: number; kv_usage: number | null; queued: number; queue_wait_p95_seconds: number };
  computed_at: string;
  changed_at: string;
}

/** A silo as Orleans' membership has it. */
export interface SiloInfo {
  name: string;
  address: string;
  status: string;
  started_at: string;
  activations: number | null;
}

/** GET /admin/cluster. */
export interface ClusterInfo {
  silos: SiloInfo[];
  models: ModelScaling[];
}

/** The rules by which a key's or tenant's grain raises alerts (GET/PUT /admin/{keys|tenants}/{id}/alerts). */
export interface AlertRules {
  scope: 'key' | 'tenant';
  id: string;
  /** Percentages of each budget (1..100), ascending. */
  thresholds: number[];
  /** An hour's spend above this many times the trailing 7-day hourly average raises spend.anomaly; null = off. */
  anomaly_factor: number | null;
  /** True when the key or tenant has no rules of its own (the defaults apply). */
  is_default: boolean;
}

export interface AlertRulesRequest {
  thresholds: number[];
  anomaly_factor: number | null;
}

export type WebhookEvent = 'budget.threshold' | 'spend.anomaly' | 'invoice.finalized' | 'wallet.low';

export interface Webhook {
  id: string;
  tenant_id: string | null;
  url: string;
  /** Empty: every event. */
  events: WebhookEvent[];
  format: 'json' | 'slack';
  created_at: string;
  /** The signing secret: only in the answer that created the webhook. */
  secret: string | null;
}

export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  format: 'json' | 'slack';
  tenant_id?: string;
}

/** One attempt to deliver one event to a webhook. */
export interface DeliveryAttempt {
  event_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  delivered: boolean;
}

/** A billing plan (versioned: each change is a new version). */
export interface Plan extends Limits {
  name: string;
  version: number;
  monthly_fee_usd: number;
  included_usd: number;
  overage: 'overage' | 'stop';
  billing: BillingMode;
  updated_at: string;
  /** The plan's own prices of some models (USD per million tokens), replacing the models' prices for its tenants. */
  included_tokens: number | null;
  model_prices: { model: string; input_usd_per_million: number; output_usd_per_million: number }[];
}

/** What a system admin sets on a plan (POST takes a name too; PATCH makes the next version). */
export interface PlanFields extends Limits {
  monthly_fee_usd: number;
  included_usd: number;
  included_tokens: number | null;
  overage: 'overage' | 'stop';
  billing: BillingMode;
}

export interface WalletTransaction {
  id: string;
  amount_usd: number;
  reason: string;
  idempotency_key: string;
  actor: string;
  created_at: string;
}

/** A tenant's wallet: exact to the micro-dollar, held by the tenant's grain. */
export interface Wallet {
  tenant_id: string;
  prepaid: boolean;
  balance_usd: number;
  credited_usd: number;
  spent_usd: number;
  reserved_usd: number;
  available_usd: number;
  low_balance_usd: number | null;
  low: boolean;
  transactions: WalletTransaction[];
}

export interface TopUpRequest {
  amount_usd: number;
  reason: string;
}

export interface TopUpAnswer {
  transaction: WalletTransaction | null;
  wallet: Wallet;
  replayed: boolean;
}

export type InvoiceLineKind = 'plan_fee' | 'usage' | 'late_usage' | 'included_allowance' | 'credits_applied';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  description: string;
  model: string | null;
  usage_period: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  input_usd_per_million: number | null;
  output_usd_per_million: number | null;
  amount_usd: number;
}

export interface Invoice {
  number: string;
  tenant_id: string;
  period: string;
  period_start: string;
  period_end: string;
  status: 'draft' | 'finalized';
  finalized_at: string | null;
  plan: string | null;
  plan_fee_usd: number;
  usage_usd: number;
  included_usd: number;
  included_used_usd: number;
  credits_applied_usd: number;
  adjustments_usd: number;
  total_usd: number;
  included_tokens: number;
  included_tokens_used: number;
  lines: InvoiceLine[];
  /** Corrections of a finalized invoice, each under its own number; the invoice's own amounts never change. */
  credit_notes: { number: string; invoice_number: string; amount_usd: number; reason: string; actor: string; created_at: string }[];
  credited_usd: number;
}
