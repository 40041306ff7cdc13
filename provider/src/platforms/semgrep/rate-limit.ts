// One rate limiter per Semgrep API key (and API root), shared by every client of that key in the provider
// process, so parallel resources together stay under the key's limit.
import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../../core/clock";
import { SlidingWindowLimiter, type WindowLimit } from "../../core/sliding-window-limiter";

export interface SemgrepRateLimit {
  requestsPerMinute: number;
  /** Largest burst; defaults to a tenth of a minute's budget. */
  burst?: number;
}

// Semgrep documents no rate limit (UNVERIFIED: its API descriptions declare none). 300 requests a minute (5/s, bursts
// of 10) is deliberately conservative; 429 + Retry-After are still honoured if the real limit is lower.
export const DEFAULT_SEMGREP_RATE_LIMIT: Required<SemgrepRateLimit> = { requestsPerMinute: 300, burst: 10 };

/**
 * The rate as one rolling window: at most `burst` requests in any interval in which the rate allows
 * `burst` (10 in any 2 s for 300/min). The same average and the same largest burst as a token bucket of
 * that capacity; after a burst it waits for the window instead of trickling one request per refill.
 */
export function semgrepWindows(limit: SemgrepRateLimit = DEFAULT_SEMGREP_RATE_LIMIT): WindowLimit[] {
  const burst = Math.max(1, Math.floor(limit.burst ?? limit.requestsPerMinute / 10));
  return [{ limit: burst, windowMs: (burst * 60_000) / limit.requestsPerMinute }];
}

// Module-level on purpose: the budget belongs to the key, not to one client. Per clock, so a test's
// virtual clock never shares a limiter (and its sleeps) with real time. Keys are hashed so the maps
// never hold a token.
const limiters = new WeakMap<Clock, Map<string, SlidingWindowLimiter>>();

/** The limiter of this key at this limit (every client configured alike shares it). */
export function semgrepLimiterFor(
  apiRoot: string,
  token: string,
  limit: SemgrepRateLimit = DEFAULT_SEMGREP_RATE_LIMIT,
  clock: Clock = systemClock,
): SlidingWindowLimiter {
  const windows = semgrepWindows(limit);
  const key = [
    apiRoot,
    createHash("sha256").update(token).digest("hex"),
    windows.map((w) => `${w.limit}/${w.windowMs}`).join(","),
  ].join("\n");
  let byKey = limiters.get(clock);
  if (!byKey) limiters.set(clock, (byKey = new Map<string, SlidingWindowLimiter>()));
  let limiter = byKey.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter({ windows, clock });
    byKey.set(key, limiter);
  }
  return limiter;
}
