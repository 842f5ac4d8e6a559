import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Plan, PlanFields } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LimitsFieldset } from '../../components/LimitsFieldset';
import { Modal } from '../../components/Modal';
import { parsePlanInputs, planInputs, type PlanField, type PlanInputs } from '../../lib/plans';
import type { LimitName } from '../../lib/limits';

/** Creates a plan, or saves an existing one's next version; the silo's refusal of a field is shown in its words. */
export function PlanDialog({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [inputs, setInputs] = useState<PlanInputs>(planInputs(plan));
  const [errors, setErrors] = useState<Partial<Record<PlanField | LimitName, string>>>({});

  const save = useMutation({
    mutationFn: ({ name, ...fields }: PlanFields & { name: string }) => (plan ? client.patchPlan(plan.name, fields) : client.createPlan({ name, ...fields })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      void queryClient.invalidateQueries({ queryKey: ['plan', saved.name] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onClose();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parsePlanInputs(inputs);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) return;
    save.mutate(parsed.body);
  }

  const text = (field: PlanField, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`plan-${field}`}>{label}</label>
      <input
        id={`plan-${field}`}
        value={inputs[field]}
        disabled={field === 'name' && plan !== null}
        onChange={(e) => setInputs({ ...inputs, [field]: e.target.value })}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `plan-${field}-error` : undefined}
        placeholder={hint}
      />
      {errors[field] && (
        <span id={`plan-${field}-error`} className="field-error">
          {errors[field]}
        </span>
      )}
    </div>
  );

  return (
    <Modal open title={plan ? `Edit plan "${plan.name}" (version ${plan.version})` : 'Create a plan'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate aria-label={plan ? 'Edit plan' : 'Create plan'}>
        {save.isError && <ErrorNotice error={save.error} context={plan ? 'The plan was not changed' : 'The plan was not created'} />}
        {text('name', 'Name')}
        <div className="grid-fields">
          {text('monthly_fee_usd', 'Monthly fee (USD)')}
          {text('included_usd', 'Included usage (USD)')}
          {text('included_tokens', 'Included tokens', 'none')}
        </div>
        <div className="field">
          <label htmlFor="plan-overage">Past the allowance</label>
          <select id="plan-overage" value={inputs.overage} onChange={(e) => setInputs({ ...inputs, overage: e.target.value as PlanInputs['overage'] })}>
            <option value="overage">Bill overage at the plan's prices</option>
            <option value="stop">Stop: refuse requests until next month</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="plan-billing">Billing</label>
          <select id="plan-billing" value={inputs.billing} onChange={(e) => setInputs({ ...inputs, billing: e.target.value as PlanInputs['billing'] })}>
            <option value="postpaid">Postpaid: invoiced after the month</option>
            <option value="prepaid">Prepaid: requests draw on the wallet</option>
          </select>
        </div>
        <LimitsFieldset inputs={inputs.limits} errors={errors} onChange={(limits) => setInputs({ ...inputs, limits })} legend="Plan limits (a tenant's own can only narrow them)" />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : plan ? 'Save as next version' : 'Create plan'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
