import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { ClusterOverview } from './ClusterOverview';
import { Async } from '../components/Async';
import { SpendStats } from '../components/SpendStats';
import { TopPanel } from '../components/TopPanel';
import { BudgetBar } from '../components/BudgetBar';
import { DailyChart } from '../components/Charts';
import { budgetTitle, budgetUses, hasSpendingBudget, spendFromDays, type Spend } from '../lib/budget';
import { addDays, firstOfMonth } from '../lib/dates';
import { fillDays, keyLabel, totalTokens } from '../lib/usage';
import { todayUtc } from '../lib/today';

/**
 * A system admin on its own (system) tenant lands on the whole cluster; any tenant picked at the top, and every tenant
 * admin, sees that tenant's overview.
 */
export function OverviewPage() {
  const { identity } = useSession();
  const { isSystem, tenantId } = useScope();
  return isSystem && tenantId === identity.tenantId ? <ClusterOverview /> : <TenantOverview />;
}

function TenantOverview() {
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
        {(report) => <SpendStats rows={report.rows} today={today} month={month} last30={last30} />}
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
        <TopPanel title="Top models" query={byModel} what="usage by model" label={(model) => model} />
        <TopPanel
          title="Top keys"
          query={byKey}
          what="usage by key"
          label={(keyId) => keyLabel(keyId, keys.data)}
          empty={
            <>
              No requests in the last 30 days. <Link to="/keys">Create a key</Link> and use it.
            </>
          }
        />
      </div>
    </section>
  );
}
