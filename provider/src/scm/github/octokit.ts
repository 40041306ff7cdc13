// The Octokit instance every GitHub call goes through: @octokit/rest with the throttling plugin
// (primary / secondary rate limits) and the retry plugin (5xx, 429, dropped connections), our own
// undici fetch (private CA, own pool) and a timeout on every attempt (the engine enforces none).
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { createFetch, type FetchLike } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";

const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubOctokitInstance = InstanceType<typeof GitHubOctokit>;

export interface OctokitSettings {
  apiUrl: string;
  token: string;
  caCertificate?: string;
  logger?: Logger;
  /** 1 = real seconds; tests pass e.g. 0.001 so rate-limit and retry waits take milliseconds. */
  retryDelayScale?: number;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retries after a primary or secondary rate limit before the call fails. */
  maxRateLimitRetries?: number;
  /** A rate-limit wait longer than this (seconds, before scaling) is not waited for: the call fails. */
  maxRateLimitWaitSeconds?: number;
  /** Attempts after a 5xx / 429 / network failure (plugin-retry's `retries`). */
  serverErrorRetries?: number;
  /** Connections per origin (at least the listing concurrency). */
  connections?: number;
}

// Bottleneck groups inside plugin-throttling are module-wide and keyed by `id`: one id per client
// keeps one client's backlog from queueing behind another's.
let nextClientId = 0;

/**
 * Octokit's request log reports every non-2xx answer as an error, 304 included; a 304 is the
 * conditional cache working (an unchanged listing page), not something to warn a reviewer about.
 */
function reportOctokitError(logger: Logger): (message: string) => void {
  return (message) => {
    if (/ - 304 with id /.test(message)) return;
    logger.warn(message);
  };
}

/** Adds a per-attempt timeout to a fetch; a caller's own signal still cancels. */
export function withTimeout(fetchImpl: FetchLike, timeoutMs: number): FetchLike {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetchImpl(input, { ...init, signal });
  };
}

export function createGitHubOctokit(settings: OctokitSettings): GitHubOctokitInstance {
  const logger = settings.logger ?? silentLogger;
  const scale = settings.retryDelayScale ?? 1;
  const maxRetries = settings.maxRateLimitRetries ?? 3;
  const maxWait = settings.maxRateLimitWaitSeconds ?? 300;
  const fetchImpl = withTimeout(
    createFetch({
      ...(settings.caCertificate ? { caCertificate: settings.caCertificate } : {}),
      connections: settings.connections ?? 16,
    }),
    settings.timeoutMs ?? 30_000,
  );

  // Both handlers are mandatory for plugin-throttling. Returning true schedules one more attempt
  // after `retryAfter` seconds (× retryAfterBaseValue); a bounded number of them, then the
  // RequestError surfaces and is mapped to a "rate-limited" error.
  const decide =
    (limit: "primary" | "secondary") =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const what = `${options.method ?? "GET"} ${options.url ?? ""}`;
      if (retryCount < maxRetries && retryAfter <= maxWait) {
        logger.warn(
          `GitHub ${limit} rate limit on ${what}: retrying in ${retryAfter} s (retry ${retryCount + 1}/${maxRetries})`,
        );
        return true;
      }
      logger.warn(
        `GitHub ${limit} rate limit on ${what}: giving up after ${retryCount} retries (server asked for ${retryAfter} s)`,
      );
      return false;
    };

  return new GitHubOctokit({
    auth: settings.token,
    baseUrl: settings.apiUrl,
    userAgent: "pulumi-scm-integrations",
    request: { fetch: fetchImpl },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: reportOctokitError(logger) },
    throttle: {
      id: `scm-github-${++nextClientId}`,
      retryAfterBaseValue: 1000 * scale,
      onRateLimit: decide("primary"),
      onSecondaryRateLimit: decide("secondary"),
    },
    retry: {
      retries: settings.serverErrorRetries ?? 3,
      retryAfterBaseValue: 1000 * scale,
    },
  });
}
