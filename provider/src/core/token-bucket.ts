// A FIFO token bucket. Written here rather than taken from a library because the platforms' limits
// are per API key and must be shared by every client of one key inside a provider process, with
// waiters served in order and cancellable: bottleneck/limiter packages either drop FIFO or AbortSignal.

export interface TokenBucketOptions {
  /** Requests allowed per `intervalMs` on average. */
  tokensPerInterval: number;
  intervalMs: number;
  /** Largest burst; defaults to `tokensPerInterval`. */
  capacity?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class TokenBucket {
  readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private tokens: number;
  private last: number;
  // Each taker waits behind the previous one, so tokens are handed out in arrival order.
  private tail: Promise<void> = Promise.resolve();
  private waited = 0;

  constructor(options: TokenBucketOptions) {
    if (!(options.tokensPerInterval > 0) || !(options.intervalMs > 0)) {
      throw new RangeError("TokenBucket needs tokensPerInterval > 0 and intervalMs > 0");
    }
    this.capacity = options.capacity ?? options.tokensPerInterval;
    this.refillPerMs = options.tokensPerInterval / options.intervalMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** How many times a caller had to wait for a token (for benchmarks and tests). */
  get waits(): number {
    return this.waited;
  }

  /** Wait until one token is available and take it. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.takeNow(signal));
    // A cancelled waiter must not block the ones behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
    this.last = now;
  }

  private async takeNow(signal?: AbortSignal): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      this.waited++;
      await this.sleep(Math.ceil((1 - this.tokens) / this.refillPerMs), signal);
      this.refill();
    }
    this.tokens -= 1;
  }
}
