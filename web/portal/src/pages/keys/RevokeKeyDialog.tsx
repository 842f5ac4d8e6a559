import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Modal } from '../../components/Modal';

export function RevokeKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => client.revokeKey(apiKey.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['keys', apiKey.tenant_id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onClose();
    },
  });

  return (
    <Modal open title={`Revoke key "${apiKey.name}"?`} onClose={onClose}>
      {revoke.isError && <ErrorNotice error={revoke.error} context="The key was not revoked" />}
      <p>
        Every request with <strong>{apiKey.name}</strong> (<span className="mono">{apiKey.prefix}…</span>) will be refused on every silo within a
        second. This cannot be undone: to give access back, create a new key.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {revoke.isPending ? 'Revoking…' : 'Revoke key'}
        </button>
      </div>
    </Modal>
  );
}
