import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Webhook } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { Async } from '../../components/Async';
import { deliveryOutcome } from '../../lib/alerts';
import { formatDateTime, shortId } from '../../lib/format';
import { CreateWebhookDialog } from './CreateWebhookDialog';

/** The tenant's webhooks (and, for a system admin, those that get every tenant's events) and their delivery log. */
export function WebhooksSection({ tenantId, tenantName }: { tenantId: string; tenantName: string }) {
  const { client } = useSession();
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<Webhook | null>(null);
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: () => client.listWebhooks() });

  return (
    <section aria-labelledby="webhooks-title" className="card">
      <div className="page-head">
        <h2 id="webhooks-title">Webhooks</h2>
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          Add webhook
        </button>
      </div>
      <Async query={webhooks} what="webhooks">
        {(all) => {
          const mine = all.filter((w) => w.tenant_id === tenantId || w.tenant_id === null);
          if (mine.length === 0) return <p className="muted">No webhook yet: alerts go to the audit log only.</p>;
          return (
            <div className="table-wrap">
              <table data-testid="webhooks-table">
                <caption className="visually-hidden">Webhooks of {tenantName}</caption>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                    <th scope="col">Format</th>
                    <th scope="col">Added</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((w) => (
                    <tr key={w.id} data-webhook-id={w.id}>
                      <th scope="row" className="mono">
                        {w.url}
                        {w.tenant_id === null && <span className="tag">all tenants</span>}
                      </th>
                      <td>{w.events.length ? w.events.join(', ') : 'every event'}</td>
                      <td>{w.format}</td>
                      <td>{formatDateTime(w.created_at)}</td>
                      <td className="row-actions">
                        <button type="button" className="button button-small" onClick={() => setShown(w)} aria-label={`Deliveries to ${w.url}`}>
                          Deliveries
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Async>
      {shown && <Deliveries webhook={shown} />}
      {adding && <CreateWebhookDialog tenantId={tenantId} onClose={() => setAdding(false)} />}
    </section>
  );
}

/** The delivery log of one webhook, newest first, refreshed every 3 s. */
function Deliveries({ webhook }: { webhook: Webhook }) {
  const { client } = useSession();
  const log = useQuery({ queryKey: ['webhooks', webhook.id, 'deliveries'], queryFn: () => client.webhookDeliveries(webhook.id), refetchInterval: 3_000 });
  return (
    <div className="deliveries">
      <h3>Deliveries to {webhook.url}</h3>
      <Async query={log} what="deliveries">
        {(attempts) =>
          attempts.length === 0 ? (
            <p className="muted">Nothing delivered yet (checked every 3 s).</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="deliveries-table">
                <caption className="visually-hidden">Delivery attempts to {webhook.url}</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col" className="num">Attempt</th>
                    <th scope="col">Outcome</th>
                    <th scope="col" className="num">Took</th>
                  </tr>
                </thead>
                <tbody>
                  {attempts.map((a) => (
                    <tr key={`${a.event_id}-${a.attempt}`}>
                      <td>{formatDateTime(a.at)}</td>
                      <td className="mono" title={a.event_id}>
                        {shortId(a.event_id)}
                      </td>
                      <td className="num">{a.attempt}</td>
                      <td>
                        <span className={`badge ${a.delivered ? 'badge-active' : 'badge-revoked'}`}>{deliveryOutcome(a)}</span>
                      </td>
                      <td className="num">{a.duration_ms} ms</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </div>
  );
}
