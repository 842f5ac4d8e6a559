import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { BudgetBar } from '../components/BudgetBar';
import { DailyChart } from '../components/Charts';
import { budgetTitle, budgetUses, hasSpendingBudget, spendFromDays, type Spend } from '../lib/budget';
import { addDays, firstOfMonth } from '../lib/dates';
import { formatCount, formatUsd } from '../lib/format';
import { fillDays, keyLabel, topRows, totalTokens, totals } from '../lib/usage';
import { todayUtc } from '../lib/today';

export function OverviewPage() {
  const { client } = useSession();
  const { tenantId, tenantName } = useScope();
  const queryClient = useQueryClient();
  const today = todayUtc();
  const last30 = addDays(today, -29);
  const month = firstOfMonth(today);
  const from = month < last30 ? month : last30;

  const daily = useQuery({
    queryKey: ['usage', tenantId, 'day', from, today],
    queryFn: () => client.tenantUsage(tenantId, { from, to: today, groupBy: 'day' }),
  });
  const byModel = useQuery({
    queryKey: ['usage', tenantId, 'model', last30, today],
    queryFn: () => client.tenantUsage(tenantId, { from: last30, to: today, groupBy: 'model' }),
  });
  const byKey = useQuery({
    queryKey: ['usage', tenantId, 'key', last30, today],
    queryFn: () => client.tenantUsage(tenantId, { from: last30, to: today, groupBy: 'key' }),
  });
  const tenant = useQuery({ queryKey: ['tenant', tenantId], queryFn: () => client.getTenant(tenantId) });
  const keys = useQuery({ queryKey: ['keys', tenantId], queryFn: () => client.listKeys(tenantId) });
  // Per-key spend for the key budgets: two grouped reads, not one per key.
  const keysToday = useQuery({
    queryKey: ['usage', tenantId, 'key', today, today],
    queryFn: () => client.tenantUsage(tenantId, { from: today, to: today, groupBy: 'key' }),
  });
  const keysMonth = useQuery({
    queryKey: ['usage', tenantId, 'key', month, today],
    queryFn: () => client.tenantUsage(tenantId, { from: month, to: today, groupBy: 'key' }),
  });
  const budgetedKeys = (keys.data ?? []).filter((k) => k.status === 'active' && hasSpendingBudget(k));
  const keySpend = (keyId: string): Spend => {
    const day = keysToday.data?.rows.find((r) => r.group === keyId);
    const mon = keysMonth.data?.rows.find((r) => r.group === keyId);
    return { todayUsd: day?.cost_usd ?? 0, monthUsd: mon?.cost_usd ?? 0, monthTokens: mon ? totalTokens(mon) : 0 };
  };

  const rows = daily.data?.rows ?? [];
  const todayRow = rows.find((r) => r.group === today);
  const monthTotals = totals(rows.filter((r) => r.group >= month));
  const last30Totals = totals(rows.filter((r) => r.group >= last30));
  const tenantBudgets = tenant.data ? budgetUses(tenant.data, spendFromDays(rows, today), today) : [];

  return (
    <section aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview · {tenantName}</h1>
        <button
          type="button"
          className="button"
          onClick={() => {
            for (const queryKey of [['usage', tenantId], ['tenant', tenantId], ['keys', tenantId]]) void queryClient.invalidateQueries({ queryKey });
          }}
        >
          Refresh
        </button>
      </div>

      <Async query={daily} what="usage">
        {() => (
          <div className="stats">
            <div className="stat">
              <span className="stat-label">Spend today</span>
              <span className="stat-value" data-testid="spend-today">
                {formatUsd(todayRow?.cost_usd ?? 0)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Spend this month</span>
              <span className="stat-value" data-testid="spend-month">
                {formatUsd(monthTotals.costUsd)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Requests, last 30 days</span>
              <span className="stat-value">{formatCount(last30Totals.requests)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Tokens, last 30 days</span>
              <span className="stat-value">{formatCount(last30Totals.tokens)}</span>
            </div>
          </div>
        )}
      </Async>

      <div className="panel">
        <h2>Budgets</h2>
        <p className="hint">Spend as billed in the usage ledger, against each budget set on the tenant and its keys. Bars turn amber at 80% and red at 100%.</p>
        <Async query={tenant} what="the tenant's budgets">
          {() =>
            tenantBudgets.length === 0 ? (
              <p className="muted">This tenant has no spending budget. A system admin sets tenant budgets on the Tenants page.</p>
            ) : (
              <div className="budgets">
                {tenantBudgets.map((b) => (
                  <BudgetBar key={b.name} budget={b} label={`Tenant · ${budgetTitle(b).toLowerCase()}`} />
                ))}
              </div>
            )
          }
        </Async>
        {budgetedKeys.length > 0 && (
          <>
            <h3>Key budgets</h3>
            <Async query={keysMonth} what="spend per key">
              {() => (
                <div className="budgets">
                  {budgetedKeys.flatMap((k) =>
                    budgetUses(k, keySpend(k.id), today).map((b) => <BudgetBar key={`${k.id}-${b.name}`} budget={b} label={`Key ${k.name} · ${budgetTitle(b).toLowerCase()}`} />),
                  )}
                </div>
              )}
            </Async>
          </>
        )}
      </div>

      <div className="panel">
        <h2>Requests and tokens, last 30 days</h2>
        <Async query={daily} what="daily usage">
          {(report) => <DailyChart points={fillDays(report.rows, last30, today)} label={`Requests and tokens per day for ${tenantName}, ${last30} to ${today}`} />}
        </Async>
      </div>

      <div className="two-columns">
        <div className="panel">
          <h2>Top models</h2>
          <Async query={byModel} what="usage by model">
            {(report) =>
              report.rows.length === 0 ? (
                <p className="muted">No requests in the last 30 days.</p>
              ) : (
                <TopTable rows={topRows(report.rows, 5).map((r) => ({ label: r.group, requests: r.requests, tokens: totalTokens(r), cost: r.cost_usd }))} caption="Top models by spend, last 30 days" />
              )
            }
          </Async>
        </div>
        <div className="panel">
          <h2>Top keys</h2>
          <Async query={byKey} what="usage by key">
            {(report) =>
              report.rows.length === 0 ? (
                <p className="muted">
                  No requests in the last 30 days. <Link to="/keys">Create a key</Link> and use it.
                </p>
              ) : (
                <TopTable
                  rows={topRows(report.rows, 5).map((r) => ({ label: keyLabel(r.group, keys.data), requests: r.requests, tokens: totalTokens(r), cost: r.cost_usd }))}
                  caption="Top keys by spend, last 30 days"
                />
              )
            }
          </Async>
        </div>
      </div>
    </section>
  );
}

function TopTable({ rows, caption }: { rows: { label: string; requests: number; tokens: number; cost: number }[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Spend
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td className="num">{formatCount(r.requests)}</td>
              <td className="num">{formatCount(r.tokens)}</td>
              <td className="num">{formatUsd(r.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
