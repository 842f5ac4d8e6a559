import { useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { AlertRules } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { ErrorNotice } from '../components/ErrorNotice';
import { alertRulesSummary } from '../lib/alerts';
import { EditAlertsDialog } from './alerts/EditAlertsDialog';
import { WebhooksSection } from './alerts/WebhooksSection';

/**
 * Budget and anomaly alerts: the rules of the tenant and of each of its keys (the grain that holds a budget fires each
 * threshold once per window), and the webhooks the alerts are delivered to, with their delivery log.
 */
export function AlertsPage() {
  const { client } = useSession();
  const { tenantId, tenantName } = useScope();
  const [editing, setEditing] = useState<{ rules: AlertRules; name: string } | null>(null);
  const tenantRules = useQuery({ queryKey: ['alerts', 'tenant', tenantId], queryFn: () => client.alertRules('tenant', tenantId) });
  const keys = useQuery({ queryKey: ['keys', tenantId], queryFn: () => client.listKeys(tenantId) });
  const active = (keys.data ?? []).filter((k) => k.status === 'active');
  const keyRules = useQueries({
    queries: active.map((k) => ({ queryKey: ['alerts', 'key', k.id], queryFn: () => client.alertRules('key', k.id) })),
  });

  return (
    <section aria-labelledby="alerts-title">
      <div className="page-head">
        <h1 id="alerts-title">Alerts · {tenantName}</h1>
      </div>
      <p className="hint">
        Each threshold is a percentage of every budget (daily and monthly spend, monthly tokens) and fires once per budget window, cluster-wide.
        Alerts are written to the audit log and sent to the webhooks below.
      </p>
      <section aria-labelledby="tenant-alerts-title" className="card">
        <h2 id="tenant-alerts-title">Tenant</h2>
        <Async query={tenantRules} what="the tenant's alerts">
          {(rules) => (
            <div className="row-actions">
              <span data-testid="tenant-alerts">{alertRulesSummary(rules)}</span>
              <button type="button" className="button button-small" onClick={() => setEditing({ rules, name: tenantName })} aria-label={`Edit alerts of tenant ${tenantName}`}>
                Edit
              </button>
            </div>
          )}
        </Async>
      </section>
      <section aria-labelledby="key-alerts-title" className="card">
        <h2 id="key-alerts-title">Keys</h2>
        <Async query={keys} what="keys">
          {() =>
            active.length === 0 ? (
              <p className="muted">This tenant has no active keys.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="key-alerts-table">
                  <caption className="visually-hidden">Alert rules of the keys of {tenantName}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Prefix</th>
                      <th scope="col">Alerts</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {active.map((k, i) => {
                      const rules = keyRules[i];
                      return (
                        <tr key={k.id} data-key-id={k.id}>
                          <th scope="row">{k.name}</th>
                          <td className="mono">{k.prefix}…</td>
                          <td>{rules?.data ? alertRulesSummary(rules.data) : rules?.isError ? <ErrorNotice error={rules.error} /> : '…'}</td>
                          <td className="row-actions">
                            {rules?.data && (
                              <button type="button" className="button button-small" onClick={() => setEditing({ rules: rules.data, name: k.name })} aria-label={`Edit alerts of ${k.name}`}>
                                Edit
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </section>
      <WebhooksSection tenantId={tenantId} tenantName={tenantName} />
      {editing && <EditAlertsDialog rules={editing.rules} name={editing.name} onClose={() => setEditing(null)} />}
    </section>
  );
}
