// The Octokit instance every GitHub call goes through: @octokit/rest with the throttling plugin
// (primary / secondary rate limits) and the retry plugin (5xx, 429, dropped connections), our own
// undici fetch (private CA, own pool) and a timeout on every attempt (the engine enforces none).
// Both plugins would wait inside Bottleneck on real timers; their waits are moved onto the client's
// clock instead (retryAfterBaseValue 0 for both, and the two small plugins below).
import type { Octokit as OctokitCore } from "@octokit/core";
import type { OctokitOptions } from "@octokit/core/types";
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { systemClock, type Clock } from "../../core/clock";
import { createFetch } from "../../core/guarded-fetch";
import type { FetchLike } from "../../core/http";
import { destinationRefusal, networkError } from "../../core/network-errors";
import { silentLogger, type Logger } from "../../core/log";

/** The request options every hook of one call shares (one object from the outermost hook to the innermost). */
type HookOptions = { request?: { retryCount?: number; signal?: AbortSignal | null } };

// The primary limit's reset (epoch seconds) of a call's last failed attempt. plugin-throttling
// measures it against Date.now(), so decide() below measures it again, against the clock.
const primaryResets = new WeakMap<object, number>();
// The backoff plugin-retry asked for after a call's last failed attempt, in ms, waited before the next.
const retryBackoffs = new WeakMap<object, number>();

