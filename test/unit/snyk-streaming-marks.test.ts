// Marking Snyk targets while an import run goes on (owner-marks.ts StreamingMarks): batches of at most
// a projects listing's size in the order targets became known, one batch at a time (the next with what
// arrived meanwhile), every target once, and every batch's failures in the result.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { StreamingMarks, type MarkResult } from "../../provider/src/platforms/snyk/owner-marks";

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `t${from + i}`);

describe("marking targets while the import run goes on", () => {
  it("splits what is known at once into full batches, one at a time, each target once", async () => {
    const batches: string[][] = [];
    let running = 0;
    let overlapped = false;
    const marks = new StreamingMarks(async (targetIds): Promise<MarkResult> => {
      running++;
      overlapped ||= running > 1;
      batches.push([...targetIds]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return { tagged: targetIds.length, failed: targetIds[0] === "t20" ? [{ targetId: "t20", error: "boom" }] : [] };
    }, 20);
    for (const id of ids(0, 45)) marks.add(id);
    marks.add("t3");
    const result = await marks.finish([...ids(40, 10), "t0"]);
    assert.deepEqual(batches, [ids(0, 20), ids(20, 20), ids(40, 10)]);
    assert.equal(overlapped, false);
    assert.deepEqual(result, { tagged: 50, failed: [{ targetId: "t20", error: "boom" }] });
  });

  it("sends what became known as soon as no batch runs, and what arrives meanwhile with the next", async () => {
    const batches: string[][] = [];
    let release: (() => void) | undefined;
    const marks = new StreamingMarks(async (targetIds): Promise<MarkResult> => {
      batches.push([...targetIds]);
      await new Promise<void>((resolve) => (release = resolve));
      return { tagged: targetIds.length, failed: [] };
    }, 20);
    marks.add("t0");
    marks.add("t1");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [["t0", "t1"]], "two targets known while nothing ran go out at once");
    for (const id of ids(2, 3)) marks.add(id);
    assert.equal(batches.length, 1, "nothing more goes out while a batch runs");
    release?.();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches[1], ids(2, 3));
    release?.();
    const done = marks.finish([]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await done, { tagged: 5, failed: [] });
  });

  it("marks nothing when no target became known", async () => {
    let calls = 0;
    const marks = new StreamingMarks(async () => {
      calls++;
      return { tagged: 0, failed: [] };
    });
    assert.deepEqual(await marks.finish([]), { tagged: 0, failed: [] });
    assert.equal(calls, 0);
  });
});
