import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';
import { SecretReveal } from '../../components/SecretReveal';

const GRACE_OPTIONS = [
  { seconds: 0, label: 'None: the old secret stops working now' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
];

export function RotateKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [grace, setGrace] = useState(3_600);
  const rotate = useMutation({
    mutationFn: () => client.rotateKey(apiKey.id, grace),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['keys', apiKey.tenant_id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  if (rotate.data?.key) {
    return (
      <Modal open title={`Key "${apiKey.name}" rotated`} onClose={onClose} wide>
        <SecretReveal secret={rotate.data.key} onDone={onClose} what="the new secret" />
      </Modal>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    rotate.mutate();
  }

  return (
    <Modal open title={`Rotate key "${apiKey.name}"`} onClose={onClose}>
      <form onSubmit={submit}>
        {rotate.isError && <ErrorNotice error={rotate.error} context="The key was not rotated" />}
        <p>
          Rotation gives <strong>{apiKey.name}</strong> (<span className="mono">{apiKey.prefix}…</span>) a new secret. Its limits, usage and id stay.
        </p>
        <div className="field">
          <label htmlFor="rotate-grace">Keep the old secret working for</label>
          <select id="rotate-grace" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            {GRACE_OPTIONS.map((o) => (
              <option key={o.seconds} value={o.seconds}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={rotate.isPending}>
            {rotate.isPending ? 'Rotating…' : 'Rotate key'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
