// The emulators' rolling rate window (test/emulators/sliding-rate-window.ts): at most `limit` requests
// in any interval of `windowMs`, where a fixed window would let twice the limit through across its boundary.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { RateWindow } from "../emulators/host";
import { SlidingRateWindow } from "../emulators/sliding-rate-window";

describe("SlidingRateWindow", () => {
  it("refuses a second burst right after a window boundary, which a fixed window lets through", () => {
    let now = 0;
    const sliding = new SlidingRateWindow(10, 1_000, () => now);
    const fixed = new RateWindow(10, 1_000, () => now);
    let slidingAllowed = 0;
    let fixedAllowed = 0;
    // 10 at the end of one second, 10 at the start of the next: 20 within 2 ms.
    for (const at of [...Array<number>(10).fill(999), ...Array<number>(10).fill(1_001)]) {
      now = at;
      if (sliding.hit().allowed) slidingAllowed++;
      if (fixed.hit().allowed) fixedAllowed++;
    }
    assert.equal(slidingAllowed, 10);
    assert.equal(fixedAllowed, 20, "the fixed window's 2× across a boundary (what the sliding one prevents)");
  });

  it("frees one slot as each counted request leaves the window, and says when the next frees", () => {
    let now = 0;
    const window = new SlidingRateWindow(3, 1_000, () => now);
    for (const at of [0, 100, 200]) {
      now = at;
      assert.equal(window.hit().allowed, true);
    }
    now = 500;
    const refused = window.hit();
    assert.equal(refused.allowed, false);
    assert.equal(refused.resetAtMs, 1_000, "the oldest (at 0) leaves at 1,000");
    now = 1_000;
    assert.equal(window.hit().allowed, true);
    assert.equal(window.hit().allowed, false, "only one slot freed at 1,000");
    now = 1_100;
    assert.deepEqual(window.peek(), { remaining: 1, resetAtMs: 1_200, used: 2 });
  });

  it("starts afresh when its clock is swapped for one further back", () => {
    let now = 10_000;
    const window = new SlidingRateWindow(1, 1_000, () => now);
    assert.equal(window.hit().allowed, true);
    now = 5_000;
    assert.equal(window.hit().allowed, true);
  });
});
