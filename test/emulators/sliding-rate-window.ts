// A rolling-window request counter for the emulators whose vendors count requests over a rolling
// window: at most `limit` allowed requests in any interval of `windowMs`. A fixed window lets 2× the
// limit through across a boundary (a full window's worth at its end, another at the next one's start),
// which a real per-minute limit does not; an emulator with fixed windows therefore passes clients that
// the platform would answer with 429s. Snyk: "the rate limit is 1620 requests per minute per API key"
// measured over a rolling minute (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api#rate-limiting).
// Same answer shape as host.ts's fixed RateWindow, so an emulator can swap one for the other.

export class SlidingRateWindow {
  /** Arrival times of the allowed requests still inside the window, oldest first (a ring). */
  private times: number[] = [];
  private head = 0;

  constructor(
    public limit: number,
    public windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request; returns whether it is within the limit and when the oldest counted one leaves. */
  hit(): { allowed: boolean; remaining: number; resetAtMs: number; used: number } {
    const now = this.now();
    this.expire(now);
    const allowed = this.used() < this.limit;
    if (allowed) this.times.push(now);
    return {
      allowed,
      remaining: Math.max(0, this.limit - this.used()),
      resetAtMs: this.resetAt(now),
      used: this.used(),
    };
  }

  peek(): { remaining: number; resetAtMs: number; used: number } {
    const now = this.now();
    this.expire(now);
    return { remaining: Math.max(0, this.limit - this.used()), resetAtMs: this.resetAt(now), used: this.used() };
  }

  private used(): number {
    return this.times.length - this.head;
  }

  /** When the next slot frees: the oldest counted request's time plus the window. */
  private resetAt(now: number): number {
    return this.used() > 0 ? (this.times[this.head] as number) + this.windowMs : now + this.windowMs;
  }

  private expire(now: number): void {
    // A clock swapped for one further back (a test's virtual clock) forgets what it cannot place.
    if (this.used() > 0 && now < (this.times[this.times.length - 1] as number)) {
      this.times = [];
      this.head = 0;
    }
    while (this.head < this.times.length && now - (this.times[this.head] as number) >= this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
