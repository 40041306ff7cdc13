// The one clock every wait of the provider goes through: rate limiters, retry backoff and Retry-After,
// job and task polls; and the instant that token expiry and cache ages are judged at. Production runs
// on systemClock; tests install a virtual clock (test/support/virtual-clock.ts) and run on virtual time;
// the e2e suite and the demo, which start the provider through the CLI, shorten the waits with
// SCM_INTEGRATIONS_DELAY_SCALE (scaledClock, chosen in resources/provider-config.ts). Per-attempt
// timeouts (AbortSignal.timeout) are not waits: they bound real I/O and stay on real time.
import { setTimeout as delay } from "node:timers/promises";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects if the signal aborts first (node's AbortError, its `cause` the signal's reason). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Real time. `now()` is the epoch instant the process started at plus the monotonic time since, not
 * Date.now(): a wall-clock step (NTP, a VM resume) must not stretch or shrink a rate limiter's window.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : undefined),
};

/**
 * A clock whose waits take `factor` of the time asked (0.01: a minute's Retry-After passes in 0.6 s).
 * Only waits shrink: now() stays the base clock's, so token expiry, cache ages and report dates stay
 * true, and a rate limiter, which checks now() again after each sleep, still paces by the base clock.
 */
export function scaledClock(base: Clock, factor: number): Clock {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`a clock scale must be > 0 (got ${factor})`);
  if (factor === 1) return base;
  return {
    now: () => base.now(),
    sleep: (ms, signal) => base.sleep(ms * factor, signal),
  };
}
