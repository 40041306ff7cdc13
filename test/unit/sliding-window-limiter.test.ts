// The rolling-window limiter, in virtual time: never more than `limit` grants in any window, grants in
// arrival order, cancellation that costs nobody else anything, and no slower than the windows require.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SlidingWindowLimiter, type WindowLimit } from "../../provider/src/core/sliding-window-limiter";
import { VirtualClock } from "../support/virtual-clock";

/** Let every promise chain that is ready run to completion. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Run `fire` at virtual `time` (from the start); events due at the same instant run in the order they were set. */
function at(clock: VirtualClock, time: number, fire: () => void): Promise<void> {
  return clock.sleep(time - clock.elapsedMs).then(fire);
}

interface Request {
  arrival: number;
  /** Absolute virtual time of the abort, if any (before the arrival: the signal is already aborted). */
  cancelAt: number | null;
}

type Outcome = { granted: true; at: number; order: number } | { granted: false; at: number; reason: unknown };

interface Run {
  outcomes: Outcome[];
  /** Indexes of the requests in the order take() was called. */
  callOrder: number[];
  limiter: SlidingWindowLimiter;
  clock: VirtualClock;
}

/** Drive the requests through a fresh limiter in virtual time until nothing is left to happen. */
async function simulate(windows: readonly WindowLimit[], requests: readonly Request[]): Promise<Run> {
  const clock = new VirtualClock({ start: 0 });
  const limiter = new SlidingWindowLimiter({ windows, clock });
  const outcomes: Outcome[] = [];
  const callOrder: number[] = [];
  let grants = 0;
  const controllers = requests.map(() => new AbortController());
  const settled: Promise<unknown>[] = [];
  const events = requests.map((request, i) =>
    at(clock, request.arrival, () => {
      callOrder.push(i);
      settled.push(
        limiter.take(controllers[i]?.signal).then(
          () => (outcomes[i] = { granted: true, at: clock.now(), order: grants++ }),
          (reason: unknown) => (outcomes[i] = { granted: false, at: clock.now(), reason }),
        ),
      );
    }),
  );
  // Set after every arrival, so an abort due at an arrival's instant comes after that arrival.
  requests.forEach((request, i) => {
    if (request.cancelAt !== null) events.push(at(clock, request.cancelAt, () => controllers[i]?.abort(`reason-${i}`)));
  });
  await Promise.all(events);
  await Promise.all(settled);
  return { outcomes, callOrder, limiter, clock };
}

function grantTimes(run: Run): number[] {
  return run.callOrder.flatMap((i) => {
    const o = run.outcomes[i];
    return o?.granted ? [o.at] : [];
  });
}

const windowsArb = fc.array(
  fc.record({ limit: fc.integer({ min: 1, max: 5 }), windowMs: fc.integer({ min: 1, max: 50 }) }),
  { minLength: 1, maxLength: 3 },
);
const requestsArb = fc.array(
  fc.record({
    arrival: fc.integer({ min: 0, max: 200 }),
    cancelAt: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null, freq: 3 }),
  }),
  { maxLength: 40 },
);

describe("SlidingWindowLimiter, random windows, arrivals and cancellations", () => {
  it("settles every take, and never grants more than `limit` in any interval of windowMs", async () => {
    await fc.assert(
      fc.asyncProperty(windowsArb, requestsArb, async (windows, requests) => {
        const run = await simulate(windows, requests);
        assert.equal(run.outcomes.filter(Boolean).length, requests.length, "every take settled");
        assert.equal(run.clock.pending, 0);
        const times = grantTimes(run).sort((a, b) => a - b);
        for (const { limit, windowMs } of windows) {
          // limit + 1 grants inside [t, t + windowMs) would put grant i + limit less than windowMs after grant i.
          for (let i = 0; i + limit < times.length; i++) {
            assert.ok(
              (times[i + limit] as number) - (times[i] as number) >= windowMs,
              `${limit + 1} grants within ${windowMs} ms: ${times.slice(i, i + limit + 1).join(", ")}`,
            );
          }
        }
      }),
    );
  });

  it("grants in arrival order", async () => {
    await fc.assert(
      fc.asyncProperty(windowsArb, requestsArb, async (windows, requests) => {
        const run = await simulate(windows, requests);
        const granted = run.callOrder.filter((i) => run.outcomes[i]?.granted);
        const orders = granted.map((i) => (run.outcomes[i] as { order: number }).order);
        assert.deepEqual(
          orders,
          [...orders].sort((a, b) => a - b),
          "resolved out of arrival order",
        );
        const times = grantTimes(run);
        assert.deepEqual(
          times,
          [...times].sort((a, b) => a - b),
          "an earlier arrival was granted later",
        );
      }),
    );
  });

  it("rejects a cancelled waiter with its signal's reason when the signal aborts, and delays nobody behind it", async () => {
    await fc.assert(
      fc.asyncProperty(windowsArb, requestsArb, async (windows, requests) => {
        const run = await simulate(windows, requests);
        const survivors: Request[] = [];
        requests.forEach((request, i) => {
          const outcome = run.outcomes[i] as Outcome;
          if (outcome.granted) {
            survivors.push({ arrival: request.arrival, cancelAt: null });
            return;
          }
          assert.equal(outcome.reason, `reason-${i}`);
          assert.notEqual(request.cancelAt, null, "only a cancelled take may reject");
          assert.equal(outcome.at, Math.max(request.arrival, request.cancelAt as number), "rejected when aborted");
        });
        // The same run without the waiters that left: every remaining grant comes at exactly the same time.
        const reference = await simulate(windows, survivors);
        assert.deepEqual(grantTimes(run), grantTimes(reference));
      }),
    );
  });

  it("grants each waiter at the earliest time its arrival, its turn and every window allow", async () => {
    await fc.assert(
      fc.asyncProperty(windowsArb, requestsArb, async (windows, requests) => {
        const run = await simulate(windows, requests);
        const granted = run.callOrder.filter((i) => run.outcomes[i]?.granted);
        const times = grantTimes(run);
        granted.forEach((i, k) => {
          let earliest = Math.max((requests[i] as Request).arrival, k > 0 ? (times[k - 1] as number) : 0);
          for (const { limit, windowMs } of windows) {
            if (k >= limit) earliest = Math.max(earliest, (times[k - limit] as number) + windowMs);
          }
          assert.equal(times[k], earliest, `grant ${k} (request ${i})`);
        });
      }),
    );
  });

  it("completes N waiting takes against one window by ⌈N/L⌉·windowMs − windowMs: no slower than the window requires", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 200 }),
        async (limit, windowMs, n) => {
          const run = await simulate(
            [{ limit, windowMs }],
            Array.from({ length: n }, () => ({ arrival: 0, cancelAt: null })),
          );
          const last = Math.max(...grantTimes(run));
          const epsilon = 1e-9;
          assert.ok(last <= Math.ceil(n / limit) * windowMs - windowMs + epsilon, `last grant at ${last}`);
        },
      ),
    );
  });
});

