import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, Role } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LimitsFieldset } from '../../components/LimitsFieldset';
import { ShareFieldset } from '../../components/ShareFieldset';
import { Modal } from '../../components/Modal';
import { SecretReveal } from '../../components/SecretReveal';
import { limitInputs, parseLimitInputs, type LimitName } from '../../lib/limits';
import { parseKeyShare, shareInputs, type ShareField } from '../../lib/share';
import { todayUtc } from '../../lib/today';

export function CreateKeyDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const { client, identity } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [expires, setExpires] = useState('');
  const [models, setModels] = useState('');
  const [inputs, setInputs] = useState(limitInputs(null));
  const [share, setShare] = useState(shareInputs(null));
  const [errors, setErrors] = useState<Partial<Record<LimitName | ShareField | 'name' | 'expires', string>>>({});
  const [created, setCreated] = useState<ApiKey | null>(null);

  const create = useMutation({
    mutationFn: (body: Parameters<typeof client.createKey>[1]) => client.createKey(tenantId, body),
    onSuccess: (key) => {
      setCreated(key);
      void queryClient.invalidateQueries({ queryKey: ['keys', tenantId] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseLimitInputs(inputs);
    const fair = parseKeyShare(share);
    const problems: typeof errors = { ...parsed.errors, ...fair.errors };
    if (!name.trim()) problems.name = 'Give the key a name, e.g. the team or app that uses it.';
    if (expires && expires <= todayUtc()) problems.expires = 'Choose a day after today.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const allowed = models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    create.mutate({
      name: name.trim(),
      role,
      ...parsed.limits,
      ...fair.share,
      allowed_models: allowed.length ? allowed : undefined,
      expires_at: expires ? `${expires}T23:59:59Z` : undefined,
    });
  }

  if (created?.key) {
    return (
      <Modal open title={`Key "${created.name}" created`} onClose={onClose} wide>
        <SecretReveal secret={created.key} onDone={onClose} what="the new key" />
      </Modal>
    );
  }

  return (
    <Modal open title="Create a key" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {create.isError && <ErrorNotice error={create.error} context="The key was not created" />}
        <div className="grid-fields">
          <div className="field">
            <label htmlFor="key-name">Name</label>
            <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'key-name-error' : undefined} autoFocus />
            {errors.name && (
              <span id="key-name-error" className="field-error">
                {errors.name}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="key-role">Role</label>
            <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="user">User: inference only</option>
              <option value="tenant_admin">Tenant admin: manages this tenant</option>
              {identity.role === 'system_admin' && <option value="system_admin">System admin: everything</option>}
            </select>
          </div>
          <div className="field">
            <label htmlFor="key-expires">Expires (optional, end of UTC day)</label>
            <input id="key-expires" type="date" value={expires} min={todayUtc()} onChange={(e) => setExpires(e.target.value)} aria-invalid={errors.expires ? true : undefined} aria-describedby={errors.expires ? 'key-expires-error' : undefined} />
            {errors.expires && (
              <span id="key-expires-error" className="field-error">
                {errors.expires}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="key-models">Allowed models (optional, comma-separated)</label>
            <input id="key-models" value={models} onChange={(e) => setModels(e.target.value)} placeholder="all models" />
          </div>
        </div>
        <LimitsFieldset inputs={inputs} errors={errors} onChange={setInputs} />
        <ShareFieldset kind="key" inputs={share} errors={errors} onChange={setShare} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
