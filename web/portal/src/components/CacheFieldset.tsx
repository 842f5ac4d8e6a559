import type { CacheMode } from '../api/types';
import type { CacheField, CacheInputs } from '../lib/cache';
import { TextField } from './TextField';

/** The response-cache policy as form fields; the empty mode is "no policy of its own" (<paramref name="noneLabel"/>). */
export function CacheFieldset({
  inputs,
  errors,
  onChange,
  noneLabel,
  hint,
}: {
  inputs: CacheInputs;
  errors: Partial<Record<CacheField, string>>;
  onChange: (inputs: CacheInputs) => void;
  noneLabel: string;
  hint: string;
}) {
  const on = inputs.mode !== '' && inputs.mode !== 'off';
  return (
    <fieldset className="fieldset">
      <legend>Response cache</legend>
      <p className="hint">{hint}</p>
      <div className="grid-fields">
        <div className="field">
          <label htmlFor="cache-mode">Cache mode</label>
          <select id="cache-mode" value={inputs.mode} onChange={(e) => onChange({ ...inputs, mode: e.target.value as CacheMode | '' })}>
            <option value="">{noneLabel}</option>
            <option value="off">Off</option>
            <option value="exact">Exact (same request)</option>
            <option value="semantic">Semantic (similar question)</option>
          </select>
        </div>
        <TextField id="cache-ttl" label="Cache time to live (seconds)" value={inputs.ttl} error={errors.ttl} disabled={!on} onChange={(ttl) => onChange({ ...inputs, ttl })} />
        <TextField id="cache-similarity" label="Similarity for a semantic hit" value={inputs.similarity} error={errors.similarity} disabled={inputs.mode !== 'semantic'} onChange={(similarity) => onChange({ ...inputs, similarity })} />
      </div>
      <label className="field-inline checkbox">
        <input type="checkbox" checked={inputs.random} disabled={!on} onChange={(e) => onChange({ ...inputs, random: e.target.checked })} />
        <span>Also cache sampled answers (temperature above 0 without a seed)</span>
      </label>
    </fieldset>
  );
}
