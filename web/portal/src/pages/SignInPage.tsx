import { useEffect, useState, type FormEvent } from 'react';
import { loadOidcConfig, type OidcConfig } from '../api/oidc';
import { checkKeyInput } from '../api/session';
import { useAuth } from '../auth/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';

export function SignInPage({ notice }: { notice: string | null }) {
  const { signIn, signInWithProvider } = useAuth();
  const [provider, setProvider] = useState<OidcConfig | null>(null);
  const [input, setInput] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // The silo says whether a company identity provider is configured; without one only keys sign in.
  useEffect(() => {
    let cancelled = false;
    loadOidcConfig().then(
      (config) => !cancelled && setProvider(config),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);

  async function startProviderSignIn() {
    if (!provider) return;
    setError(null);
    setBusy(true);
    try {
      await signInWithProvider(provider);
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { key, problem: bad } = checkKeyInput(input);
    setProblem(bad);
    setError(null);
    if (bad) return;
    setBusy(true);
    try {
      await signIn(key);
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  }

  return (
    <main className="centered" id="main">
      <div className="card signin">
        <h1>GatoLink portal</h1>
        <p>Sign in with a tenant-admin or system-admin API key. The key stays in this browser tab only and is forgotten when you sign out or close the tab.</p>
        {notice && (
          <div className="notice notice-info" role="status">
            <p>{notice}</p>
          </div>
        )}
        {error !== null && <ErrorNotice error={error} context="Sign-in failed" />}
        {provider && (
          <>
            <button type="button" className="button button-primary" onClick={startProviderSignIn} disabled={busy}>
              Sign in with your company account
            </button>
            <p className="hint">or with an admin key:</p>
          </>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="admin-key">Admin key</label>
            <input
              id="admin-key"
              name="admin-key"
              type="password"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="gl-…"
              value={input}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'admin-key-problem' : undefined}
              onChange={(e) => setInput(e.target.value)}
              autoFocus
            />
            {problem && (
              <span id="admin-key-problem" className="field-error">
                {problem}
              </span>
            )}
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
