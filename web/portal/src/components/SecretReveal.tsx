import { useRef } from 'react';
import { CopyButton } from './CopyButton';

const TEXT = {
  key: {
    title: 'Copy this key now: it will not be shown again.',
    body: (what: string) =>
      `GatoLink keeps only a hash of ${what}. If you lose it, rotate or revoke the key and make a new one. Anyone holding it can spend this tenant's budget.`,
    label: 'Secret key',
    done: 'I have stored the key',
  },
  webhook: {
    title: 'Copy this signing secret now: it will not be shown again.',
    body: (what: string) =>
      `GatoLink signs every delivery to ${what} with it (header x-gatolink-signature, HMAC-SHA256 over "{t}.{body}"); your receiver checks deliveries with it.`,
    label: 'Signing secret',
    done: 'I have stored the secret',
  },
};

/** A new secret (a key's, or a webhook's signing secret), shown once. */
export function SecretReveal({ secret, onDone, what, kind = 'key' }: { secret: string; onDone: () => void; what: string; kind?: keyof typeof TEXT }) {
  const input = useRef<HTMLInputElement>(null);
  const text = TEXT[kind];
  return (
    <div className="secret">
      <div className="notice notice-warning" role="alert">
        <p className="notice-title">{text.title}</p>
        <p>{text.body(what)}</p>
      </div>
      <label className="field">
        <span>{text.label}</span>
        <div className="secret-row">
          <input ref={input} className="mono" readOnly value={secret} aria-label={text.label} data-testid="new-key-secret" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={secret} input={() => input.current} />
        </div>
      </label>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          {text.done}
        </button>
      </div>
    </div>
  );
}
