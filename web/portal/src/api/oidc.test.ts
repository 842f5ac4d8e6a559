import { describe, expect, it } from 'vitest';
import { base64Url, beginSignIn, codeChallenge, completeSignIn } from './oidc';

function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([251, 255]))).toBe('-_8');
  });
});

describe('sign-in round trip', () => {
  const discovery = { authorization_endpoint: 'https://idp/authorize', token_endpoint: 'https://idp/token' };

  it('sends the challenge out and redeems the code with the matching verifier', async () => {
    const storage = memoryStorage();
    const sent: { url: string; body: string }[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), body: String(init?.body ?? '') });
      return String(input).endsWith('openid-configuration') ? json(200, discovery) : json(200, { access_token: 'at-1' });
    }) as typeof fetch;
    const url = new URL(await beginSignIn({ authority: 'https://idp/', client_id: 'gatolink', scope: 'openid' }, 'http://silo/portal/', storage, fetchImpl));
    expect(sent[0]?.url).toBe('https://idp/.well-known/openid-configuration');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    const token = await completeSignIn(`?code=c1&state=${url.searchParams.get('state')}`, storage, fetchImpl);
    expect(token).toBe('at-1');
    const redeemed = new URLSearchParams(sent[1]?.body);
    expect(await codeChallenge(redeemed.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
    expect(redeemed.get('redirect_uri')).toBe('http://silo/portal/');
  });

  it('refuses a return whose state this tab did not send', async () => {
    const storage = memoryStorage();
    const fetchImpl = (async () => json(200, discovery)) as unknown as typeof fetch;
    await beginSignIn({ authority: 'https://idp', client_id: 'gatolink', scope: 'openid' }, 'http://silo/portal/', storage, fetchImpl);
    await expect(completeSignIn('?code=c1&state=forged', storage, fetchImpl)).rejects.toThrow(/not started in this tab/);
  });

  it('is nothing to do on an ordinary page load', async () => {
    expect(await completeSignIn('?tab=keys', memoryStorage())).toBeNull();
  });
});
