import { LIMIT_FIELDS, type LimitInputs, type LimitName } from '../lib/limits';

/** The five limits as text fields; empty = no limit. */
export function LimitsFieldset({
  inputs,
  errors,
  onChange,
  legend = 'Limits',
}: {
  inputs: LimitInputs;
  errors: Partial<Record<LimitName, string>>;
  onChange: (inputs: LimitInputs) => void;
  legend?: string;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <p className="hint">Leave a field empty for no limit. Budgets are per UTC day and month.</p>
      <div className="grid-fields">
        {LIMIT_FIELDS.map((f) => {
          const id = `limit-${f.name}`;
          const error = errors[f.name];
          return (
            <div className="field" key={f.name}>
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                inputMode={f.money ? 'decimal' : 'numeric'}
                value={inputs[f.name]}
                placeholder="no limit"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => onChange({ ...inputs, [f.name]: e.target.value })}
              />
              {error && (
                <span id={`${id}-error`} className="field-error">
                  {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
