import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { Async } from '../components/Async';
import { formatClock, formatCount, formatDateTime, formatPercent } from '../lib/format';

/** How often the cluster is read again. */
const REFRESH_MS = 3_000;

/** The silos Orleans knows, each model's queue and scaling recommendation, and the nodes' load (system admins). */
export function ClusterPage() {
  const { client } = useSession();
  const cluster = useQuery({ queryKey: ['cluster'], queryFn: () => client.cluster(), refetchInterval: REFRESH_MS, staleTime: 0 });
  const nodes = useQuery({ queryKey: ['nodes'], queryFn: () => client.listNodes(), refetchInterval: REFRESH_MS, staleTime: 0 });

  return (
    <section aria-labelledby="cluster-title">
      <div className="page-head">
        <h1 id="cluster-title">Cluster</h1>
        <p className="muted small">{cluster.dataUpdatedAt ? `Updated ${formatClock(cluster.dataUpdatedAt)}; refreshes every ${REFRESH_MS / 1000} s` : ''}</p>
      </div>

      <div className="panel">
        <h2>Silos</h2>
        <Async query={cluster} what="the silos">
          {(info) => (
            <div className="table-wrap">
              <table data-testid="silos-table">
                <caption className="visually-hidden">Silos in the Orleans cluster</caption>
                <thead>
                  <tr>
                    <th scope="col">Silo</th>
                    <th scope="col">Status</th>
                    <th scope="col">Address</th>
                    <th scope="col">Started</th>
                    <th scope="col" className="num">Activations</th>
                  </tr>
                </thead>
                <tbody>
                  {info.silos.map((s) => (
                    <tr key={s.address}>
                      <th scope="row">{s.name}</th>
                      <td>
                        <span className={`badge badge-${s.status === 'active' ? 'active' : s.status === 'dead' ? 'revoked' : 'warning'}`}>{s.status}</span>
                      </td>
                      <td className="mono small">{s.address}</td>
                      <td>{formatDateTime(s.started_at)}</td>
                      <td className="num">{s.activations === null ? '—' : formatCount(s.activations)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Async>
      </div>

      <div className="panel">
        <h2>Models</h2>
        <Async query={cluster} what="the models">
          {(info) =>
            info.models.length === 0 ? (
              <p className="muted">No model is registered.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="models-table">
                  <caption className="visually-hidden">Each model's queue and scaling recommendation</caption>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col" className="num">Queued</th>
                      <th scope="col" className="num">Wait p95</th>
                      <th scope="col" className="num">Nodes</th>
                      <th scope="col" className="num">Recommended</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {info.models.map((m) => (
                      <tr key={m.model} data-model={m.model}>
                        <th scope="row">{m.model}</th>
                        <td className="num">{formatCount(m.signals.queued)}</td>
                        <td className="num">{m.signals.queue_wait_p95_seconds.toFixed(2)} s</td>
                        <td className="num">{formatCount(m.current_nodes)}</td>
                        <td className="num" data-testid="desired-nodes">
                          {formatCount(m.desired_nodes)}
                        </td>
                        <td>{m.why}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </div>

      <div className="panel">
        <h2>Nodes</h2>
        <Async query={nodes} what="the nodes">
          {(list) =>
            list.length === 0 ? (
              <p className="muted">No GPU node is registered.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="cluster-nodes-table">
                  <caption className="visually-hidden">GPU nodes</caption>
                  <thead>
                    <tr>
                      <th scope="col">Node</th>
                      <th scope="col">Models</th>
                      <th scope="col" className="num">Queue</th>
                      <th scope="col" className="num">Running</th>
                      <th scope="col" className="num">KV cache</th>
                      <th scope="col">Circuit</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((n) => (
                      <tr key={n.id}>
                        <th scope="row">{n.id}</th>
                        <td>{n.models.join(', ') || '—'}</td>
                        <td className="num">{n.load.waiting === null ? '—' : formatCount(n.load.waiting)}</td>
                        <td className="num">{n.load.running === null ? '—' : formatCount(n.load.running)}</td>
                        <td className="num">{n.load.kv_cache_usage === null ? '—' : formatPercent(n.load.kv_cache_usage)}</td>
                        <td>{n.draining ? 'draining' : n.circuit}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
        <p className="hint">
          Drain or undrain a node on the <Link to="/nodes">Nodes</Link> page.
        </p>
      </div>
    </section>
  );
}
