// The e2e harness's own mechanisms, without a stack: the scenario runner names the failing step and
// stops there, and tears down whatever happened; the SDK-termination filter sits where jest's
// listener is (the host's process, not the test file's copy of `process`) and keeps only that one
// rejection from the runner.
import assert from "node:assert/strict";
import * as vm from "node:vm";
import { test } from "@jest/globals";
import { holdSdkTerminationFilter, sdkTerminationsSwallowed } from "../support/harness";
import { runScenario, StepError } from "../support/lifecycle";

async function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => assert.fail("the scenario passed"),
    (e: unknown) => e,
  );
}

test("a failing step's error names the step and its number, later steps do not run, and the tear-down runs", async () => {
  const ran: string[] = [];
  const error = await failureOf(
    runScenario(
      async (defer) => {
        defer(() => ran.push("tear-down"));
        return { ran };
      },
      [
        { name: "first", run: (s) => void s.ran.push("first") },
        {
          name: "second",
          run: () => {
            throw new Error("one is not two");
          },
        },
        { name: "third", run: (s) => void s.ran.push("third") },
      ],
    ),
  );
  assert.ok(error instanceof StepError, String(error));
  assert.equal(error.message, 'step 2/3 "second" failed: one is not two\n(not run: step 3)');
  assert.match(error.stack ?? "", /harness\.test\.ts:\d+/, "the stack points at the failing line");
  assert.deepEqual(ran, ["first", "tear-down"]);
});

test("a failing set-up is named, and what it registered before failing is torn down", async () => {
  const ran: string[] = [];
  const error = await failureOf(
    runScenario(
      async (defer) => {
        defer(() => ran.push("tear-down"));
        throw new Error("no emulator");
      },
      [{ name: "only", run: () => void ran.push("only") }],
    ),
  );
  assert.ok(error instanceof StepError, String(error));
  assert.equal(error.message, "set-up failed: no emulator\n(not run: step 1)");
  assert.deepEqual(ran, ["tear-down"]);
});

test("a failing tear-down fails a scenario whose steps passed", async () => {
  const error = await failureOf(
    runScenario(
      async (defer) => {
        defer(() => {
          throw new Error("stack not removed");
        });
        return {};
      },
      [{ name: "only", run: () => undefined }],
    ),
  );
  assert.ok(error instanceof StepError, String(error));
  assert.equal(error.message, "tear-down failed: stack not removed");
});

test("the SDK's 'Resource monitor is terminating' rejection is kept from the runner; every other still reaches it", async () => {
  const host = vm.runInThisContext("process") as NodeJS.Process;
  assert.notEqual(host, process, "under jest a test file's process is a copy");
  const runnerListeners = host.rawListeners("unhandledRejection");
  const seen: unknown[] = [];
  const runner = (reason: unknown) => void seen.push(reason);
  host.removeAllListeners("unhandledRejection");
  host.on("unhandledRejection", runner);
  try {
    const release = holdSdkTerminationFilter();
    const swallowedBefore = sdkTerminationsSwallowed();
    const other = new Error("something else");
    void Promise.reject(new Error("Resource monitor is terminating"));
    void Promise.reject(other);
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    release();
    assert.equal(sdkTerminationsSwallowed() - swallowedBefore, 1);
    assert.deepEqual(seen, [other]);
    // Released: the runner's listener is back on its own.
    assert.deepEqual([...host.rawListeners("unhandledRejection")], [runner]);
  } finally {
    host.removeAllListeners("unhandledRejection");
    for (const listener of runnerListeners) host.on("unhandledRejection", listener as (...args: unknown[]) => void);
  }
});
