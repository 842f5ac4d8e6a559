import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFromResponse, errorFromThrown, isTransient, kindOfStatus, parseRetryAfter } from './errors';

function envelope(message: string, code: string | null = null, param: string | null = null): string {
  return JSON.stringify({ error: { message, type: 'x', param, code } });
}

describe('kindOfStatus', () => {
  it.each([
    [400, null, 'invalid'],
    [401, null, 'unauthorized'],
    [403, null, 'forbidden'],
    [404, null, 'not_found'],
    [409, null, 'conflict'],
    [413, null, 'invalid'],
    [429, 'rate_limit_exceeded', 'rate_limited'],
    [429, 'budget_exceeded', 'budget_exceeded'],
    [500, null, 'server'],
    [502, null, 'unavailable'],
    [503, 'no_capacity', 'unavailable'],
    [504, null, 'unavailable'],
    [302, null, 'unexpected'],
  ])('%i %s is %s', (status, code, kind) => {
    expect(kindOfStatus(status, code)).toBe(kind);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('errorFromResponse', () => {
  it('reads the OpenAI-shaped envelope', () => {
    const e = errorFromResponse(400, 'Bad Request', new Headers(), envelope("'name' is required.", 'invalid_request_error', 'name'));
    expect(e).toMatchObject({ kind: 'invalid', status: 400, message: "'name' is required.", param: 'name', code: 'invalid_request_error' });
  });

  it('falls back to the status text for a body that is not JSON', () => {
    const e = errorFromResponse(502, 'Bad Gateway', new Headers(), '<html>nginx</html>');
    expect(e).toMatchObject({ kind: 'unavailable', message: 'Bad Gateway' });
  });

  it('falls back to the status code when there is no text at all', () => {
    expect(errorFromResponse(500, '', new Headers(), '').message).toBe('HTTP 500');
  });
});

describe('describeError', () => {
  it('says a 429 in words with the wait', () => {
    const d = describeError(new ApiError({ kind: 'rate_limited', status: 429, message: 'Rate limit reached for requests.', retryAfterSeconds: 20 }));
    expect(d.title).toBe('Too many requests (429)');
    expect(d.detail).toContain('Try again in 20 seconds.');
  });

  it('says a budget refusal is a budget, not a rate', () => {
    expect(describeError(new ApiError({ kind: 'budget_exceeded', status: 429, message: 'Daily budget exceeded.' })).title).toBe('Budget exceeded (429)');
  });

  it('says a 403 is about the role', () => {
    const d = describeError(new ApiError({ kind: 'forbidden', status: 403, message: 'Only a system admin may do this.' }));
    expect(d.title).toBe('Not allowed (403)');
    expect(d.detail).toContain('Only a system admin may do this.');
  });

  it('says the network is down when nothing answered', () => {
    const d = describeError(errorFromThrown(new TypeError('Failed to fetch'), false));
    expect(d.title).toBe('Cannot reach GatoLink');
    expect(d.detail).toMatch(/network is down or the silo is not running/);
  });

  it('says a timeout is a timeout', () => {
    expect(describeError(errorFromThrown(new DOMException('aborted', 'AbortError'), true)).title).toBe('GatoLink did not answer in time');
  });

  it('names the bad field of a 400', () => {
    expect(describeError(new ApiError({ kind: 'invalid', status: 400, message: "'rpm' is not a valid limit.", param: 'rpm' })).detail).toBe(
      "'rpm' is not a valid limit. (field: rpm)",
    );
  });

  it('describes anything else that was thrown', () => {
    expect(describeError(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom' });
  });
});

describe('isTransient', () => {
  it('retries only what can pass', () => {
    expect(isTransient(new ApiError({ kind: 'network', status: 0, message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ kind: 'unavailable', status: 503, message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ kind: 'forbidden', status: 403, message: '' }))).toBe(false);
    expect(isTransient(new Error('x'))).toBe(false);
  });
});