/** Innermost hook: remembers x-ratelimit-reset of every failed attempt, for decide(). */
function rememberPrimaryReset(octokit: OctokitCore): void {
  octokit.hook.error("request", (error: unknown, options: object) => {
    const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
    const reset = Number(headers?.["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) primaryResets.set(options, reset);
    throw error;
  });
}

/**
 * plugin-retry's backoff, on the clock. before-after-hook nests hooks in registration order, the first
 * registered innermost, and plugins register in the order Octokit.plugin() lists them. Registered after
 * throttling and before retry, this hook sits inside plugin-retry, so each attempt plugin-retry makes
 * runs through it again, and outside plugin-throttling, so throttling's own rate-limit retries (already
 * waited for in decide()) do not. A failure reaches it after throttling has written
 * options.request.retryCount, just before plugin-retry reads it to ask for (retryCount + 1)² seconds
 * (× retryAfterBaseValue, which is 0 here so that Bottleneck retries at once): that wait is kept and
 * slept on the clock when plugin-retry sends the call again. A failure it does not retry leaves the
 * entry unused.
 */
function retryBackoffOnClock(octokit: OctokitCore, octokitOptions: OctokitOptions): void {
  const clock = (octokitOptions as { clock?: Clock }).clock ?? systemClock;
  octokit.hook.wrap("request", async (request, options) => {
    const hookOptions = options as HookOptions;
    const wait = retryBackoffs.get(options);
    if (wait !== undefined) {
      retryBackoffs.delete(options);
      await clock.sleep(wait, hookOptions.request?.signal ?? undefined);
    }
    try {
      return await request(options);
    } catch (error) {
      // A destination refused before connecting is no transient failure: not for plugin-retry
      // (which retries anything Octokit reports as status 500), so it leaves as our own error.
      if (destinationRefusal(error)) throw networkError(error, "", "baseUrl");
      retryBackoffs.set(options, ((hookOptions.request?.retryCount ?? 0) + 1) ** 2 * 1000);
      throw error;
    }
  });
}

/**
 * plugin-throttling spaces requests that change something (writes: 1 s apart; writes that notify, such
 * as opening a pull request: 3 s apart, after GitHub's advice to wait between content-creating
 * requests: https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api)
 * in Bottleneck groups on real timers. These stand in for its `write` and `notifications` groups
 * (the plugin only calls `.key(id).schedule(options, job)` on them) with the same spacing, per client,
 * slept on the client's clock.
 */
function spacedOnClock(clock: Clock, minTimeMs: number): NonNullable<ThrottlingOptions["write"]> {
  // One at a time, as the plugin's groups run them (maxConcurrent 1: GitHub asks for such requests
  // serially, not concurrently), each starting at least minTimeMs after the one before it started.
  let tail: Promise<unknown> = Promise.resolve();
  let lastStart = -Infinity;
  const limiter = {
    schedule: (_options: unknown, job: () => Promise<unknown>) => {
      const run = tail.then(async () => {
        const waitMs = lastStart + minTimeMs - clock.now();
        if (waitMs > 0) await clock.sleep(waitMs);
        lastStart = clock.now();
        return job();
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return { key: () => limiter } as unknown as NonNullable<ThrottlingOptions["write"]>;
}

const GitHubOctokit = Octokit.plugin(rememberPrimaryReset, throttling, retryBackoffOnClock, retry);
export type GitHubOctokitInstance = InstanceType<typeof GitHubOctokit>;

export interface OctokitSettings {
  apiUrl: string;
  token: string;
  caCertificate?: string;
  logger?: Logger;
  /** What rate-limit and retry waits sleep on; default the system clock. */
  clock?: Clock;
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
  /** Let the API host's name resolve to loopback addresses (allowInsecureLoopback: tests only). */
  allowInsecureLoopback?: boolean;
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
  const clock = settings.clock ?? systemClock;
  const maxRetries = settings.maxRateLimitRetries ?? 3;
  const maxWait = settings.maxRateLimitWaitSeconds ?? 300;
  const fetchImpl = withTimeout(
    createFetch({
      ...(settings.caCertificate ? { caCertificate: settings.caCertificate } : {}),
      connections: settings.connections ?? 16,
      allowLoopback: settings.allowInsecureLoopback === true,
    }),
    settings.timeoutMs ?? 30_000,
  );

  // Both handlers are mandatory for plugin-throttling, which awaits them. Returning true makes one
  // more attempt after retryAfter × retryAfterBaseValue ms, 0 here: the wait is slept on the clock
  // first. A bounded number of them, then the RequestError surfaces and is mapped to "rate-limited".
  const decide =
    (limit: "primary" | "secondary") =>
    async (
      throttlingRetryAfter: number,
      options: { method?: string; url?: string; request?: { signal?: AbortSignal | null } },
      _octokit: unknown,
      retryCount: number,
    ): Promise<boolean> => {
      const what = `${options.method ?? "GET"} ${options.url ?? ""}`;
      // plugin-throttling's own formula for the primary limit (a second after the reset), on the clock.
      const reset = limit === "primary" ? primaryResets.get(options) : undefined;
      const retryAfter =
        reset === undefined ? throttlingRetryAfter : Math.max(Math.ceil((reset * 1000 - clock.now()) / 1000) + 1, 0);
      if (retryCount < maxRetries && retryAfter <= maxWait) {
        logger.warn(
          `GitHub ${limit} rate limit on ${what}: retrying in ${retryAfter} s (retry ${retryCount + 1}/${maxRetries})`,
        );
        await clock.sleep(retryAfter * 1000, options.request?.signal ?? undefined);
        return true;
      }
      logger.warn(
        `GitHub ${limit} rate limit on ${what}: giving up after ${retryCount} retries (server asked for ${retryAfter} s)`,
      );
      return false;
    };

  return new GitHubOctokit({
    clock,
    auth: settings.token,
    baseUrl: settings.apiUrl,
    userAgent: "pulumi-scm-integrations",
    request: { fetch: fetchImpl },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: reportOctokitError(logger) },
    throttle: {
      id: `scm-github-${++nextClientId}`,
      retryAfterBaseValue: 0,
      write: spacedOnClock(clock, 1000),
      notifications: spacedOnClock(clock, 3000),
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- plugin-throttling types the handler as returning void but awaits it for the retry decision
      onRateLimit: decide("primary"),
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as above
      onSecondaryRateLimit: decide("secondary"),
    },
    retry: {
      retries: settings.serverErrorRetries ?? 3,
      retryAfterBaseValue: 0,
    },
  });
}
