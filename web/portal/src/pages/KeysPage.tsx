import { useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ApiKey } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { cacheSummary } from '../lib/cache';
import { addDays } from '../lib/dates';
import { formatDateTime, formatRelative, roleLabel } from '../lib/format';
import { limitsSummary } from '../lib/limits';
import { shareSummary } from '../lib/share';
import { todayUtc } from '../lib/today';
import { lastActiveDay } from '../lib/usage';
import { CreateKeyDialog } from './keys/CreateKeyDialog';
import { EditKeyDialog } from './keys/EditKeyDialog';
import { RevokeKeyDialog } from './keys/RevokeKeyDialog';
import { RotateKeyDialog } from './keys/RotateKeyDialog';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'rotate' | 'revoke'; key: ApiKey } | null;

/** How far back "last used" looks (the ledger keeps daily rollups; the API has no per-key timestamp). */
const LAST_USED_DAYS = 90;

function effectiveStatus(k: ApiKey, now: Date): 'active' | 'revoked' | 'expired' {
  if (k.status === 'revoked') return 'revoked';
  if (k.expires_at && Date.parse(k.expires_at) <= now.getTime()) return 'expired';
  return 'active';
}

export function KeysPage() {
  const { client, identity } = useSession();
  const { tenantId, tenantName } = useScope();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showRevoked, setShowRevoked] = useState(true);
  const [search, setSearch] = useState('');
  const keys = useQuery({ queryKey: ['keys', tenantId], queryFn: () => client.listKeys(tenantId) });
  const today = todayUtc();
  const since = addDays(today, -(LAST_USED_DAYS - 1));
  const list = keys.data ?? [];
  const lastUsed = useQueries({
    queries: list.map((k) => ({
      queryKey: ['usage', tenantId, 'last-used', k.id, since, today],
      queryFn: () => client.keyUsage(k.id, { from: since, to: today, groupBy: 'day' }),
    })),
  });
  const now = new Date();
  const needle = search.trim().toLowerCase();

  return (
    <section aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">Keys · {tenantName}</h1>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          Create key
        </button>
      </div>
      <div className="toolbar">
        <label className="field-inline">
          <span>Search</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or prefix" />
        </label>
        <label className="field-inline checkbox">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
          <span>Show revoked keys</span>
        </label>
      </div>
      <Async query={keys} what="keys">
        {(all) => {
          const shown = all
            .map((k, i) => ({ k, i }))
            .filter(({ k }) => showRevoked || k.status !== 'revoked')
            .filter(({ k }) => !needle || k.name.toLowerCase().includes(needle) || k.prefix.toLowerCase().includes(needle));
          if (shown.length === 0) return <p className="muted">{all.length === 0 ? 'This tenant has no keys yet.' : 'No key matches.'}</p>;
          return (
            <div className="table-wrap">
              <table data-testid="keys-table">
                <caption className="visually-hidden">API keys of {tenantName}</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Prefix</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Limits</th>
                    <th scope="col">Cache</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map(({ k, i }) => {
                    const status = effectiveStatus(k, now);
                    const usage = lastUsed[i];
                    const day = usage?.data ? lastActiveDay(usage.data.rows) : null;
                    const self = k.id === identity.keyId;
                    return (
                      <tr key={k.id} data-key-id={k.id}>
                        <th scope="row">
                          {k.name}
                          {self && <span className="tag">you</span>}
                        </th>
                        <td className="mono">{k.prefix}…</td>
                        <td>{roleLabel(k.role)}</td>
                        <td>
                          <span className={`badge badge-${status}`}>{status}</span>
                        </td>
                        <td>
                          {limitsSummary(k)}
                          {shareSummary(k) && <div className="muted small">{shareSummary(k)}</div>}
                        </td>
                        <td>{cacheSummary(k.cache, "tenant's")}</td>
                        <td title={k.expires_at ?? undefined}>{k.expires_at ? `${formatDateTime(k.expires_at)} (${formatRelative(k.expires_at, now)})` : 'Never'}</td>
                        <td>{usage?.isError ? 'unknown' : usage?.isPending ? '…' : day === null ? `Not in ${LAST_USED_DAYS} days` : day === today ? 'Today' : day}</td>
                        <td className="row-actions">
                          {k.status === 'active' && (
                            <>
                              <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'edit', key: k })} aria-label={`Edit ${k.name}`}>
                                Edit
                              </button>
                              <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'rotate', key: k })} aria-label={`Rotate ${k.name}`}>
                                Rotate
                              </button>
                              {!self && (
                                <button type="button" className="button button-small button-danger" onClick={() => setDialog({ kind: 'revoke', key: k })} aria-label={`Revoke ${k.name}`}>
                                  Revoke
                                </button>
                              )}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </Async>
      <p className="hint">Last used is the latest UTC day with a request in the usage ledger.</p>
      {dialog?.kind === 'create' && <CreateKeyDialog tenantId={tenantId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <EditKeyDialog apiKey={dialog.key} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rotate' && <RotateKeyDialog apiKey={dialog.key} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'revoke' && <RevokeKeyDialog apiKey={dialog.key} onClose={() => setDialog(null)} />}
    </section>
  );
}
