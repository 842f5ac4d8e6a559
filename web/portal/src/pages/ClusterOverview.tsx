import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { SpendStats } from '../components/SpendStats';
import { DailyChart } from '../components/Charts';
import { TopPanel } from '../components/TopPanel';
import { addDays, firstOfMonth } from '../lib/dates';
import { fillDays } from '../lib/usage';
import { todayUtc } from '../lib/today';

/** A system admin's landing page: spend, requests and tokens of every tenant together, and the top tenants. */
export function ClusterOverview() {
  const { client } = useSession();
  const { tenants } = useScope();
  const queryClient = useQueryClient();
  const today = todayUtc();
  const last30 = addDays(today, -29);
  const month = firstOfMonth(today);
  const from = month < last30 ? month : last30;

  const daily = useQuery({ queryKey: ['usage', 'all', 'day', from, today], queryFn: () => client.clusterUsage({ from, to: today, groupBy: 'day' }) });
  const byTenant = useQuery({ queryKey: ['usage', 'all', 'tenant', last30, today], queryFn: () => client.clusterUsage({ from: last30, to: today, groupBy: 'tenant' }) });
  const byModel = useQuery({ queryKey: ['usage', 'all', 'model', last30, today], queryFn: () => client.clusterUsage({ from: last30, to: today, groupBy: 'model' }) });

  const tenantName = (id: string) => tenants?.find((t) => t.id === id)?.name ?? `tenant ${id.slice(0, 8)}…`;

  return (
    <section aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview · all tenants</h1>
        <button type="button" className="button" onClick={() => void queryClient.invalidateQueries({ queryKey: ['usage', 'all'] })}>
          Refresh
        </button>
      </div>
      <p className="hint">
        The whole cluster, every tenant together. Pick a tenant at the top for its own budgets and keys; the <Link to="/cluster">Cluster page</Link> shows the silos, the models' queues and scaling, and the nodes.
      </p>

      <Async query={daily} what="usage">
        {(report) => <SpendStats rows={report.rows} today={today} month={month} last30={last30} />}
      </Async>

      <div className="panel">
        <h2>Requests and tokens, last 30 days</h2>
        <Async query={daily} what="daily usage">
          {(report) => <DailyChart points={fillDays(report.rows, last30, today)} label={`Requests and tokens per day for all tenants, ${last30} to ${today}`} />}
        </Async>
      </div>

      <div className="two-columns">
        <TopPanel title="Top tenants" query={byTenant} what="usage by tenant" label={tenantName} count={10} testId="top-tenants" />
        <TopPanel title="Top models" query={byModel} what="usage by model" label={(model) => model} />
      </div>
    </section>
  );
}
