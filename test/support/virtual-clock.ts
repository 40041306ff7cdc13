// An auto-advancing virtual clock for tests: the provider's waits (rate limiters, retry backoff,
// Retry-After, job and task polls) take no real time, yet happen in the order and at the virtual
// instants they would have. now() is virtual. sleep(ms) registers a sleeper; while sleepers exist, on
// the next macrotask (setImmediate, so every promise chain that is ready has run first) time jumps to
// the earliest deadline and the sleepers due then resolve, in registration order; then again on the
// macrotask after. An abort rejects its sleeper and removes it, so time never jumps to its deadline.
//
// "Auto-advancing" means time does not wait for I/O: a request in flight while someone else sleeps
// arrives later in virtual time, as if the network had been slow for that long.
import type { Clock } from "../../provider/src/core/clock";

interface Sleeper {
  deadline: number;
  ms: number;
  resolve: () => void;
  detach: () => void;
}

export interface VirtualClockOptions {
  /** Virtual epoch ms to start at; default the real instant the clock is made, so real dates (token expiry) compare sensibly. */
  start?: number;
}

export class VirtualClock implements Clock {
  readonly start: number;
  private time: number;
  // Kept in registration order, so sleepers due at the same instant wake in the order they slept.
  private sleepers: Sleeper[] = [];
  private scheduled = false;
  private sleepCount = 0;
  private sleptTotal = 0;
  private readonly durations: number[] = [];
  private holds = 0;

  constructor(options: VirtualClockOptions = {}) {
    this.start = options.start ?? Date.now();
    this.time = this.start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const wait = Number.isFinite(ms) ? Math.max(0, ms) : 0;
      const sleeper: Sleeper = { deadline: this.time + wait, ms: wait, resolve, detach: () => undefined };
      if (signal) {
        const onAbort = () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(abortError(signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        sleeper.detach = () => signal.removeEventListener("abort", onAbort);
      }
      this.sleepers.push(sleeper);
      this.schedule();
    });
  };

  /** Sleeps that have ended (aborted ones not counted). */
  get sleeps(): number {
    return this.sleepCount;
  }

  /** Total virtual ms of the sleeps that have ended (parallel sleeps add up: this is not elapsedMs). */
  get sleptMs(): number {
    return this.sleptTotal;
  }

  /** The length of every sleep that has ended, in the order they ended. */
  get slept(): readonly number[] {
    return this.durations;
  }

  /** How far virtual time has moved since the start. */
  get elapsedMs(): number {
    return this.time - this.start;
  }

  /**
   * Keep time still until the returned release is called (every hold released): for work that should
   * take no virtual time although it waits for I/O, e.g. requests to an in-process emulator, so that
   * arrival times at the emulator show the client's own waits (limiters, polls) and nothing else.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && this.sleepers.length > 0) this.schedule();
    };
  }

  /** Sleepers still waiting. */
  get pending(): number {
    return this.sleepers.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.advance();
    });
  }

  private advance(): void {
    if (this.sleepers.length === 0 || this.holds > 0) return;
    let deadline = Infinity;
    for (const s of this.sleepers) deadline = Math.min(deadline, s.deadline);
    this.time = Math.max(this.time, deadline);
    const due = this.sleepers.filter((s) => s.deadline <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.deadline > this.time);
    for (const s of due) {
      s.detach();
      this.sleepCount++;
      this.sleptTotal += s.ms;
      this.durations.push(s.ms);
      s.resolve();
    }
    if (this.sleepers.length > 0) this.schedule();
  }
}

/** The rejection node's timers/promises gives an aborted sleep: an AbortError whose cause is the signal's reason. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error("The operation was aborted", { cause: signal.reason }), {
    name: "AbortError",
    code: "ABORT_ERR",
  });
}
