// One request policy for the hand-written platform clients (Snyk, Semgrep) and for the GitLab
// requester: per-attempt timeout, retry with backoff on 5xx / 429 / resets honouring Retry-After,
// and an optional rate limiter shared per API key. Octokit brings its own plugins for GitHub.
import { Agent, fetch as undiciFetch } from "undici";
import { systemClock, type Clock } from "./clock";
import {
  classifyHost,
  describeClass,
  DESTINATION_REFUSED,
  DestinationRefusedError,
  guardedLookup,
  isRefusedClass,
  type LookupFunction,
} from "./destination";
import { ScmIntegrationError } from "./errors";

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
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);
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

/** The innermost error code of a fetch failure (undici nests the socket error in `cause`). */
export function networkErrorCode(e: unknown): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The DestinationRefusedError somewhere in a fetch failure's cause chain, if any. */
export function destinationRefusal(e: unknown): DestinationRefusedError | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if (current instanceof DestinationRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turn a network-level failure into a clear error (no token can be in it: only host and code). */
export function networkError(e: unknown, url: string, field?: string): ScmIntegrationError {
  const host = safeHost(url);
  const refused = destinationRefusal(e);
  if (refused) {
    return new ScmIntegrationError("invalid-input", refused.message, {
      ...(field ? { field } : {}),
      fix: "point the URL at the server's own address; names that resolve to loopback, link-local, unspecified or cloud metadata addresses, and redirects to another host, are refused before any token is sent",
      details: { destination: "refused", host: refused.host },
      cause: e,
    });
  }
  const code = networkErrorCode(e);
  const name = (e as { name?: string } | undefined)?.name;
  if (code && TLS_CODES.has(code)) {
    return new ScmIntegrationError("tls", `TLS verification of ${host} failed (${code})`, {
      ...(field ? { field } : {}),
      fix: "if the server uses a private certificate authority, set caCertificate to that CA's PEM; otherwise check the URL",
      cause: e,
    });
  }
  if (name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new ScmIntegrationError("unreachable", `${host} did not answer in time`, {
      ...(field ? { field } : {}),
      fix: "check that the host is up and reachable from where Pulumi runs",
      cause: e,
    });
  }
  return new ScmIntegrationError("unreachable", `cannot reach ${host}${code ? ` (${code})` : ""}`, {
    ...(field ? { field } : {}),
    fix: "check the URL, DNS and network path from where Pulumi runs",
    cause: e,
  });
}

export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "<invalid url>";
  }
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
  const retryable = (idempotent || (code !== undefined && NOT_SENT_CODES.has(code))) && !TLS_CODES.has(code ?? "");
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

export interface FetchOptions {
  /** PEM bundle of the private CA(s) that signed the server's certificate. */
  caCertificate?: string;
  /** Concurrent connections per origin. */
  connections?: number;
  /** Let names resolve to loopback addresses (the allowInsecureLoopback provider setting: tests only). */
  allowLoopback?: boolean;
  /** Resolver behind the destination check (tests inject one; default dns.lookup). */
  lookup?: LookupFunction;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A fetch bound to its own connection pool (and CA, when given). undici's own fetch is used so the
 * dispatcher and fetch always come from the same undici version.
 *
 * Destinations: every address a name resolves to is classified when connecting (guardedLookup), and
 * redirects are not left to undici. undici would follow them to any host, and for a redirect to an
 * IP literal no lookup runs, while GitLab's PRIVATE-TOKEN header (unlike Authorization) survives a
 * cross-origin redirect. So redirects are taken manually: same-origin ones (GitHub's renamed
 * repositories) are followed, up to 5; a redirect to another origin is refused, never followed.
 * A caller that asks for redirect "manual" or "error" itself gets that.
 */
export function createFetch(options: FetchOptions = {}): FetchLike {
  const lookup = guardedLookup({
    allowLoopback: options.allowLoopback === true,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const dispatcher = new Agent({
    connections: options.connections ?? 32,
    keepAliveTimeout: 10_000,
    connect: { lookup, ...(options.caCertificate ? { ca: options.caCertificate } : {}) },
  });
  const send = (input: string, init: RequestInit | undefined) =>
    undiciFetch(input, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  return async (input: string, init?: RequestInit) => {
    if (init?.redirect === "manual" || init?.redirect === "error") return send(input, init);
    let url = input;
    let current: RequestInit = { ...init, redirect: "manual" };
    for (let hop = 0; ; hop++) {
      const response = await send(url, current);
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const target = redirectTarget(new URL(url), location, hop);
      current = requestAfterRedirect(response.status, current);
      url = target.href;
    }
  };
}

/** Where a redirect leads, when it may be followed: same origin only, at most MAX_REDIRECTS hops. */
function redirectTarget(from: URL, location: string, hop: number): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new DestinationRefusedError(`refused to follow a redirect from ${from.host} to an invalid URL`, from.host);
  }
  const targetClass = classifyHost(target.hostname);
  // Same origin: the host already passed every check. Any other origin: never followed.
  if (target.origin !== from.origin) {
    throw new DestinationRefusedError(
      `refused to follow a redirect from ${from.host} to ${target.host}${
        isRefusedClass(targetClass, false) ? ` (another origin, ${describeClass(targetClass)})` : " (another origin)"
      }`,
      target.hostname,
    );
  }
  if (hop >= MAX_REDIRECTS) {
    throw new DestinationRefusedError(
      `refused to follow more than ${MAX_REDIRECTS} redirects from ${from.host}`,
      from.host,
    );
  }
  return target;
}

/** The request to send on to a redirect's target: 303 (and 301 / 302 after a POST) turn into a GET. */
function requestAfterRedirect(status: number, current: RequestInit): RequestInit {
  const method = (current.method ?? "GET").toUpperCase();
  if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
    const { body: _body, ...rest } = current;
    void _body;
    return { ...rest, method: "GET" };
  }
  return current;
}
