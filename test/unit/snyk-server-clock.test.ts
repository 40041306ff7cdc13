import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { SnykServerClock } from "../../provider/src/platforms/snyk/server-clock";

describe("Snyk's clock from its Date headers", () => {
  it("knows nothing before an answer carried a readable Date", () => {
    const clock = new SnykServerClock();
    clock.observe(undefined, 1_000);
    clock.observe(null, 1_000);
    clock.observe("", 1_000);
    clock.observe("not a date", 1_000);
    assert.equal(clock.serverTimeAt(5_000), undefined);
  });

  it("maps our time to Snyk's by the smallest offset seen, which never overstates Snyk's time", () => {
    const clock = new SnykServerClock();
    const server = Date.parse("Wed, 02 Dec 2026 04:00:00 GMT");
    // Ours runs 90 s behind Snyk's; the second answer's Date was truncated to the second (0.8 s lost).
    clock.observe(new Date(server).toUTCString(), server - 90_000);
    clock.observe(new Date(server + 10_000).toUTCString(), server - 90_000 + 10_800);
    assert.equal(clock.serverTimeAt(server - 90_000), server - 800);
    clock.observe(new Date(server + 20_000).toUTCString(), server - 90_000 + 20_000);
    assert.equal(clock.serverTimeAt(server - 90_000), server - 800, "a larger offset later changes nothing");
  });
});
