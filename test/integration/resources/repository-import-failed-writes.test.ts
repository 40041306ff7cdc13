// RepositoryImport × Snyk × GitHub Enterprise when single writes fail: a removal whose DELETE keeps
// failing is not forgotten (the properties recorded on failure keep the repository owned, the next
// preview names it, the next update removes it), and progress lines count failed imports and
// removals as failed, not as done. Through the real handler against the in-process emulators, on the
// virtual clock. The emulator's targets and the outputs are compared at every step.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import { PartialApplyError } from "../../../provider/src/resources/failures";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as handler } from "../../../provider/src/resources/repository-import";
import type { SnykState } from "../../emulators/snyk/state";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";

const TOKEN = "ghp_CANARYunitFailedWritesSnyk000001";

let world: World;
let connection: Props;
let lines: string[] = [];

const snykState = (): SnykState => new PlatformView(world).snyk;
/** Target display name → id, as the emulator holds them. */
const targets = (): Record<string, string> => new PlatformView(world).scannedIds();

function logged(pattern: RegExp): boolean {
  return lines.some((l) => pattern.test(l));
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }, { name: "worker" }, { name: "docs" }],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 1,
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((_level, line) => lines.push(line));
  connection = await connect(world, TOKEN);
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  if (world) {
    backToRealTime([world.scm, world.platform]);
    await world.stop();
  }
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
  world.platform.clearFaults();
  useWorld(world);
});

const ALL = ["acme/api", "acme/docs", "acme/web", "acme/worker"];

