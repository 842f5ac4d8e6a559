import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/AuthContext';
import { useScope } from '../../auth/ScopeContext';
import { Async } from '../../components/Async';
import { formatExactUsd, walletStatus } from '../../lib/billing';
import { formatDateTime } from '../../lib/format';
import { TopUpForm } from './TopUpForm';

/** The tenant's wallet: balance, what requests in flight hold, the low threshold and the transactions. */
export function WalletSection({ tenantId }: { tenantId: string }) {
  const { client } = useSession();
  const { isSystem } = useScope();
  const wallet = useQuery({ queryKey: ['wallet', tenantId], queryFn: () => client.wallet(tenantId) });

  return (
    <section aria-labelledby="wallet-title" className="card">
      <h2 id="wallet-title">Wallet</h2>
      <Async query={wallet} what="the wallet">
        {(w) => (
          <>
            <p data-testid="wallet-status" className={w.low || (w.prepaid && w.available_usd <= 0) ? 'warning' : 'hint'}>
              {walletStatus(w)}
            </p>
            <dl className="details" data-testid="wallet-details">
              <dt>Balance</dt>
              <dd data-testid="wallet-balance">{formatExactUsd(w.balance_usd)}</dd>
              <dt>Held by requests in flight</dt>
              <dd>{formatExactUsd(w.reserved_usd)}</dd>
              <dt>Available</dt>
              <dd>{formatExactUsd(w.available_usd)}</dd>
              <dt>Low-balance threshold</dt>
              <dd data-testid="wallet-low">{w.low_balance_usd === null ? 'none' : formatExactUsd(w.low_balance_usd)}</dd>
            </dl>
            {isSystem && <TopUpForm tenantId={tenantId} />}
            {w.transactions.length === 0 ? (
              <p className="muted">No transactions yet.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="wallet-transactions">
                  <caption className="visually-hidden">Wallet transactions</caption>
                  <thead>
                    <tr>
                      <th scope="col">At</th>
                      <th scope="col" className="num">Amount</th>
                      <th scope="col">Reason</th>
                      <th scope="col">By</th>
                    </tr>
                  </thead>
                  <tbody>
                    {w.transactions.map((t) => (
                      <tr key={t.id}>
                        <td>{formatDateTime(t.created_at)}</td>
                        <td className="num">{formatExactUsd(t.amount_usd)}</td>
                        <td>{t.reason}</td>
                        <td className="mono">{t.actor}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
