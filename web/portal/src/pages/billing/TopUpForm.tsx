import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { newIdempotencyKey, parseTopUpAmount } from '../../lib/billing';
import { formatUsd } from '../../lib/format';

/**
 * A system admin's top-up. The form keeps one idempotency key until a top-up goes through, so a second click or a
 * retry after a lost answer credits once.
 */
export function TopUpForm({ tenantId }: { tenantId: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(() => newIdempotencyKey());
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const topUp = useMutation({
    mutationFn: (usd: number) => client.topUp(tenantId, { amount_usd: usd, reason: reason.trim() }, key),
    onSuccess: (answer) => {
      setDone(answer.replayed ? 'That top-up was already made; nothing more was credited.' : `Credited ${formatUsd(answer.transaction?.amount_usd)}.`);
      setKey(newIdempotencyKey());
      setAmount('');
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['wallet', tenantId] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const parsed = parseTopUpAmount(amount);
    const error = parsed.error ?? (reason.trim() ? null : 'Give a reason: it is kept with the transaction and in the audit log.');
    setProblem(error);
    if (!error && parsed.amount !== null) topUp.mutate(parsed.amount);
  }

  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label="Top up the wallet">
      {topUp.isError && <ErrorNotice error={topUp.error} context="The wallet was not credited" />}
      <div className="field">
        <label htmlFor="topup-amount">Top-up (USD)</label>
        <input id="topup-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={problem ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="topup-reason">Reason</label>
        <input id="topup-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" className="button button-primary" disabled={topUp.isPending}>
        {topUp.isPending ? 'Crediting…' : 'Top up'}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p className="hint" role="status" data-testid="topup-done">
          {done}
        </p>
      )}
    </form>
  );
}
