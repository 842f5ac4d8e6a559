// API failures as values the pages can put into words: every status the silo answers with, and the
// failures that never reach it (network down, timeout).

export type ApiErrorKind =
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'conflict'
  | 'server'
  | 'unavailable'
  | 'unexpected';

/** OpenAI's error shape, which every GatoLink error uses. */
export interface ErrorBody {
  error?: { message?: string; type?: string; param?: string | null; code?: string | null };
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, or 0 when no answer came back. */
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;
  /** Seconds from a Retry-After header. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    kind: ApiErrorKind;
    status: number;
    message: string;
    code?: string | null;
    param?: string | null;
    retryAfterSeconds?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function kindOfStatus(status: number, code: string | null): ApiErrorKind {
  if (status === 400 || status === 413 || status === 422) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return code === 'budget_exceeded' ? 'budget_exceeded' : 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'server';
  return 'unexpected';
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Builds the error for a non-2xx answer from its status, headers and body text. */
export function errorFromResponse(status: number, statusText: string, headers: Headers, bodyText: string): ApiError {
  let parsed: ErrorBody | null = null;
  try {
    parsed = bodyText ? (JSON.parse(bodyText) as ErrorBody) : null;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status speaks for itself.
    parsed = null;
  }
  const detail = parsed?.error;
  const code = detail?.code ?? null;
  const message = detail?.message?.trim() || statusText || `HTTP ${status}`;
  return new ApiError({
    kind: kindOfStatus(status, code),
    status,
    message,
    code,
    param: detail?.param ?? null,
    retryAfterSeconds: parseRetryAfter(headers.get('retry-after')),
  });
}

/** A failure before any answer: fetch rejects with a TypeError when the network is down. */
export function errorFromThrown(thrown: unknown, timedOut: boolean): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (timedOut) {
    return new ApiError({ kind: 'timeout', status: 0, message: 'The silo did not answer in time.' });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new ApiError({ kind: 'network', status: 0, message });
}

export interface ErrorDescription {
  title: string;
  detail: string;
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

/** Any thrown value in words a person can act on. */
export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: 'Something went wrong', detail: message };
  }

  const server = error.message;
  switch (error.kind) {
    case 'network':
      return {
        title: 'Cannot reach GatoLink',
        detail: 'The network is down or the silo is not running. Check the connection and try again.',
      };
    case 'timeout':
      return { title: 'GatoLink did not answer in time', detail: 'The silo is slow or unreachable. Try again in a moment.' };
    case 'unauthorized':
      return { title: 'The key was not accepted (401)', detail: `${server} Sign in again with a valid admin key.` };
    case 'forbidden':
      return { title: 'Not allowed (403)', detail: `${server} Your key's role does not permit this.` };
    case 'not_found':
      return { title: 'Not found (404)', detail: `${server} It may have been deleted, or it belongs to another tenant.` };
    case 'invalid':
      return {
        title: `The request was refused (${error.status})`,
        detail: error.param ? `${server} (field: ${error.param})` : server,
      };
    case 'rate_limited':
      return {
        title: 'Too many requests (429)',
        detail:
          error.retryAfterSeconds !== null
            ? `${server} Try again in ${seconds(error.retryAfterSeconds)}.`
            : `${server} Wait a moment and try again.`,
      };
    case 'budget_exceeded':
      return { title: 'Budget exceeded (429)', detail: `${server} Raise the budget or wait for it to reset.` };
    case 'conflict':
      return { title: 'Conflict (409)', detail: server };
    case 'unavailable':
      return {
        title: `GatoLink is unavailable (${error.status})`,
        detail:
          error.retryAfterSeconds !== null ? `${server} Try again in ${seconds(error.retryAfterSeconds)}.` : `${server} Try again shortly.`,
      };
    case 'server':
      return { title: `GatoLink had an internal error (${error.status})`, detail: server };
    default:
      return { title: `Unexpected answer (HTTP ${error.status})`, detail: server };
  }
}

/** Whether retrying the same request can help (react-query's retry decision). */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'unavailable');
}
