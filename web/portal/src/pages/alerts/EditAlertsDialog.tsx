import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AlertRules } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';
import { alertInputs, parseAlertInputs, type AlertInputs } from '../../lib/alerts';

/** Edits the alert rules of one key or of the tenant: thresholds in percent of each budget, and the anomaly factor. */
export function EditAlertsDialog({ rules, name, onClose }: { rules: AlertRules; name: string; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [inputs, setInputs] = useState(alertInputs(rules));
  const [errors, setErrors] = useState<Partial<Record<keyof AlertInputs, string>>>({});

  const save = useMutation({
    mutationFn: (body: Parameters<typeof client.putAlertRules>[2]) => client.putAlertRules(rules.scope, rules.id, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts', rules.scope, rules.id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onClose();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseAlertInputs(inputs);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) return;
    save.mutate(parsed.rules);
  }

  const field = (id: keyof AlertInputs, label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`alerts-${id}`}>{label}</label>
      <input
        id={`alerts-${id}`}
        value={inputs[id]}
        onChange={(e) => setInputs({ ...inputs, [id]: e.target.value })}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={`alerts-${id}-hint`}
      />
      <span id={`alerts-${id}-hint`} className={errors[id] ? 'field-error' : 'hint'}>
        {errors[id] ?? hint}
      </span>
    </div>
  );

  return (
    <Modal open title={`Alerts of ${name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {save.isError && <ErrorNotice error={save.error} context="The alerts were not changed" />}
        {field('thresholds', 'Thresholds (% of each budget)', 'Up to 10 whole percentages from 1 to 100, e.g. 50, 80, 100. Each fires once per budget window.')}
        {field('anomalyFactor', 'Anomaly factor', "An hour's spend above this many times the trailing 7-day hourly average raises an alert. Empty: off.")}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save alerts'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
