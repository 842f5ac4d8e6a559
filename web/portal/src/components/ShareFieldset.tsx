import type { Priority } from '../api/types';
import type { ShareField, ShareInputs } from '../lib/share';
import { TextField } from './TextField';

/**
 * The fair share when the GPUs are full, as form fields: a tenant's weight and guaranteed share, a key's priority class,
 * and either's cap on requests at once (empty: none).
 */
export function ShareFieldset({ kind, inputs, errors, onChange }: { kind: 'tenant' | 'key'; inputs: ShareInputs; errors: Partial<Record<ShareField, string>>; onChange: (inputs: ShareInputs) => void }) {
  return (
    <fieldset className="fieldset">
      <legend>Share when the GPUs are full</legend>
      <p className="hint">
        {kind === 'tenant'
          ? 'Waiting requests are served in proportion to their tenants’ weights, in GPU work; a guaranteed share is served first while the tenant is below it.'
          : 'Interactive requests go before batch ones while both wait; batch keeps a trickle so it never starves.'}
      </p>
      <div className="grid-fields">
        {kind === 'tenant' ? (
          <>
            <TextField id="share-weight" label="Weight" value={inputs.weight} error={errors.weight} onChange={(weight) => onChange({ ...inputs, weight })} />
            <TextField id="share-guaranteed" label="Guaranteed share (fraction)" placeholder="none" value={inputs.guaranteed} error={errors.guaranteed_share} onChange={(guaranteed) => onChange({ ...inputs, guaranteed })} />
          </>
        ) : (
          <div className="field">
            <label htmlFor="share-priority">Priority class</label>
            <select id="share-priority" value={inputs.priority} onChange={(e) => onChange({ ...inputs, priority: e.target.value as Priority })}>
              <option value="interactive">Interactive</option>
              <option value="batch">Batch</option>
            </select>
          </div>
        )}
        <TextField id="share-max-concurrent" label="Most requests at once" placeholder="no cap" value={inputs.maxConcurrent} error={errors.max_concurrent} onChange={(maxConcurrent) => onChange({ ...inputs, maxConcurrent })} />
      </div>
    </fieldset>
  );
}
