// What both Snyk clients of one API key share: the roots, the fetch with its connection pool, the
// request policy (timeouts, retries, Retry-After) and the per-key token bucket.
import { defaultHttpPolicy, createFetch, type FetchLike, type HttpPolicy } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { abortableSleep } from "../../core/token-bucket";
import { resolveSnykApiRoots, type SnykApiRoots } from "./regions";
import { DEFAULT_SNYK_RATE_BUDGET, snykBucketFor, type SnykRateBudget } from "./rate-budget";

export interface SnykTransportOptions {
  apiToken: string;
  region?: string;
  apiUrl?: string;
  logger?: Logger;
  /** Scales every wait (retry backoff, Retry-After, job polls): 1 = real time; tests use ~0.01. */
  delayScale?: number;
  rateBudget?: SnykRateBudget;
  /** Overrides of the shared request policy (tests: fewer attempts, shorter timeouts). */
  http?: Partial<Omit<HttpPolicy, "bucket" | "sleep">>;
  fetch?: FetchLike;
}

export interface SnykTransport {
  readonly roots: SnykApiRoots;
  readonly apiToken: string;
  readonly policy: HttpPolicy;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly delayScale: number;
  /** Sleep scaled by delayScale, abortable. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function createSnykTransport(options: SnykTransportOptions): SnykTransport {
  rememberSecret(options.apiToken);
  const roots = resolveSnykApiRoots(options);
  const delayScale = options.delayScale ?? 1;
  const logger = options.logger ?? silentLogger;
  const sleep = (ms: number, signal?: AbortSignal) => abortableSleep(Math.max(0, Math.round(ms * delayScale)), signal);
  const policy: HttpPolicy = {
    ...defaultHttpPolicy,
    ...options.http,
    bucket: snykBucketFor(options.apiToken, roots.app, options.rateBudget ?? DEFAULT_SNYK_RATE_BUDGET),
    sleep,
    onRetry: (info) =>
      logger.info(`Snyk: retrying ${new URL(info.url).pathname} after ${info.reason} (attempt ${info.attempt})`),
  };
  return {
    roots,
    apiToken: options.apiToken,
    policy,
    fetch: options.fetch ?? createFetch({ connections: 64 }),
    logger,
    delayScale,
    sleep,
  };
}
