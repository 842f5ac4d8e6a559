import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { changedFields, filterAudit } from '../lib/audit';
import { addDays, presetRange, rangeProblem } from '../lib/dates';
import { formatDateTime, shortId } from '../lib/format';
import { todayUtc } from '../lib/today';

const AREAS = [
  { value: '', label: 'All actions' },
  { value: 'key', label: 'Keys' },
  { value: 'tenant', label: 'Tenants' },
  { value: 'node', label: 'Nodes' },
  { value: 'model', label: 'Models' },
];

export function AuditPage() {
  const { client } = useSession();
  const { tenantId, tenantName, isSystem } = useScope();
  const today = todayUtc();
  const [range, setRange] = useState(() => presetRange('30d', today));
  const [allTenants, setAllTenants] = useState(false);
  const [area, setArea] = useState('');
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(200);
  const problem = rangeProblem(range);
  const scopeTenant = isSystem && allTenants ? null : tenantId;

  const audit = useQuery({
    queryKey: ['audit', scopeTenant, range.from, range.to, limit],
    // Whole UTC days: from the start of `from` to the end of `to`.
    queryFn: () => client.audit({ tenantId: scopeTenant, from: `${range.from}T00:00:00Z`, to: `${addDays(range.to, 1)}T00:00:00Z`, limit }),
    enabled: problem === null,
  });
  const keys = useQuery({ queryKey: ['keys', tenantId], queryFn: () => client.listKeys(tenantId) });
  const actor = (entry: AuditEntry) => {
    const id = entry.actor_key_id;
    // A user signed in through the identity provider: their name and subject.
    if (!id && entry.actor_subject) return entry.actor_name ? `${entry.actor_name} (${entry.actor_subject})` : entry.actor_subject;
    if (!id) return 'system';
    const key = keys.data?.find((k) => k.id === id);
    return key ? `${key.name} (${key.prefix}…)` : `key ${shortId(id)}`;
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log · {isSystem && allTenants ? 'all tenants' : tenantName}</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Audit filters">
        <label className="field-inline">
          <span>From</span>
          <input type="date" value={range.from} max={today} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label className="field-inline">
          <span>To</span>
          <input type="date" value={range.to} max={today} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <label className="field-inline">
          <span>Action</span>
          <select value={area} onChange={(e) => setArea(e.target.value)}>
            {AREAS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Contains</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="action or target" />
        </label>
        <label className="field-inline">
          <span>Show</span>
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {[100, 200, 500, 1000].map((n) => (
              <option key={n} value={n}>
                latest {n}
              </option>
            ))}
          </select>
        </label>
        {isSystem && (
          <label className="field-inline checkbox">
            <input type="checkbox" checked={allTenants} onChange={(e) => setAllTenants(e.target.checked)} />
            <span>All tenants and system changes</span>
          </label>
        )}
      </form>
      {problem && (
        <div className="notice notice-error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {problem === null && (
        <Async query={audit} what="the audit log">
          {(entries) => {
            const shown = filterAudit(entries, { area, text });
            if (shown.length === 0) return <p className="muted">{entries.length === 0 ? 'No admin changes in this range.' : 'No entry matches the filters.'}</p>;
            return (
              <div className="table-wrap">
                <table data-testid="audit-table">
                  <caption className="visually-hidden">Audit entries</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col">By</th>
                      <th scope="col">Changes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((e) => (
                      <AuditRow key={e.id} entry={e} actor={actor(e)} />
                    ))}
                  </tbody>
                </table>
                <p className="hint">
                  {shown.length} of {entries.length} entries{entries.length === limit ? ` (the latest ${limit}; narrow the dates to see older ones)` : ''}.
                </p>
              </div>
            );
          }}
        </Async>
      )}
    </section>
  );
}

function AuditRow({ entry, actor }: { entry: AuditEntry; actor: string }) {
  const changes = changedFields(entry.before, entry.after);
  return (
    <tr>
      <td className="nowrap">{formatDateTime(entry.at)}</td>
      <td>
        <span className="mono">{entry.action}</span>
      </td>
      <td className="mono">{entry.target}</td>
      <td>{actor}</td>
      <td>
        {changes.length === 0 ? (
          <span className="muted">no field changed</span>
        ) : (
          <details>
            <summary>
              {changes.length} field{changes.length === 1 ? '' : 's'}: {changes.slice(0, 3).map((c) => c.field).join(', ')}
              {changes.length > 3 ? '…' : ''}
            </summary>
            <dl className="changes">
              {changes.map((c) => (
                <div key={c.field}>
                  <dt>{c.field}</dt>
                  <dd>
                    <span className="mono">{c.before}</span> → <span className="mono">{c.after}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}
