import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NodeState } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { Async } from '../components/Async';
import { ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';
import { circuitLabel, formatClock, formatCount, formatPercent } from '../lib/format';
import { budgetLevel } from '../lib/budget';

/** How often the live load is read again. */
const REFRESH_MS = 3_000;

export function NodesPage() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [confirmDrain, setConfirmDrain] = useState<NodeState | null>(null);
  const nodes = useQuery({ queryKey: ['nodes'], queryFn: () => client.listNodes(), refetchInterval: REFRESH_MS, staleTime: 0 });
  const toggle = useMutation({
    mutationFn: (n: { id: string; drain: boolean }) => (n.drain ? client.drainNode(n.id) : client.undrainNode(n.id)),
    onSuccess: () => {
      setConfirmDrain(null);
      void queryClient.invalidateQueries({ queryKey: ['nodes'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  return (
    <section aria-labelledby="nodes-title">
      <div className="page-head">
        <h1 id="nodes-title">Nodes</h1>
        <p className="muted small" data-testid="nodes-updated">
          {nodes.dataUpdatedAt ? `Updated ${formatClock(nodes.dataUpdatedAt)}; refreshes every ${REFRESH_MS / 1000} s` : ''}
        </p>
      </div>
      {toggle.isError && !confirmDrain && <ErrorNotice error={toggle.error} context="The node was not changed" />}
      <Async query={nodes} what="nodes">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No GPU node is registered.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="nodes-table">
                <caption className="visually-hidden">GPU nodes and their live load</caption>
                <thead>
                  <tr>
                    <th scope="col">Node</th>
                    <th scope="col">Models</th>
                    <th scope="col">State</th>
                    <th scope="col" className="num">Queue</th>
                    <th scope="col" className="num">Running</th>
                    <th scope="col">KV cache</th>
                    <th scope="col" className="num">In flight</th>
                    <th scope="col">Circuit</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((n) => {
                    const kv = n.load.kv_cache_usage;
                    return (
                      <tr key={n.id} data-node-id={n.id}>
                        <th scope="row">
                          {n.id}
                          <div className="muted mono small">
                            {n.engine} · {n.base_url}
                          </div>
                        </th>
                        <td>{n.models.join(', ') || '—'}</td>
                        <td>
                          {n.draining ? <span className="badge badge-warning">draining</span> : <span className="badge badge-active">serving</span>}{' '}
                          <span className={`badge badge-${n.load.state === 'fresh' ? 'neutral' : 'warning'}`} title={n.load.age_ms === null ? 'never scraped' : `last scrape ${Math.round(n.load.age_ms)} ms ago`}>
                            load {n.load.state}
                          </span>
                          {n.load.saturated && <span className="badge badge-revoked">saturated</span>}
                        </td>
                        <td className="num">{n.load.waiting === null ? '—' : formatCount(n.load.waiting)}</td>
                        <td className="num">{n.load.running === null ? '—' : formatCount(n.load.running)}</td>
                        <td>
                          {kv === null ? (
                            '—'
                          ) : (
                            <div className={`kv budget-${budgetLevel(kv)}`}>
                              <div className="budget-track small-track" role="progressbar" aria-label={`KV cache of ${n.id}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(kv * 100)}>
                                <div className="budget-fill" style={{ width: `${Math.min(100, kv * 100)}%` }} />
                              </div>
                              <span>{formatPercent(kv)}</span>
                            </div>
                          )}
                        </td>
                        <td className="num">{formatCount(n.in_flight)}</td>
                        <td>
                          <span className={`badge badge-${n.circuit === 'closed' ? 'active' : n.circuit === 'open' ? 'revoked' : 'warning'}`}>{circuitLabel(n.circuit)}</span>
                        </td>
                        <td className="row-actions">
                          {n.draining ? (
                            <button type="button" className="button button-small" disabled={toggle.isPending} onClick={() => toggle.mutate({ id: n.id, drain: false })} aria-label={`Undrain ${n.id}`}>
                              Undrain
                            </button>
                          ) : (
                            <button type="button" className="button button-small button-danger" onClick={() => setConfirmDrain(n)} aria-label={`Drain ${n.id}`}>
                              Drain
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
      <p className="hint">Queue and running are the node's own figures from its last scrape; in flight is what this silo has sent. Circuit open means the node failed repeatedly and gets no requests until it recovers.</p>
      {confirmDrain && (
        <Modal open title={`Drain node ${confirmDrain.id}?`} onClose={() => setConfirmDrain(null)}>
          {toggle.isError && <ErrorNotice error={toggle.error} context="The node was not drained" />}
          <p>New requests stop going to {confirmDrain.id}; the {formatCount(confirmDrain.in_flight)} requests in flight finish. Undrain it to bring it back.</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => setConfirmDrain(null)} autoFocus>
              Cancel
            </button>
            <button type="button" className="button button-danger" disabled={toggle.isPending} onClick={() => toggle.mutate({ id: confirmDrain.id, drain: true })}>
              {toggle.isPending ? 'Draining…' : 'Drain node'}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