describe.each(["additive", "authoritative"] as const)("RepositoryImport (%s): a removal that fails", (mode) => {
  const raw = (repositories: string[]): Props => ({
    connection,
    repositories,
    mode,
    resourceName: `failed-removal-${mode}`,
  });

  test("is kept owned, named by the error and the next preview, and removed by the next update", async () => {
    for (const target of Object.values(targets())) snykState().deleteTarget(target);
    const created = await handler.create(await checked(handler, raw(ALL)));
    const id = created.id;
    let outs = created.outs;
    assert.deepEqual(Object.keys(targets()), ALL);
    assert.deepEqual(outs.imported, targets());
    assert.deepEqual(outs.owned, ALL);

    // The DELETE of acme/worker's target fails every time (retries included); the other two go through.
    const workerTarget = targets()["acme/worker"]!;
    world.platform.addFault({
      kind: "status",
      status: 502,
      match: { method: "DELETE", pathRegex: `/targets/${workerTarget}$` },
      count: 1000,
    });
    forgetListings();
    lines = [];
    const news = await checked(handler, raw(["acme/api"]), outs);
    const failure = await rejection(handler.update(id, outs, news));
    assert.ok(failure instanceof PartialApplyError, String(failure));
    assert.match(failure.message, /1 of 3 repositories were not done: acme\/worker \(not removed \(id [\w-]+\): /);
    assert.equal(failure.id, id);
    const recorded = failure.properties;
    // What the engine records: the repository whose removal failed is still owned; the others are gone.
    assert.deepEqual(Object.keys(targets()), ["acme/api", "acme/worker"]);
    assert.deepEqual(recorded.owned, ["acme/api", "acme/worker"]);
    assert.deepEqual(recorded.imported, { "acme/api": targets()["acme/api"] });
    assert.deepEqual(Object.keys(recorded.failures as Props), ["acme/worker"]);
    assert.match(
      (recorded.failures as Record<string, string>)["acme/worker"]!,
      new RegExp(`^not removed \\(id ${workerTarget}\\): .*502`),
    );
    assert.equal(recorded.failedCount, 1);
    assert.deepEqual(recorded.lastPlan, { imports: 0, removals: 2, keeps: 1 });
    // Progress tells the truth: two removed, one failed.
    assert.ok(logged(/removed 2\/3, 1 failed/), lines.join("\n"));
    assert.ok(!logged(/removed 3\/3/), lines.join("\n"));

    // The next preview plans the removal again and names it; refresh reports it.
    forgetListings();
    lines = [];
    const again = await checked(handler, raw(["acme/api"]), recorded);
    assert.deepEqual(await handler.diff(id, recorded, again), { changes: true });
    assert.ok(logged(/plan: import 0, remove 1, keep 1/), lines.join("\n"));
    assert.ok(logged(/to remove: acme\/worker$/), lines.join("\n"));
    lines = [];
    const read = await handler.read(id, recorded);
    assert.deepEqual((read.props as Props).owned, ["acme/api", "acme/worker"]);
    assert.ok(logged(/owns are no longer desired but still on the platform .*: acme\/worker$/), lines.join("\n"));

    // Still failing: still owned, still named (a retry that fails again forgets nothing either).
    forgetListings();
    const stillFailing = await rejection(handler.update(id, recorded, again));
    assert.ok(stillFailing instanceof PartialApplyError);
    assert.match(stillFailing.message, /1 of 1 repositories were not done: acme\/worker/);
    assert.deepEqual(stillFailing.properties.owned, ["acme/api", "acme/worker"]);
    assert.deepEqual(Object.keys(targets()), ["acme/api", "acme/worker"]);

    // The fault is gone: the next update removes it, and outputs and targets agree.
    world.platform.clearFaults();
    forgetListings();
    lines = [];
    const retried = await handler.update(id, stillFailing.properties, again);
    outs = retried.outs;
    assert.deepEqual(Object.keys(targets()), ["acme/api"]);
    assert.deepEqual(outs.imported, targets());
    assert.deepEqual(outs.owned, ["acme/api"]);
    assert.deepEqual(outs.failures, {});
    assert.ok(logged(/removed 1\/1$/), lines.join("\n"));
    forgetListings();
    assert.deepEqual(await handler.diff(id, outs, await checked(handler, raw(["acme/api"]), outs)), {
      changes: false,
    });
    await handler.delete(id, outs);
    assert.deepEqual(targets(), {});
  });

  test("a removal the platform reports as already gone (404) counts as done", async () => {
    for (const target of Object.values(targets())) snykState().deleteTarget(target);
    const created = await handler.create(await checked(handler, raw(["acme/api", "acme/web"])));
    const outs = created.outs;
    const webTarget = targets()["acme/web"]!;
    world.platform.addFault({
      kind: "status",
      status: 404,
      body: { errors: [{ status: "404", detail: "target not found" }] },
      match: { method: "DELETE", pathRegex: `/targets/${webTarget}$` },
      count: 1,
    });
    forgetListings();
    const news = await checked(handler, raw(["acme/api"]), outs);
    world.platform.resetRequestStats();
    const updated = await handler.update(created.id, outs, news);
    assert.deepEqual(updated.outs.owned, ["acme/api"]);
    assert.deepEqual(updated.outs.failures, {});
    // The 404 was injected: the emulator still holds the target, which the resource no longer owns.
    assert.deepEqual(Object.keys(targets()), ["acme/api", "acme/web"]);
    assert.equal(world.platform.requestStats().byStatus["404"], 1);
    snykState().deleteTarget(webTarget);
    await handler.delete(created.id, updated.outs);
    assert.deepEqual(targets(), {});
  });
});

describe("RepositoryImport: progress counts failed imports as failed", () => {
  test("one import refused of three: `imported 2/3, 1 failed`, never `imported 3/3`", async () => {
    for (const target of Object.values(targets())) snykState().deleteTarget(target);
    world.platform.addFault({
      kind: "status",
      status: 400,
      body: { message: "injected: bad request" },
      match: { method: "POST", pathRegex: "/import$" },
      count: 1,
    });
    const inputs = await checked(handler, {
      connection,
      repositories: ["acme/api", "acme/web", "acme/worker"],
      mode: "additive",
      concurrency: 1,
      resourceName: "progress",
    });
    const failure = await rejection(handler.create(inputs));
    assert.ok(failure instanceof PartialApplyError, String(failure));
    assert.ok(logged(/imported 2\/3, 1 failed$/), lines.join("\n"));
    assert.ok(!logged(/imported 3\/3/), lines.join("\n"));
    const recorded = failure.properties;
    assert.equal(Object.keys(recorded.imported as Props).length, 2);
    assert.deepEqual(recorded.imported, targets());
    // Owned: exactly what was imported; the failed one is imported (and owned) by the next update.
    assert.deepEqual(recorded.owned, Object.keys(targets()));
    world.platform.clearFaults();
    forgetListings();
    lines = [];
    const updated = await handler.update(failure.id, recorded, inputs);
    assert.deepEqual(updated.outs.imported, targets());
    assert.deepEqual(updated.outs.owned, ["acme/api", "acme/web", "acme/worker"]);
    assert.ok(logged(/imported 1\/1$/), lines.join("\n"));
    await handler.delete(failure.id, updated.outs);
    assert.deepEqual(targets(), {});
  });
});