describe("SlidingWindowLimiter, examples", () => {
  it("enforces every window at once", async () => {
    const run = await simulate(
      [
        { limit: 3, windowMs: 100 },
        { limit: 1, windowMs: 10 },
      ],
      Array.from({ length: 7 }, () => ({ arrival: 0, cancelAt: null })),
    );
    assert.deepEqual(grantTimes(run), [0, 10, 20, 100, 110, 120, 200]);
  });

  it("frees a slot exactly windowMs after the grant that used it", async () => {
    const run = await simulate(
      [{ limit: 2, windowMs: 100 }],
      [0, 0, 0, 150, 150].map((arrival) => ({ arrival, cancelAt: null })),
    );
    assert.deepEqual(grantTimes(run), [0, 0, 100, 150, 200]);
  });

  it("grants at once while there is room, and counts the takes that had to wait", async () => {
    const clock = new VirtualClock({ start: 0 });
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 2, windowMs: 1_000 }], clock });
    await limiter.take();
    await limiter.take();
    assert.equal(limiter.waits, 0);
    assert.equal(clock.pending, 0, "no sleep while there was room");
    const third = limiter.take();
    const fourth = limiter.take();
    await Promise.all([third, fourth]);
    assert.equal(clock.now(), 1_000);
    assert.equal(limiter.waits, 2);
  });

  it("rejects an already-aborted signal at once, without using a slot", async () => {
    const clock = new VirtualClock({ start: 0 });
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 1, windowMs: 1_000 }], clock });
    const reason = new Error("stop");
    await assert.rejects(limiter.take(AbortSignal.abort(reason)), (e) => e === reason);
    await limiter.take();
    assert.equal(clock.now(), 0, "the slot was still free");
  });

  it("stops sleeping when every waiter has left, so no timer outlives the last caller", async () => {
    const sleeps: AbortSignal[] = [];
    const limiter = new SlidingWindowLimiter({
      windows: [{ limit: 1, windowMs: 60_000 }],
      clock: {
        now: () => 0,
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            sleeps.push(signal as AbortSignal);
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the fake sleep passes on whatever reason the test aborted with
            signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
          }),
      },
    });
    await limiter.take();
    const first = new AbortController();
    const second = new AbortController();
    const waiting = [limiter.take(first.signal), limiter.take(second.signal)];
    await settle();
    assert.equal(sleeps.length, 1);
    first.abort("first");
    assert.equal(sleeps[0]?.aborted, false, "someone is still waiting");
    second.abort("second");
    assert.equal(sleeps[0]?.aborted, true);
    assert.deepEqual(await Promise.allSettled(waiting), [
      { status: "rejected", reason: "first" },
      { status: "rejected", reason: "second" },
    ]);
  });

  it("fails every waiter if its sleep fails, instead of leaving them hanging", async () => {
    const broken = new Error("timer broke");
    const limiter = new SlidingWindowLimiter({
      windows: [{ limit: 1, windowMs: 1_000 }],
      clock: { now: () => 0, sleep: () => Promise.reject(broken) },
    });
    await limiter.take();
    const results = await Promise.allSettled([limiter.take(), limiter.take()]);
    assert.deepEqual(results, [
      { status: "rejected", reason: broken },
      { status: "rejected", reason: broken },
    ]);
  });

  it("refuses windows it cannot enforce", () => {
    assert.throws(() => new SlidingWindowLimiter({ windows: [] }), RangeError);
    assert.throws(() => new SlidingWindowLimiter({ windows: [{ limit: 0, windowMs: 1_000 }] }), RangeError);
    assert.throws(() => new SlidingWindowLimiter({ windows: [{ limit: 1.5, windowMs: 1_000 }] }), RangeError);
    assert.throws(() => new SlidingWindowLimiter({ windows: [{ limit: 1, windowMs: 0 }] }), RangeError);
  });
});
