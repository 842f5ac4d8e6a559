// Sign-in through the company's OpenID Connect provider: Authorization Code with PKCE (RFC 7636), as a public client.
// The silo says which provider (GET /auth/oidc); the browser reads the provider's discovery document, goes there to
// sign in, and redeems the code it brings back for an access token, which the portal then sends as its Bearer token.

export interface OidcConfig {
  authority: string;
  client_id: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** What the portal keeps in sessionStorage between leaving for the provider and coming back. */
interface PendingSignIn {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
}

const PENDING_ITEM = 'gatolink.portal.oidc';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** base64url without padding. */
export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random string of 32 bytes (43 characters), for the verifier and the state. */
export function randomToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The provider the silo is configured with, or null when none is. */
export async function loadOidcConfig(fetchImpl: typeof fetch = fetch): Promise<OidcConfig | null> {
  const response = await fetchImpl('/auth/oidc', { cache: 'no-store' });
  return response.ok ? ((await response.json()) as OidcConfig) : null;
}

/** The URL to send the browser to; remembers the verifier and state for {@link completeSignIn}. */
export async function beginSignIn(config: OidcConfig, redirectUri: string, storage: Store, fetchImpl: typeof fetch = fetch): Promise<string> {
  const discoveryUrl = `${config.authority.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const discovery = (await (await fetchImpl(discoveryUrl, { cache: 'no-store' })).json()) as Discovery;
  const verifier = randomToken();
  const state = randomToken();
  const pending: PendingSignIn = { state, verifier, tokenEndpoint: discovery.token_endpoint, clientId: config.client_id, redirectUri };
  storage.setItem(PENDING_ITEM, JSON.stringify(pending));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return `${discovery.authorization_endpoint}?${query.toString()}`;
}

/**
 * The access token for the code the provider sent back in `search`, or null when this page load is
 * not a sign-in's return. Throws when the return does not belong to the sign-in this tab started, or the provider
 * refused.
 */
export async function completeSignIn(search: string, storage: Store, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  const params = new URLSearchParams(search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const saved = storage.getItem(PENDING_ITEM);
  storage.removeItem(PENDING_ITEM);
  if (error) throw new Error(`The identity provider refused the sign-in: ${params.get('error_description') ?? error}`);
  const pending = saved ? (JSON.parse(saved) as PendingSignIn) : null;
  if (!pending || pending.state !== params.get('state')) throw new Error('This sign-in was not started in this tab; sign in again.');
  const response = await fetchImpl(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string; error?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`The identity provider did not issue a token: ${body.error_description ?? body.error ?? response.status}`);
  }
  return body.access_token;
}
