// The provider's clock: the system clock's abortable sleep, the scaled clock the e2e suite and the demo
// use, and how the provider picks its clock (a test's, else the environment's scale, else real time).
import { afterEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { scaledClock, systemClock, type Clock } from "../../provider/src/core/clock";
import { providerClock, resetProviderClock, setProviderClock } from "../../provider/src/resources/provider-config";
import { VirtualClock } from "../support/virtual-clock";

describe("systemClock", () => {
  it("reads the epoch in ms", () => {
    assert.ok(Math.abs(systemClock.now() - Date.now()) < 1_000);
  });

  it("rejects a sleep aborted before or while it waits, with an AbortError carrying the reason", async () => {
    await assert.rejects(systemClock.sleep(60_000, AbortSignal.abort("before")), (e: Error) => {
      assert.equal(e.name, "AbortError");
      assert.equal(e.cause, "before");
      return true;
    });
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort("while");
    await assert.rejects(sleeping, (e: Error) => e.name === "AbortError" && e.cause === "while");
  });
});

describe("scaledClock", () => {
  it("shortens every wait by its factor and leaves now() to the base clock", async () => {
    const base = new VirtualClock({ start: 5_000 });
    const scaled = scaledClock(base, 0.01);
    await scaled.sleep(60_000);
    await scaled.sleep(1_500);
    assert.deepEqual(base.slept, [600, 15]);
    assert.equal(scaled.now(), base.now());
  });

  it("passes the abort signal on", async () => {
    const scaled = scaledClock(new VirtualClock(), 0.5);
    await assert.rejects(scaled.sleep(10, AbortSignal.abort("stop")), (e: Error) => e.cause === "stop");
  });

  it("is the base clock itself at factor 1, and refuses a factor that is not > 0", () => {
    const base: Clock = new VirtualClock();
    assert.equal(scaledClock(base, 1), base);
    for (const factor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => scaledClock(base, factor), RangeError);
    }
  });
});

describe("providerClock", () => {
  const saved = process.env.SCM_INTEGRATIONS_DELAY_SCALE;
  afterEach(() => {
    resetProviderClock();
    if (saved === undefined) delete process.env.SCM_INTEGRATIONS_DELAY_SCALE;
    else process.env.SCM_INTEGRATIONS_DELAY_SCALE = saved;
  });

  it("is the system clock unless SCM_INTEGRATIONS_DELAY_SCALE says otherwise", () => {
    delete process.env.SCM_INTEGRATIONS_DELAY_SCALE;
    assert.equal(providerClock(), systemClock);
    for (const junk of ["1", "0", "-2", "fast"]) {
      process.env.SCM_INTEGRATIONS_DELAY_SCALE = junk;
      assert.equal(providerClock(), systemClock, junk);
    }
  });

  it("scales the system clock's waits by SCM_INTEGRATIONS_DELAY_SCALE, one clock per scale", () => {
    process.env.SCM_INTEGRATIONS_DELAY_SCALE = "0.01";
    const scaled = providerClock();
    assert.notEqual(scaled, systemClock);
    // The same instance every time: the per-key rate limiters are kept per clock.
    assert.equal(providerClock(), scaled);
    assert.ok(Math.abs(scaled.now() - Date.now()) < 1_000, "now() stays real");
  });

  it("is the clock a test installed, until it is reset", () => {
    process.env.SCM_INTEGRATIONS_DELAY_SCALE = "0.01";
    const virtual = new VirtualClock();
    assert.equal(setProviderClock(virtual), undefined);
    assert.equal(providerClock(), virtual);
    resetProviderClock();
    assert.notEqual(providerClock(), virtual);
  });
});
