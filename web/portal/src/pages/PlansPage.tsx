import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Plan } from '../api/types';
import { useSession } from '../auth/AuthContext';
import { useScope } from '../auth/ScopeContext';
import { Async } from '../components/Async';
import { formatCount, formatUsd } from '../lib/format';
import { limitsSummary } from '../lib/limits';
import { PlanDialog } from './plans/PlanDialog';

type Dialog = { kind: 'create' } | { kind: 'edit'; plan: Plan } | null;

/**
 * The plans: a system admin sees all of them, creates them and edits them (each change is the plan's next version and
 * holds its tenants at once); a tenant admin sees its own tenant's plan, read-only.
 */
export function PlansPage() {
  const { client } = useSession();
  const { isSystem } = useScope();
  const [dialog, setDialog] = useState<Dialog>(null);
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => client.listPlans() });

  return (
    <section aria-labelledby="plans-title">
      <div className="page-head">
        <h1 id="plans-title">Plans</h1>
        {isSystem && (
          <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
            Create plan
          </button>
        )}
      </div>
      {!isSystem && <p className="hint">Your tenant's plan. A system admin changes plans and moves tenants between them.</p>}
      <Async query={plans} what="plans">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No plan.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="plans-table">
                <caption className="visually-hidden">Plans</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="num">Monthly fee</th>
                    <th scope="col">Included</th>
                    <th scope="col">Limits</th>
                    <th scope="col">Past the allowance</th>
                    <th scope="col">Billing</th>
                    {isSystem && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => (
                    <tr key={p.name}>
                      <th scope="row">
                        {p.name} <span className="muted">v{p.version}</span>
                      </th>
                      <td className="num">{formatUsd(p.monthly_fee_usd)}</td>
                      <td>
                        {formatUsd(p.included_usd)}
                        {p.included_tokens !== null && ` or ${formatCount(p.included_tokens)} tokens`}
                      </td>
                      <td>{limitsSummary(p)}</td>
                      <td>{p.overage === 'stop' ? 'stop' : 'overage billed'}</td>
                      <td>{p.billing}</td>
                      {isSystem && (
                        <td className="row-actions">
                          <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'edit', plan: p })} aria-label={`Edit plan ${p.name}`}>
                            Edit
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      {dialog && <PlanDialog plan={dialog.kind === 'edit' ? dialog.plan : null} onClose={() => setDialog(null)} />}
    </section>
  );
}
