import { useQuery } from '@tanstack/react-query';
import type { Plan } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { Async } from '../../components/Async';
import { formatCount, formatUsd } from '../../lib/format';

/** The tenant's plan as the silo has it (tenant admins read it; system admins change it through the API or CLI). */
export function PlanSection({ tenantId }: { tenantId: string }) {
  const { client } = useSession();
  const tenant = useQuery({ queryKey: ['tenant', tenantId], queryFn: () => client.getTenant(tenantId) });
  const name = tenant.data?.plan ?? null;
  const plan = useQuery({ queryKey: ['plan', name], queryFn: () => client.getPlan(name!), enabled: name !== null });

  return (
    <section aria-labelledby="plan-title" className="card">
      <h2 id="plan-title">Plan</h2>
      <Async query={tenant} what="the tenant">
        {(t) =>
          t.plan ? (
            <Async query={plan} what="the plan">
              {(p) => <PlanDetails plan={p} />}
            </Async>
          ) : (
            <p className="muted" data-testid="plan-none">
              No plan: usage is billed at the models' prices, {t.billing ?? 'postpaid'}.
            </p>
          )
        }
      </Async>
    </section>
  );
}

function PlanDetails({ plan }: { plan: Plan }) {
  return (
    <dl className="details" data-testid="plan-details">
      <dt>Name</dt>
      <dd>
        {plan.name} <span className="muted">(version {plan.version})</span>
      </dd>
      <dt>Monthly fee</dt>
      <dd>{formatUsd(plan.monthly_fee_usd)}</dd>
      <dt>Included usage</dt>
      <dd>
        {formatUsd(plan.included_usd)}
        {plan.included_tokens !== null && ` or ${formatCount(plan.included_tokens)} tokens, whichever covers more`}
      </dd>
      <dt>Past the allowance</dt>
      <dd>{plan.overage === 'stop' ? 'Requests are refused until next month' : 'Billed as overage at the prices in force'}</dd>
      <dt>Billing</dt>
      <dd>{plan.billing}</dd>
      <dt>Requests/min</dt>
      <dd>{formatCount(plan.rpm)}</dd>
      <dt>Tokens/min</dt>
      <dd>{formatCount(plan.tpm)}</dd>
      <dt>Model prices</dt>
      <dd data-testid="plan-model-prices">
        {plan.model_prices.length === 0
          ? "the models' own"
          : plan.model_prices.map((p) => `${p.model}: ${formatUsd(p.input_usd_per_million)} in, ${formatUsd(p.output_usd_per_million)} out per million tokens`).join('; ')}
      </dd>
    </dl>
  );
}
