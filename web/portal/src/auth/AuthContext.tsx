import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiClient } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import { keyStore } from '../api/session';
import { beginSignIn, completeSignIn, type OidcConfig } from '../api/oidc';
import type { Identity } from '../api/types';

export interface Session {
  client: ApiClient;
  identity: Identity;
}

type AuthState =
  | { status: 'signed_out'; notice: string | null }
  | { status: 'restoring' }
  | { status: 'completing' }
  | { status: 'restore_failed'; error: unknown }
  | { status: 'signed_in'; session: Session };

interface AuthValue {
  state: AuthState;
  /** Checks the key against the silo; on success keeps it in sessionStorage. Throws an ApiError otherwise. */
  signIn(key: string): Promise<void>;
  /** Leaves for the identity provider (Authorization Code + PKCE); the page comes back signed in. */
  signInWithProvider(config: OidcConfig): Promise<void>;
  signOut(notice?: string): void;
  retryRestore(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

const store = keyStore(typeof window === 'undefined' ? null : window.sessionStorage);

/** Where the provider sends the browser back: the portal's root. */
function redirectUri(): string {
  return `${window.location.origin}${import.meta.env.BASE_URL}`;
}

function isProviderReturn(): boolean {
  if (typeof window === 'undefined') return false;
  const params = new URLSearchParams(window.location.search);
  return params.has('code') || params.has('error');
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>(() =>
    isProviderReturn() ? { status: 'completing' } : store.load() ? { status: 'restoring' } : { status: 'signed_out', notice: null },
  );
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback(
    (notice?: string) => {
      store.clear();
      queryClient.clear();
      setState({ status: 'signed_out', notice: notice ?? null });
    },
    [queryClient],
  );

  // Back from the identity provider: redeem the code, keep the access token like a key, and check it below.
  useEffect(() => {
    if (state.status !== 'completing') return;
    const search = window.location.search;
    window.history.replaceState(null, '', window.location.pathname);
    completeSignIn(search, window.sessionStorage).then(
      (token) => {
        if (token) store.save(token);
        setState(token || store.load() ? { status: 'restoring' } : { status: 'signed_out', notice: null });
      },
      (error: unknown) => setState({ status: 'signed_out', notice: error instanceof Error ? error.message : String(error) }),
    );
  }, [state.status]);

  // A key or token kept from earlier in this tab: check it is still good.
  useEffect(() => {
    if (state.status !== 'restoring') return;
    const key = store.load();
    if (!key) {
      setState({ status: 'signed_out', notice: null });
      return;
    }
    let cancelled = false;
    const client = new ApiClient(key);
    client.whoAmI().then(
      (identity) => !cancelled && setState({ status: 'signed_in', session: { client, identity } }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (error.kind === 'unauthorized' || error.kind === 'forbidden')) {
          store.clear();
          setState({ status: 'signed_out', notice: describeError(error).detail });
        } else {
          setState({ status: 'restore_failed', error });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [state.status, attempt]);

  // A key revoked or expired while signed in: every answer becomes 401; go back to the sign-in page.
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((event) => {
      const error = event.query.state.error;
      if (event.type === 'updated' && error instanceof ApiError && error.kind === 'unauthorized') {
        signOut(`You were signed out: ${error.message}`);
      }
    });
  }, [queryClient, signOut]);

  const signIn = useCallback(async (key: string) => {
    const client = new ApiClient(key);
    const identity = await client.whoAmI();
    store.save(key);
    queryClient.clear();
    setState({ status: 'signed_in', session: { client, identity } });
  }, [queryClient]);

  const signInWithProvider = useCallback(async (config: OidcConfig) => {
    window.location.assign(await beginSignIn(config, redirectUri(), window.sessionStorage));
  }, []);

  const retryRestore = useCallback(() => {
    setState({ status: 'restoring' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, signIn, signInWithProvider, signOut, retryRestore }), [state, signIn, signInWithProvider, signOut, retryRestore]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in session; only pages behind the sign-in gate call this. */
export function useSession(): Session {
  const { state } = useAuth();
  if (state.status !== 'signed_in') throw new Error('useSession while signed out');
  return state.session;
}
