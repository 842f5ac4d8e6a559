import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { formatExactUsd } from '../lib/billing';
import { formatDateTime } from '../lib/format';
import { PlanSection } from './billing/PlanSection';
import { WalletSection } from './billing/WalletSection';

/**
 * Billing of the tenant in scope: its plan (read-only here), its prepaid wallet (top-ups by system admins) and its
 * invoices, each opening as a printable page. Every amount is the silo's, exact to the micro-dollar.
 */
export function BillingPage() {
  const { client } = useSession();
  const { tenantId, tenantName } = useScope();
  const invoices = useQuery({ queryKey: ['invoices', tenantId], queryFn: () => client.listInvoices(tenantId) });

  return (
    <section aria-labelledby="billing-title">
      <div className="page-head">
        <h1 id="billing-title">Billing · {tenantName}</h1>
      </div>
      <PlanSection tenantId={tenantId} />
      <WalletSection tenantId={tenantId} />
      <section aria-labelledby="invoices-title" className="card">
        <h2 id="invoices-title">Invoices</h2>
        <p className="hint">One per calendar month (UTC). The running month is a draft; a closed month is finalized after its grace period and never changes.</p>
        <Async query={invoices} what="invoices">
          {(list) =>
            list.length === 0 ? (
              <p className="muted">No invoices yet.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="invoices-table">
                  <caption className="visually-hidden">Invoices of {tenantName}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Number</th>
                      <th scope="col">Period</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">Usage</th>
                      <th scope="col" className="num">Total</th>
                      <th scope="col">Finalized</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((i) => (
                      <tr key={i.number}>
                        <th scope="row">
                          <Link to={`/billing/invoices/${encodeURIComponent(i.number)}`} aria-label={`Invoice ${i.period}`}>
                            {i.number}
                          </Link>
                        </th>
                        <td>{i.period}</td>
                        <td>{i.status}</td>
                        <td className="num">{formatExactUsd(i.usage_usd)}</td>
                        <td className="num">{formatExactUsd(i.total_usd)}</td>
                        <td>{i.finalized_at ? formatDateTime(i.finalized_at) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </section>
    </section>
  );
}
