import { useRef } from 'react';
import { CopyButton } from './CopyButton';

/** A new key's secret, shown once. */
export function SecretReveal({ secret, onDone, what }: { secret: string; onDone: () => void; what: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="secret">
      <div className="notice notice-warning" role="alert">
        <p className="notice-title">Copy this key now: it will not be shown again.</p>
        <p>
          GatoLink keeps only a hash of {what}. If you lose it, rotate or revoke the key and make a new one. Anyone holding it can
          spend this tenant's budget.
        </p>
      </div>
      <label className="field">
        <span>Secret key</span>
        <div className="secret-row">
          <input ref={input} className="mono" readOnly value={secret} aria-label="Secret key" data-testid="new-key-secret" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={secret} input={() => input.current} />
        </div>
      </label>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          I have stored the key
        </button>
      </div>
    </div>
  );
}
