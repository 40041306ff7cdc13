// One request policy for the hand-written platform clients (Snyk, Semgrep) and for the GitLab
// requester: per-attempt timeout, retry with backoff on 5xx / 429 / resets honouring Retry-After,
// and an optional rate limiter shared per API key. Octokit brings its own plugins for GitHub.
import { systemClock, type Clock } from "./clock";
import { DESTINATION_REFUSED } from "./destination";
import { ScmIntegrationError } from "./errors";
import { isTlsErrorCode, networkError, networkErrorCode, safeHost } from "./network-errors";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RetryInfo {
  attempt: number;
  waitMs: number;
  reason: string;
  url: string;
}

/** What the policy waits on before each attempt: a SlidingWindowLimiter shared per API key. */
export interface RequestLimiter {
  take(signal?: AbortSignal): Promise<void>;
}

export interface HttpPolicy {
  /** Timeout of one attempt, in ms. The engine enforces none, so every call carries its own. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff base: attempt n waits base × 2^(n-1) with jitter, unless the server said Retry-After. */
  baseDelayMs: number;
  /** Cap on one computed backoff wait. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as rate-limited instead. */
  maxRetryAfterMs: number;
  /** Shared by every client of one API key; taken before every attempt, retries included. */
  limiter?: RequestLimiter;
  /** What backoff and Retry-After waits sleep on, and what an HTTP-date Retry-After is measured from. */
  clock?: Clock;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export const defaultHttpPolicy: HttpPolicy = {
  timeoutMs: 30_000,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whether a retry after a 5xx or a dropped connection is safe. Defaults by method. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);
// Failures that happen before the request reaches the server: always safe to retry.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Parse Retry-After (delta-seconds or HTTP date) into ms; undefined if absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, now: number = systemClock.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function backoff(policy: HttpPolicy, attempt: number): number {
  const random = policy.random ?? Math.random;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter in the upper half keeps many parallel clients from retrying in lockstep.
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * Send a request under the policy. Returns the final Response for any HTTP status (callers map
 * statuses to errors); throws ScmIntegrationError for network failures and for 429s that outlast
 * the policy.
 */
export async function sendWithPolicy(
  request: HttpRequest,
  policy: HttpPolicy,
  fetchImpl: FetchLike,
): Promise<Response> {
  const clock = policy.clock ?? systemClock;
  const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method.toUpperCase());
  for (let attempt = 1; ; attempt++) {
    if (policy.limiter) await policy.limiter.take(request.signal);
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal,
      });
    } catch (e) {
      const waitMs = networkRetryWait(e, request, policy, idempotent, attempt);
      policy.onRetry?.({
        attempt,
        waitMs,
        reason: networkErrorCode(e) ?? (e as Error).name ?? "network error",
        url: request.url,
      });
      await clock.sleep(waitMs, request.signal);
      continue;
    }

    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), clock.now());
    const rateLimited = status === 429 || (status === 503 && retryAfterMs !== undefined);
    const serverError = RETRYABLE_5XX.has(status) && idempotent;
    if (!rateLimited && !serverError) return response;

    if (attempt >= policy.maxAttempts || (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs)) {
      if (!rateLimited) return response;
      await response.body?.cancel().catch(() => undefined);
      throw rateLimitedError(request, status, attempt, retryAfterMs);
    }
    await response.body?.cancel().catch(() => undefined);
    const waitMs = retryAfterMs ?? backoff(policy, attempt);
    policy.onRetry?.({ attempt, waitMs, reason: `HTTP ${status}`, url: request.url });
    await clock.sleep(waitMs, request.signal);
  }
}

/** How long to wait before retrying a request that failed below HTTP; throws when it must not be retried. */
function networkRetryWait(
  e: unknown,
  request: HttpRequest,
  policy: HttpPolicy,
  idempotent: boolean,
  attempt: number,
): number {
  if (request.signal?.aborted) throw e;
  const code = networkErrorCode(e);
  if (code === DESTINATION_REFUSED) throw networkError(e, request.url);
  const retryable = (idempotent || (code !== undefined && NOT_SENT_CODES.has(code))) && !isTlsErrorCode(code);
  if (!retryable || attempt >= policy.maxAttempts) throw networkError(e, request.url);
  return backoff(policy, attempt);
}

function rateLimitedError(
  request: HttpRequest,
  status: number,
  attempt: number,
  retryAfterMs: number | undefined,
): ScmIntegrationError {
  return new ScmIntegrationError(
    "rate-limited",
    `${safeHost(request.url)} kept answering 429 (rate limited) after ${attempt} attempts${
      retryAfterMs !== undefined ? `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s` : ""
    }`,
    { status, fix: "retry later, or lower the concurrency setting so the run stays under the API's rate limit" },
  );
}
