import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Tenant } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { ErrorNotice } from '../components/ErrorNotice';
import { CacheFieldset } from '../components/CacheFieldset';
import { LimitsFieldset } from '../components/LimitsFieldset';
import { ShareFieldset } from '../components/ShareFieldset';
import { Modal } from '../components/Modal';
import { formatDateTime } from '../lib/format';
import { cacheInputs, cacheSummary, parseCacheInputs, type CacheField } from '../lib/cache';
import { limitInputs, limitsSummary, parseLimitInputs, type LimitName } from '../lib/limits';
import { parseTenantShare, shareInputs, shareSummary, type ShareField } from '../lib/share';

type Dialog = { kind: 'create' } | { kind: 'edit'; tenant: Tenant } | null;

export function TenantsPage() {
  const { client, identity } = useSession();
  const scope = useScope();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const tenants = useQuery({ queryKey: ['tenants'], queryFn: () => client.listTenants() });

  return (
    <section aria-labelledby="tenants-title">
      <div className="page-head">
        <h1 id="tenants-title">Tenants</h1>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          Create tenant
        </button>
      </div>
      <Async query={tenants} what="tenants">
        {(list) => (
          <div className="table-wrap">
            <table data-testid="tenants-table">
              <caption className="visually-hidden">Tenants</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Limits</th>
                  <th scope="col">Cache</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      {t.name}
                      {t.id === identity.tenantId && <span className="tag">yours</span>}
                      <div className="muted mono small">{t.id}</div>
                    </th>
                    <td>
                      <span className={`badge badge-${t.disabled ? 'revoked' : 'active'}`}>{t.disabled ? 'disabled' : 'active'}</span>
                    </td>
                    <td>
                      {limitsSummary(t)}
                      {shareSummary(t) && <div className="muted small">{shareSummary(t)}</div>}
                    </td>
                    <td>
                      {cacheSummary(t.cache, 'none')}
                      {t.kv_isolation && <span className="tag">KV isolated</span>}
                    </td>
                    <td className="nowrap">{formatDateTime(t.created_at)}</td>
                    <td className="row-actions">
                      <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'edit', tenant: t })} aria-label={`Edit ${t.name}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => {
                          scope.setTenantId(t.id);
                          navigate('/');
                        }}
                        aria-label={`Open ${t.name}`}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      {dialog && <TenantDialog tenant={dialog.kind === 'edit' ? dialog.tenant : null} onClose={() => setDialog(null)} />}
    </section>
  );
}

function TenantDialog({ tenant, onClose }: { tenant: Tenant | null; onClose: () => void }) {
  const { client, identity } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(tenant?.name ?? '');
  const [disabled, setDisabled] = useState(tenant?.disabled ?? false);
  const [inputs, setInputs] = useState(limitInputs(tenant));
  const [cache, setCache] = useState(cacheInputs(tenant?.cache));
  const [kvIsolation, setKvIsolation] = useState(tenant?.kv_isolation ?? false);
  const [share, setShare] = useState(shareInputs(tenant));
  const [errors, setErrors] = useState<Partial<Record<LimitName | CacheField | ShareField | 'name', string>>>({});
  const [plan, setPlan] = useState(tenant?.plan ?? '');
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => client.listPlans() });
  // Only a changed plan is sent: a change takes effect at once and the invoice prorates the fee from it.
  const planChange = plan === (tenant?.plan ?? '') ? {} : { plan: plan === '' ? null : plan };

  const save = useMutation({
    mutationFn: ({
      disabled: off,
      cache: policy,
      ...body
    }: { name: string; disabled: boolean; cache: ReturnType<typeof parseCacheInputs>['cache'] } & ReturnType<typeof parseLimitInputs>['limits'] & ReturnType<typeof parseTenantShare>['share']) =>
      tenant
        ? client.patchTenant(tenant.id, { ...body, disabled: off, cache: policy, kv_isolation: kvIsolation, ...planChange })
        : client.createTenant({ ...body, ...planChange }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['tenants'] });
      void queryClient.invalidateQueries({ queryKey: ['tenant', saved.id] });
      void queryClient.invalidateQueries({ queryKey: ['invoices', saved.id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onClose();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseLimitInputs(inputs);
    const policy = parseCacheInputs(cache);
    const fair = parseTenantShare(share);
    const problems: typeof errors = { ...parsed.errors, ...policy.errors, ...fair.errors };
    if (!name.trim()) problems.name = 'Give the tenant a name.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({ name: name.trim(), disabled, cache: policy.cache, ...parsed.limits, ...fair.share });
  }

  const own = tenant?.id === identity.tenantId;
  return (
    <Modal open title={tenant ? `Edit tenant "${tenant.name}"` : 'Create a tenant'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {save.isError && <ErrorNotice error={save.error} context={tenant ? 'The tenant was not changed' : 'The tenant was not created'} />}
        <div className="field">
          <label htmlFor="tenant-name">Name</label>
          <input id="tenant-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'tenant-name-error' : undefined} autoFocus />
          {errors.name && (
            <span id="tenant-name-error" className="field-error">
              {errors.name}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="tenant-plan">Plan</label>
          <select id="tenant-plan" value={plan} onChange={(e) => setPlan(e.target.value)} aria-describedby="tenant-plan-hint">
            <option value="">No plan (the models' prices)</option>
            {(plans.data ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} (v{p.version})
              </option>
            ))}
          </select>
          <span id="tenant-plan-hint" className="hint">
            A change takes effect at once; this month's invoice prorates the fee of each plan.
          </span>
        </div>
        <LimitsFieldset inputs={inputs} errors={errors} onChange={setInputs} legend="Tenant limits (shared by all its keys)" />
        <ShareFieldset kind="tenant" inputs={share} errors={errors} onChange={setShare} />
        {tenant && (
          <>
            <CacheFieldset inputs={cache} errors={errors} onChange={setCache} noneLabel="None (no cache)" hint="Answers are kept per tenant, never shared with another. A key's own policy can only narrow this one." />
            <label className="field-inline checkbox">
              <input type="checkbox" checked={kvIsolation} onChange={(e) => setKvIsolation(e.target.checked)} />
              <span>KV-cache isolation: nodes share no prompt prefix cache between this tenant and others</span>
            </label>
          </>
        )}
        {tenant && (
          <label className="field-inline checkbox">
            <input type="checkbox" checked={disabled} disabled={own} onChange={(e) => setDisabled(e.target.checked)} />
            <span>Disabled: every key of this tenant is refused{own ? ' (not for your own tenant)' : ''}</span>
          </label>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : tenant ? 'Save' : 'Create tenant'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
