import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey } from '../../api/types';
import { useSession } from '../../auth/AuthContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CacheFieldset } from '../../components/CacheFieldset';
import { LimitsFieldset } from '../../components/LimitsFieldset';
import { ShareFieldset } from '../../components/ShareFieldset';
import { Modal } from '../../components/Modal';
import { cacheInputs, parseCacheInputs, type CacheField } from '../../lib/cache';
import { limitInputs, parseLimitInputs, type LimitName } from '../../lib/limits';
import { parseKeyShare, shareInputs, type ShareField } from '../../lib/share';

export function EditKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(apiKey.name);
  const [inputs, setInputs] = useState(limitInputs(apiKey));
  const [cache, setCache] = useState(cacheInputs(apiKey.cache));
  const [share, setShare] = useState(shareInputs(apiKey));
  const [errors, setErrors] = useState<Partial<Record<LimitName | CacheField | ShareField | 'name', string>>>({});

  const save = useMutation({
    mutationFn: (patch: Parameters<typeof client.patchKey>[1]) => client.patchKey(apiKey.id, patch),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['keys', apiKey.tenant_id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onClose();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseLimitInputs(inputs);
    const policy = parseCacheInputs(cache);
    const fair = parseKeyShare(share);
    const problems: typeof errors = { ...parsed.errors, ...policy.errors, ...fair.errors };
    if (!name.trim()) problems.name = 'The name cannot be empty.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    // Every limit is sent: an emptied field is null, which removes that limit; no cache mode follows the tenant's policy.
    save.mutate({ name: name.trim(), ...parsed.limits, cache: policy.cache, ...fair.share });
  }

  return (
    <Modal open title={`Edit key "${apiKey.name}"`} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {save.isError && <ErrorNotice error={save.error} context="The key was not changed" />}
        <div className="field">
          <label htmlFor="edit-key-name">Name</label>
          <input id="edit-key-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'edit-key-name-error' : undefined} />
          {errors.name && (
            <span id="edit-key-name-error" className="field-error">
              {errors.name}
            </span>
          )}
        </div>
        <LimitsFieldset inputs={inputs} errors={errors} onChange={setInputs} />
        <ShareFieldset kind="key" inputs={share} errors={errors} onChange={setShare} />
        <CacheFieldset inputs={cache} errors={errors} onChange={setCache} noneLabel="The tenant's policy" hint="A key's policy narrows its tenant's: it can switch the cache off or shorten, never widen it." />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
