// A FIFO limiter over rolling windows: for every window, at most `limit` grants in any interval
// [t, t + windowMs). Hand-written because the limits are per API key and shared by every client of that
// key in the process, with waiters served in arrival order and cancellable by AbortSignal; bottleneck /
// limiter packages give no rolling-window guarantee together with cancellation.
import { systemClock, type Clock } from "./clock";

export interface WindowLimit {
  /** Most grants in any interval of `windowMs`. */
  limit: number;
  windowMs: number;
}

export interface SlidingWindowLimiterOptions {
  /** Every window is enforced at once (e.g. per minute and per second). */
  windows: readonly WindowLimit[];
  /** What the windows are measured on and slept through; default the system clock. */
  clock?: Clock;
}

/** The times of the last `limit` grants under one window, in a ring: O(limit) memory, O(1) per grant. */
class GrantRing {
  private readonly times: number[] = [];
  private oldest = 0;

  constructor(private readonly window: WindowLimit) {}

  /** Earliest time the next grant fits: when the oldest of the last `limit` grants is windowMs old. */
  nextFreeAt(): number {
    if (this.times.length < this.window.limit) return -Infinity;
    return (this.times[this.oldest] as number) + this.window.windowMs;
  }

  record(at: number): void {
    // Grown on demand, so a generous limit costs nothing until it is used.
    if (this.times.length < this.window.limit) {
      this.times.push(at);
      return;
    }
    this.times[this.oldest] = at;
    this.oldest = (this.oldest + 1) % this.window.limit;
  }
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  detach: () => void;
  done: boolean;
}

export class SlidingWindowLimiter {
  private readonly rings: GrantRing[];
  private readonly clock: Clock;
  // Arrival order; cancelled waiters stay in place marked done and are skipped when they reach the head.
  private queue: Waiter[] = [];
  private head = 0;
  private pending = 0;
  private pumping = false;
  // Aborts the pump's sleep when every waiter has left, so no timer outlives the last caller.
  private idle: AbortController | undefined;
  private waited = 0;

  constructor(options: SlidingWindowLimiterOptions) {
    if (options.windows.length === 0) throw new RangeError("SlidingWindowLimiter needs at least one window");
    for (const w of options.windows) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !(w.windowMs > 0)) {
        throw new RangeError(
          `SlidingWindowLimiter needs an integer limit ≥ 1 and windowMs > 0 (got ${w.limit}/${w.windowMs})`,
        );
      }
    }
    this.rings = options.windows.map((w) => new GrantRing({ ...w }));
    this.clock = options.clock ?? systemClock;
  }

  /** How many takes could not be granted at once (for benchmarks and tests). */
  get waits(): number {
    return this.waited;
  }

  /** Wait for a slot under every window, behind everyone who asked earlier; rejects with the signal's reason if aborted first. */
  take(signal?: AbortSignal): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with the signal's own reason (any value), as fetch and AbortSignal.throwIfAborted do
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, detach: () => undefined, done: false };
      if (signal) {
        const onAbort = () => this.cancel(waiter, abortReason(signal));
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener("abort", onAbort);
      }
      this.queue.push(waiter);
      this.pending++;
      void this.pump();
      // The pump grants synchronously when there is room, so a waiter still here had to wait.
      if (!waiter.done) this.waited++;
    });
  }

  /** The only loop that grants: one at a time, so arrival order is the grant order. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let first = this.first(); first; first = this.first()) {
        const now = this.clock.now();
        const waitMs = this.nextFreeAt() - now;
        if (waitMs <= 0) {
          this.grant(first, now);
          continue;
        }
        const idle = new AbortController();
        this.idle = idle;
        try {
          // The wait is the slot's, not the head waiter's: if it leaves, the next one takes the same slot.
          await this.clock.sleep(Math.ceil(waitMs), idle.signal);
        } catch (e) {
          if (!idle.signal.aborted) return this.failAll(e);
        } finally {
          this.idle = undefined;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** When the next grant fits under every window. */
  private nextFreeAt(): number {
    let at = -Infinity;
    for (const ring of this.rings) at = Math.max(at, ring.nextFreeAt());
    return at;
  }

  /** The earliest waiter still waiting, dropping the ones that left. */
  private first(): Waiter | undefined {
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head] as Waiter;
      if (!waiter.done) return waiter;
      this.head++;
    }
    this.queue = [];
    this.head = 0;
    return undefined;
  }

  private grant(waiter: Waiter, now: number): void {
    for (const ring of this.rings) ring.record(now);
    this.settle(waiter);
    this.head++;
    // Drop the consumed prefix once it dominates, keeping each take O(1) amortized.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    waiter.resolve();
  }

  private cancel(waiter: Waiter, reason: unknown): void {
    if (waiter.done) return;
    this.settle(waiter);
    waiter.reject(reason);
    if (this.pending === 0) this.idle?.abort();
  }

  /** A sleep that fails on its own would otherwise leave every waiter hanging. */
  private failAll(error: unknown): void {
    for (let w = this.first(); w; w = this.first()) {
      this.settle(w);
      w.reject(error);
    }
  }

  private settle(waiter: Waiter): void {
    waiter.done = true;
    waiter.detach();
    this.pending--;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("aborted");
}
