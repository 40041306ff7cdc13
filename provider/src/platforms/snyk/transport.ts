// What both Snyk clients of one API key share: the roots, the fetch with its connection pool, and the
// request policy (timeouts, retries, Retry-After) in two copies that differ only by their limiter: V1
// and REST are rate limited separately, each by its own per-key limiter (./rate-budget).
import { systemClock, type Clock } from "../../core/clock";
import { defaultHttpPolicy, createFetch, type FetchLike, type HttpPolicy } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { resolveSnykApiRoots, type SnykApiRoots } from "./regions";
import { DEFAULT_SNYK_RATE_BUDGET, snykLimiterFor, type SnykDialect, type SnykRateBudget } from "./rate-budget";

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
  };
}
