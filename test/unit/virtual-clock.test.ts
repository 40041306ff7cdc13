// The tests' virtual clock: sleepers wake in deadline order (ties in registration order) at exactly
// their deadline, now() never goes backwards, an aborted sleeper never resolves and holds nobody up,
// and nothing wakes before the next macrotask.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { VirtualClock } from "../support/virtual-clock";

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A sleep of `ms` that starts at virtual `at` (after the start), aborted at virtual `abortAt` if not null. */
interface PlannedSleep {
  at: number;
  ms: number;
  abortAt: number | null;
}

interface Woken {
  index: number;
  deadline: number;
  at: number;
  seq: number;
}

/**
 * Run the plan. A sleep starting at `at` is registered by a chain that first sleeps until `at`, so
 * sleeps are registered at many virtual instants and from inside woken sleepers. Aborts likewise.
 */
async function run(plan: readonly PlannedSleep[]) {
  const clock = new VirtualClock({ start: 1_000_000 });
  const woken: Woken[] = [];
  const rejected: { index: number; at: number; error: unknown }[] = [];
  const nows: number[] = [];
  const started: number[] = [];
  let seq = 0;
  await Promise.all(
    plan.map(async (p, index) => {
      const controller = new AbortController();
      const aborting =
        p.abortAt === null ? Promise.resolve() : clock.sleep(p.abortAt).then(() => controller.abort(`abort-${index}`));
      await clock.sleep(p.at);
      nows.push(clock.now());
      const mySeq = seq++;
      started[index] = clock.now();
      try {
        await clock.sleep(p.ms, controller.signal);
        nows.push(clock.now());
        woken.push({ index, deadline: started[index] + p.ms, at: clock.now(), seq: mySeq });
      } catch (error) {
        rejected.push({ index, at: clock.now(), error });
      }
      await aborting;
    }),
  );
  return { clock, woken, rejected, nows, started };
}

const planArb = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 50 }),
    ms: fc.integer({ min: 0, max: 50 }),
    abortAt: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null, freq: 3 }),
  }),
  { maxLength: 30 },
);

describe("VirtualClock, random sleeps and aborts", () => {
  it("wakes sleepers in deadline order, ties in registration order, each at exactly its deadline", async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const { woken } = await run(plan);
        for (const w of woken) assert.equal(w.at, w.deadline, `sleeper ${w.index} woke at ${w.at}, due ${w.deadline}`);
        const sorted = [...woken].sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
        assert.deepEqual(
          woken.map((w) => w.index),
          sorted.map((w) => w.index),
          "woken out of deadline / registration order",
        );
      }),
    );
  });

  it("never moves now() backwards", async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const { nows, clock } = await run(plan);
        for (let i = 1; i < nows.length; i++) {
          assert.ok((nows[i] as number) >= (nows[i - 1] as number), `now() went from ${nows[i - 1]} to ${nows[i]}`);
        }
        assert.ok(clock.now() >= clock.start);
      }),
    );
  });

  it("never resolves an aborted sleep: it rejects when aborted, with an AbortError carrying the reason", async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const { woken, rejected, started, clock } = await run(plan);
        assert.equal(woken.length + rejected.length, plan.length, "every sleep settled once");
        for (const r of rejected) {
          const p = plan[r.index] as PlannedSleep;
          assert.notEqual(p.abortAt, null, "only an aborted sleep rejects");
          const abortAt = clock.start + (p.abortAt as number);
          assert.ok(abortAt <= (started[r.index] as number) + p.ms, "it was aborted no later than its deadline");
          assert.equal(r.at, Math.max(abortAt, started[r.index] as number), "rejected at the abort");
          assert.equal((r.error as Error).name, "AbortError");
          assert.equal((r.error as Error).cause, `abort-${r.index}`);
        }
        for (const w of woken) {
          const p = plan[w.index] as PlannedSleep;
          // An abort due at the very instant of the wake-up was registered earlier and fires first only
          // when the sleep had not started yet; otherwise it comes too late.
          if (p.abortAt !== null)
            assert.ok(clock.start + p.abortAt >= w.deadline, `sleeper ${w.index} outlived its abort`);
        }
        assert.equal(clock.pending, 0);
      }),
    );
  });
});

describe("VirtualClock, examples", () => {
  it("wakes nothing before the next macrotask, then jumps straight to the earliest deadline", async () => {
    const clock = new VirtualClock({ start: 0 });
    let woke = false;
    const sleeping = clock.sleep(60_000).then(() => (woke = true));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(woke, false, "resolved within the same macrotask");
    assert.equal(clock.now(), 0);
    await sleeping;
    assert.equal(clock.now(), 60_000);
  });

  it("counts the sleeps and their virtual time; parallel sleeps overlap in elapsed time", async () => {
    const clock = new VirtualClock({ start: 500 });
    await Promise.all([clock.sleep(1_000), clock.sleep(3_000), clock.sleep(0)]);
    await clock.sleep(250);
    assert.equal(clock.sleeps, 4);
    assert.equal(clock.sleptMs, 4_250);
    assert.deepEqual(clock.slept, [0, 1_000, 3_000, 250]);
    assert.equal(clock.elapsedMs, 3_250);
    assert.equal(clock.now(), 3_750);
  });

  it("does not jump to the deadline of a sleeper that was aborted", async () => {
    const clock = new VirtualClock({ start: 0 });
    const controller = new AbortController();
    const long = clock.sleep(3_600_000, controller.signal);
    const short = clock.sleep(10);
    controller.abort(new Error("stop"));
    await assert.rejects(long, (e: Error) => e.name === "AbortError" && (e.cause as Error).message === "stop");
    await short;
    await macrotask();
    assert.equal(clock.now(), 10);
    assert.equal(clock.pending, 0);
    assert.equal(clock.sleeps, 1);
  });

  it("rejects a sleep whose signal is already aborted, without registering it", async () => {
    const clock = new VirtualClock({ start: 0 });
    await assert.rejects(clock.sleep(5, AbortSignal.abort("early")), (e: Error) => e.cause === "early");
    assert.equal(clock.pending, 0);
  });

  it("starts at the real instant by default, so real dates compare sensibly", () => {
    const before = Date.now();
    const clock = new VirtualClock();
    assert.ok(clock.now() >= before && clock.now() <= Date.now());
  });
});
