// What both Snyk clients of one API key share: the roots, the fetch with its connection pool, the
// request policy (timeouts, retries, Retry-After) in two copies that differ only by their limiter (V1
// and REST are rate limited separately, each by its own per-key limiter: ./rate-budget), and the one
// exchange both make (sendSnykRequest). What differs by dialect (headers, media type, `?version=`)
// stays in each client.
import { systemClock, type Clock } from "../../core/clock";
import { createFetch } from "../../core/guarded-fetch";
import { defaultHttpPolicy, sendWithPolicy, type FetchLike, type HttpPolicy, type HttpRequest } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { resolveSnykApiRoots, type SnykApiRoots } from "./regions";
import { snykHttpError } from "./api-error";
import { DEFAULT_SNYK_RATE_BUDGET, snykLimiterFor, type SnykDialect, type SnykRateBudget } from "./rate-budget";
import { SnykServerClock } from "./server-clock";

export interface SnykTransportOptions {
  apiToken: string;
  region?: string;
  apiUrl?: string;
  logger?: Logger;
  /** What every wait goes through (limiters, retry backoff, Retry-After, job polls); default the system clock. */
  clock?: Clock;
  rateBudget?: SnykRateBudget;
  /** Overrides of the shared request policy (tests: fewer attempts, shorter timeouts). */
  http?: Partial<Omit<HttpPolicy, "limiter" | "clock">>;
  fetch?: FetchLike;
}

export interface SnykTransport {
  readonly roots: SnykApiRoots;
  readonly apiToken: string;
  /** The request policy of each dialect: the V1 client sends under `v1`, the REST client under `rest`. */
  readonly policies: Readonly<Record<SnykDialect, HttpPolicy>>;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Snyk's clock, learned from its answers' Date headers. */
  readonly serverClock: SnykServerClock;
}

export function createSnykTransport(options: SnykTransportOptions): SnykTransport {
  rememberSecret(options.apiToken);
  const roots = resolveSnykApiRoots(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const budget = options.rateBudget ?? DEFAULT_SNYK_RATE_BUDGET;
  const policyOf = (dialect: SnykDialect): HttpPolicy => ({
    ...defaultHttpPolicy,
    ...options.http,
    limiter: snykLimiterFor(options.apiToken, roots.app, dialect, budget, clock),
    clock,
    onRetry: (info) =>
      logger.info(`Snyk: retrying ${new URL(info.url).pathname} after ${info.reason} (attempt ${info.attempt})`),
  });
  return {
    roots,
    apiToken: options.apiToken,
    policies: { v1: policyOf("v1"), rest: policyOf("rest") },
    fetch: options.fetch ?? createFetch({ connections: 64 }),
    logger,
    clock,
    serverClock: new SnykServerClock(),
  };
}

/** What a Snyk call was for, to word its error, and which non-2xx statuses it takes as answers. */
export interface SnykCallContext {
  /** What we were doing, as a phrase (the error says "Snyk refused <action>"). */
  action: string;
  /** Input property a failure is about, when there is one. */
  field?: string;
  /** Statuses answered rather than thrown (e.g. 404 for "already gone"). */
  accept?: number[];
}

export interface SnykAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

/**
 * Send one request of a dialect under that dialect's policy and limiter. Returns the answer for 2xx and
 * for statuses in `accept`; any other status throws the dialect-aware error of ./api-error, which names
 * that dialect's root (keys are region-bound, so a 401 says where the key was tried).
 */
export async function sendSnykRequest(
  transport: SnykTransport,
  dialect: SnykDialect,
  request: HttpRequest,
  context: SnykCallContext,
): Promise<SnykAnswer> {
  const response = await sendWithPolicy(request, transport.policies[dialect], transport.fetch);
  transport.serverClock.observe(response.headers.get("date"), transport.clock.now());
  const body = parseBody(await response.text());
  if ((response.status >= 200 && response.status < 300) || context.accept?.includes(response.status)) {
    return { status: response.status, headers: response.headers, body };
  }
  throw snykHttpError(response.status, body, {
    action: context.action,
    apiRoot: transport.roots[dialect],
    ...(context.field !== undefined ? { field: context.field } : {}),
  });
}

/** An error page or proxy answer may not be JSON: its text is kept, so the error can still quote it. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
