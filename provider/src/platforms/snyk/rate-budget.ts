// One request limiter per Snyk API key AND per API dialect in this process, shared by every client of
// that key.
//
// Snyk documents the two dialects' limits separately: V1 at 2,000 requests/min per key ("each API has
// its own rate limit"), REST at 1,620/min per key in a 1-minute window, whose headers also show a
// 160/s bucket (https://github.com/elastic/integrations/issues/17450). So each dialect gets its own
// rolling windows, sized at 97% of the documented limits: the margin absorbs the jitter between when
// we send and when Snyk counts, since over the limit Snyk answers 429 until traffic stops for the
// window. Whether V1 and REST really count against separate counters is UNVERIFIED: if they share
// one, the sum can exceed it and the surplus gets 429s, which the request policy retries honouring
// Retry-After (slower, not wrong).
// Tests and benchmarks pass other numbers through `SnykRateBudget`.
import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../../core/clock";
import { SlidingWindowLimiter, type WindowLimit } from "../../core/sliding-window-limiter";

export type SnykDialect = "v1" | "rest";

export interface SnykRateBudget {
  v1: readonly WindowLimit[];
  rest: readonly WindowLimit[];
}

export const DEFAULT_SNYK_RATE_BUDGET: SnykRateBudget = {
  v1: [{ limit: 1_940, windowMs: 60_000 }],
  rest: [
    { limit: 1_570, windowMs: 60_000 },
    { limit: 150, windowMs: 1_000 },
  ],
};

// Module-level on purpose: the budget belongs to the key, not to one client, and the provider
// module is loaded once per provider process (never serialized into state). Per clock, so a test's
// virtual clock never shares a limiter (and its sleeps) with real time. Keys are hashed so the maps
// never hold a token.
const limiters = new WeakMap<Clock, Map<string, SlidingWindowLimiter>>();

/** The limiter of this API key's dialect at this API root (a key is region-bound, so the root is part of the identity). */
export function snykLimiterFor(
  apiToken: string,
  apiRoot: string,
  dialect: SnykDialect,
  budget: SnykRateBudget = DEFAULT_SNYK_RATE_BUDGET,
  clock: Clock = systemClock,
): SlidingWindowLimiter {
  const windows = budget[dialect];
  const id = createHash("sha256")
    .update(`${apiRoot}\n${apiToken}\n${dialect}\n${windows.map((w) => `${w.limit}/${w.windowMs}`).join(",")}`)
    .digest("hex");
  let byId = limiters.get(clock);
  if (!byId) limiters.set(clock, (byId = new Map<string, SlidingWindowLimiter>()));
  let limiter = byId.get(id);
  if (!limiter) {
    limiter = new SlidingWindowLimiter({ windows, clock });
    byId.set(id, limiter);
  }
  return limiter;
}
