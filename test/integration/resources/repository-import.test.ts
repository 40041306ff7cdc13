// RepositoryImport's check, diff, create, read, update and delete, called directly (no engine) against
// in-process emulators: Snyk × GitHub Enterprise (selector resolution, imports, adoption of what
// exists, drift, maxDeletions, additive mode, delete of owned imports only) and Semgrep × GitLab
// Self-Managed with subgroups (Managed Scans on, removal stops scans or — with deleteFindings —
// deletes the project, and stopped scans are not planned as removals again). The provider and the
// emulators run on one virtual clock.
// ETags in memory, as before the persistent cache: a unit test never writes the user's ~/.cache.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { findingSchema } from "../../../provider/src/core/findings";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as handler } from "../../../provider/src/resources/repository-import";
import type { SemgrepState } from "../../emulators/semgrep/state";
import type { SnykState } from "../../emulators/snyk/state";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";

const SNYK_TOKEN = "ghp_CANARYunitRepositoryImportSnyk00001";
const SEMGREP_TOKEN = "glpat-CANARYunitRepoImportSg001";
const CANARIES = [SNYK_TOKEN, SEMGREP_TOKEN];

let snykWorld: World;
let semgrepWorld: World;
let snykConnection: Props;
let semgrepConnection: Props;
let lines: string[] = [];

// What the emulators hold, read the way the e2e suite reads it.
const snykState = (): SnykState => new PlatformView(snykWorld).snyk;
const semgrepState = (): SemgrepState => new PlatformView(semgrepWorld).semgrep;
const snykTargets = (): Record<string, string> => new PlatformView(snykWorld).scannedIds();
const semgrepScanned = (): string[] => new PlatformView(semgrepWorld).scanned();

function assertNoCanary(value: unknown): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES) assert.ok(!text.includes(canary), `a token leaked: ${text.slice(0, 400)}`);
}

beforeAll(async () => {
  [snykWorld, semgrepWorld] = await Promise.all([
    startWorld({
      scm: "github-enterprise",
      platform: "snyk",
      organization: "acme",
      repositories: [
        { name: "api", topics: ["scan"] },
        { name: "web", topics: ["scan"] },
        { name: "worker", topics: ["scan"] },
        { name: "docs", topics: ["docs"] },
      ],
      tokens: [{ value: SNYK_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      pendingPolls: 1,
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: [
        { name: "backend/api" },
        { name: "backend/core/worker" },
        { name: "frontend/web" },
        { name: "docs" },
      ],
      tokens: [{ value: SEMGREP_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([snykWorld, semgrepWorld].flatMap((w) => [w.scm, w.platform]));
  setLogSink((_level, line) => lines.push(line));
  snykConnection = await connect(snykWorld, SNYK_TOKEN);
  semgrepConnection = await connect(semgrepWorld, SEMGREP_TOKEN);
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([snykWorld, semgrepWorld].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([snykWorld, semgrepWorld].map((w) => w?.stop()));
});

beforeEach(() => {
  lines = [];
  // Each test plays a separate engine run: listings are not shared between them.
  forgetListings();
  forgetMembershipClaims();
  for (const world of [snykWorld, semgrepWorld]) {
    world.scm.resetRequestStats();
    world.platform.resetRequestStats();
  }
});

describe("RepositoryImport × Snyk × GitHub Enterprise", () => {
  const raw = (overrides: Props = {}): Props => ({
    connection: snykConnection,
    selector: { include: ["acme/*"], topics: ["scan"] },
    mode: "authoritative",
    resourceName: "scanned",
    ...overrides,
  });
  let id = "";
  let outs: Props = {};

  beforeEach(() => useWorld(snykWorld));

  test("check resolves the selector into a sorted explicit list and writes nothing", async () => {
    const inputs = await checked(handler, raw({ mode: undefined }));
    assert.deepEqual(inputs.resolvedRepositories, {
      "acme/api": "selector",
      "acme/web": "selector",
      "acme/worker": "selector",
    });
    // Defaults filled in: the safe mode (removes only what it imported) and a small deletion limit.
    assert.equal(inputs.mode, "additive");
    assert.equal(inputs.maxDeletions, 10);
    assert.ok(
      lines.some((l) => /\[RepositoryImport scanned\] resolved 3 repositories in acme/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /plan: import 3, remove 0, keep 0/.test(l)),
      lines.join("\n"),
    );
    assert.equal(snykWorld.platform.requestStats().writes + snykWorld.scm.requestStats().writes, 0);
    assertNoCanary(lines);
  });

  test("check: explicit names are marked, unknown ones fail naming repositories[i], nothing selected fails", async () => {
    const inputs = await checked(handler, raw({ repositories: ["acme/docs"] }));
    assert.equal((inputs.resolvedRepositories as Props)["acme/docs"], "repositories");
    const missing = await handler.check({}, raw({ repositories: ["acme/api", "acme/nope"] }));
    assert.ok(
      missing.failures?.some((f) => f.property === "repositories[1]" && /"acme\/nope" does not exist/.test(f.reason)),
      JSON.stringify(missing.failures),
    );
    const none = await handler.check({}, { connection: snykConnection });
    assert.ok(
      none.failures?.some((f) => f.property === "repositories" && /nothing would be scanned/.test(f.reason)),
      JSON.stringify(none.failures),
    );
    const semgrepOnly = await handler.check({}, raw({ deleteFindings: true }));
    assert.ok(
      semgrepOnly.failures?.some((f) => f.property === "deleteFindings"),
      JSON.stringify(semgrepOnly.failures),
    );
  });

  test("create imports the desired repositories and reports progress", async () => {
    const inputs = await checked(handler, raw());
    const created = await handler.create(inputs);
    id = created.id;
    outs = created.outs;
    assert.match(id, /^ri-/);
    assert.deepEqual(outs.imported, snykTargets());
    assert.deepEqual(Object.keys(outs.imported as Props), ["acme/api", "acme/web", "acme/worker"]);
    assert.equal(outs.importedCount, 3);
    assert.deepEqual(outs.owned, ["acme/api", "acme/web", "acme/worker"]);
    assert.ok(
      lines.some((l) => /\[RepositoryImport scanned\] imported 3\/3/.test(l)),
      lines.join("\n"),
    );
    assertNoCanary({ ...outs, connection: undefined });
  });

  test("a new resource over imports it did not make: check names them and refuses; with adoptExisting it adopts", async () => {
    const jobs = snykState().jobs.size;
    const refused = await handler.check({}, raw());
    const failure = refused.failures?.[0];
    assert.equal(failure?.property, "adoptExisting", JSON.stringify(refused));
    assert.match(
      failure.reason,
      /3 desired repositories are already imported on snyk and this resource did not import them .*: acme\/api, acme\/web, acme\/worker/,
    );
    assert.match(failure.reason, /Fix: set adoptExisting: true/);
    assert.equal(snykWorld.platform.requestStats().writes, 0);
    const again = await handler.create(await checked(handler, raw({ adoptExisting: true })));
    assert.notEqual(again.id, id);
    assert.deepEqual(again.outs.imported, outs.imported);
    assert.deepEqual(again.outs.owned, [], "adopted, not owned");
    assert.deepEqual(again.outs.adopted, ["acme/api", "acme/web", "acme/worker"]);
    assert.equal(snykState().jobs.size, jobs, "an import was started for a repository already imported");
    assert.ok(
      lines.some((l) => /adopt 3 already on the platform \(adoptExisting\)/.test(l)),
      lines.join("\n"),
    );
    // Its destroy leaves what it adopted; the other resource still has every import.
    const before = snykTargets();
    await handler.delete(again.id, again.outs);
    assert.deepEqual(snykTargets(), before);
    assert.ok(
      lines.some((l) => /left 3 adopted imports in place/.test(l)),
      lines.join("\n"),
    );
  });

  test("diff: nothing changed is no change and no write; a target deleted out of band is a change", async () => {
    const news = await checked(handler, raw(), outs);
    assert.deepEqual(await handler.diff(id, outs, news), { changes: false });
    assert.equal(snykWorld.platform.requestStats().writes, 0);
    const web = outs.imported as Record<string, string>;
    snykState().deleteTarget(web["acme/web"]!);
    forgetListings();
    assert.deepEqual(await handler.diff(id, outs, await checked(handler, raw(), outs)), { changes: true });
  });

  test("a preview lists the platform once: check starts it beside the SCM listing and diff reuses it", async () => {
    forgetListings();
    const targetListings = () => snykWorld.platform.requestStats().byRoute["GET /rest/orgs/:orgId/targets"] ?? 0;
    snykWorld.platform.resetRequestStats();
    const news = await checked(handler, raw(), outs);
    const afterCheck = targetListings();
    assert.ok(afterCheck > 0, "check of an existing resource already listed the platform");
    await handler.diff(id, outs, news);
    assert.equal(targetListings(), afterCheck, "diff reused check's listing");
  });

  test("read reports drift and returns the inputs; update restores the missing import", async () => {
    const read = await handler.read(id, outs);
    assert.ok(
      lines.some((l) => /drift: 1 desired repositories are no longer imported: acme\/web/.test(l)),
      lines.join("\n"),
    );
    assert.deepEqual(Object.keys((read.props as Props).imported as Props), ["acme/api", "acme/worker"]);
    assert.deepEqual((read.inputs as Props).resolvedRepositories, outs.resolvedRepositories);
    assert.equal((read.inputs as Props).imported, undefined, "read's inputs are inputs only");
    const updated = await handler.update(id, read.props as Props, await checked(handler, raw(), read.props));
    outs = updated.outs;
    assert.deepEqual(outs.imported, snykTargets());
    assert.equal(Object.keys(outs.imported as Props).length, 3);
  });

  test("diff refuses a plan over maxDeletions and names the override; update with allowDeletions removes", async () => {
    const news = await checked(handler, raw({ maxDeletions: 1, selector: { include: ["acme/api"] } }), outs);
    // The review report reads the refusal from its record, logged under the resource's name as it fails.
    process.env["PULUMI_SCM_FINDINGS"] = "json";
    const refused = await rejection(handler.diff(id, outs, news)).finally(() => {
      delete process.env["PULUMI_SCM_FINDINGS"];
    });
    assert.match(refused.message, /would delete 2 imports \(acme\/web, acme\/worker\)/);
    assert.match(refused.message, /allowDeletions to 2/);
    const records = lines.filter((l) => l.startsWith("[RepositoryImport scanned] finding: "));
    assert.equal(records.length, 1, lines.join("\n"));
    assert.deepEqual(findingSchema.parse(JSON.parse(records[0]!.slice(records[0]!.indexOf("{")))), {
      type: "deletion-refusal",
      operation: "plan",
      count: 2,
      limit: 1,
      maxDeletions: 1,
      names: ["acme/web", "acme/worker"],
      more: 0,
      fix: (refused.message.split("Fix: ")[1] ?? "").trim(),
    });
    assertNoCanary(lines);
    assert.equal(Object.keys(snykTargets()).length, 3);
    const allowed = await checked(
      handler,
      raw({ maxDeletions: 1, allowDeletions: 2, selector: { include: ["acme/api"] } }),
      outs,
    );
    const updated = await handler.update(id, outs, allowed);
    outs = updated.outs;
    assert.deepEqual(Object.keys(snykTargets()), ["acme/api"]);
    assert.deepEqual(outs.owned, ["acme/api"]);
  });

  test("additive mode leaves an import it does not own; delete removes only what it owns, within maxDeletions", async () => {
    const integrationId = snykConnection.integrationId as string;
    snykState().addTarget({
      orgId: snykWorld.platformOrg,
      integrationId,
      integrationType: "github-enterprise",
      displayName: "acme/docs",
      url: null,
      isPrivate: true,
    });
    const news = await checked(
      handler,
      raw({ mode: "additive", selector: { include: ["acme/api", "acme/web"] } }),
      outs,
    );
    const updated = await handler.update(id, outs, news);
    outs = updated.outs;
    assert.deepEqual(Object.keys(snykTargets()), ["acme/api", "acme/docs", "acme/web"]);
    assert.deepEqual(outs.owned, ["acme/api", "acme/web"]);
    // A destroy over the limit is refused, and its record logged for the review report.
    lines = [];
    process.env["PULUMI_SCM_FINDINGS"] = "json";
    const refused = await rejection(handler.delete(id, { ...outs, maxDeletions: 1 })).finally(() => {
      delete process.env["PULUMI_SCM_FINDINGS"];
    });
    assert.match(refused.message, /maxDeletions: destroying would remove 2 imports, more than the limit of 1\. Fix: /);
    const records = lines.filter((l) => l.startsWith("[RepositoryImport scanned] finding: "));
    assert.equal(records.length, 1, lines.join("\n"));
    assert.deepEqual(findingSchema.parse(JSON.parse(records[0]!.slice(records[0]!.indexOf("{")))), {
      type: "deletion-refusal",
      operation: "destroy",
      count: 2,
      limit: 1,
      maxDeletions: 1,
      names: ["acme/api", "acme/web"],
      more: 0,
      fix: "set allowDeletions: 2 on this resource, run pulumi up, then destroy again",
    });
    assert.deepEqual(Object.keys(snykTargets()), ["acme/api", "acme/docs", "acme/web"], "nothing was removed");
    await handler.delete(id, outs);
    assert.deepEqual(Object.keys(snykTargets()), ["acme/docs"]);
    // Deleting again finds nothing it owns and is not an error.
    await handler.delete(id, outs);
    assertNoCanary(lines);
  });

  test("a new resource whose first plan is over maxDeletions fails its check, the refusal's record logged", async () => {
    assert.deepEqual(Object.keys(snykTargets()), ["acme/docs"]);
    process.env["PULUMI_SCM_FINDINGS"] = "json";
    const result = await handler
      .check({}, raw({ resourceName: "fresh", maxDeletions: 0, selector: { include: ["acme/api"] } }))
      .finally(() => {
        delete process.env["PULUMI_SCM_FINDINGS"];
      });
    assert.equal(result.failures?.[0]?.property, "maxDeletions", JSON.stringify(result.failures));
    assert.match(
      result.failures[0].reason,
      /^the plan would delete 1 import \(acme\/docs\), more than maxDeletions \(0\) allows/,
    );
    const records = lines.filter((l) => l.startsWith("[RepositoryImport fresh] finding: "));
    const refusals = records
      .map((l) => findingSchema.parse(JSON.parse(l.slice(l.indexOf("{")))))
      .filter((f) => f.type === "deletion-refusal");
    assert.deepEqual(refusals, [
      {
        type: "deletion-refusal",
        operation: "plan",
        count: 1,
        limit: 0,
        maxDeletions: 0,
        names: ["acme/docs"],
        more: 0,
        fix: refusals[0]?.fix,
      },
    ]);
    assert.match(refusals[0]!.fix, /set allowDeletions to 1/);
    assertNoCanary(lines);
  });
});

describe("RepositoryImport × Semgrep × GitLab Self-Managed", () => {
  const raw = (overrides: Props = {}): Props => ({
    connection: semgrepConnection,
    selector: { include: ["acme/backend/**", "acme/frontend/*"] },
    mode: "authoritative",
    resourceName: "projects",
    ...overrides,
  });
  let id = "";
  let outs: Props = {};

  beforeEach(() => useWorld(semgrepWorld));

  test("create syncs the config and turns Managed Scans on for the desired projects (subgroups included)", async () => {
    const inputs = await checked(handler, raw());
    assert.deepEqual(Object.keys(inputs.resolvedRepositories as Props), [
      "acme/backend/api",
      "acme/backend/core/worker",
      "acme/frontend/web",
    ]);
    const created = await handler.create(inputs);
    id = created.id;
    outs = created.outs;
    assert.deepEqual(semgrepScanned(), ["acme/backend/api", "acme/backend/core/worker", "acme/frontend/web"]);
    assert.deepEqual(Object.keys(outs.imported as Props), semgrepScanned());
    // The sync made a project of every repository in the group; the undesired one is not scanned.
    assert.ok(semgrepState().projectByName("acme/docs"));
  });

  test("removal stops scans and keeps the project; stopped scans are not planned as removals again", async () => {
    const news = await checked(handler, raw({ selector: { include: ["acme/backend/**"] } }), outs);
    outs = (await handler.update(id, outs, news)).outs;
    assert.deepEqual(semgrepScanned(), ["acme/backend/api", "acme/backend/core/worker"]);
    assert.ok(semgrepState().projectByName("acme/frontend/web"), "without deleteFindings the project stays");
    assert.deepEqual(semgrepState().deletedProjects, []);
    semgrepWorld.platform.resetRequestStats();
    assert.deepEqual(
      await handler.diff(id, outs, await checked(handler, raw({ selector: { include: ["acme/backend/**"] } }), outs)),
      { changes: false },
    );
    assert.equal(semgrepWorld.platform.requestStats().writes, 0);
    const read = await handler.read(id, outs);
    assert.equal(
      lines.some((l) => /drift/.test(l)),
      false,
      lines.join("\n"),
    );
    assert.deepEqual((read.props as Props).imported, outs.imported);
  });

  test("an incomplete platform listing changes nothing: update and delete refuse, read keeps the recorded imports", async () => {
    // Reading one project keeps failing beyond the retries, so the listing of imports is incomplete.
    semgrepWorld.platform.addFault({
      kind: "status",
      status: 500,
      match: { method: "GET", pathRegex: "/projects/acme(%2F|/)backend(%2F|/)api$" },
      count: 1000,
    });
    try {
      const news = await checked(handler, raw({ selector: { include: ["acme/frontend/*"] } }), outs);
      semgrepWorld.platform.resetRequestStats();
      const refused = await rejection(handler.update(id, outs, news));
      assert.match(refused.message, /listing of imports did not complete.*nothing was imported or removed/);
      const destroyRefused = await rejection(handler.delete(id, outs));
      assert.match(destroyRefused.message, /did not complete; nothing was removed/);
      const writes = semgrepWorld.platform.requestStats().writes;
      assert.equal(writes, 0, "something was written without knowing what exists");
      const read = await handler.read(id, outs);
      assert.deepEqual((read.props as Props).imported, outs.imported);
      assert.deepEqual(semgrepScanned(), ["acme/backend/api", "acme/backend/core/worker"]);
    } finally {
      semgrepWorld.platform.clearFaults();
    }
  });

  test("with deleteFindings a removal deletes the project; delete removes the rest", async () => {
    const news = await checked(
      handler,
      raw({ selector: { include: ["acme/backend/api"] }, deleteFindings: true }),
      outs,
    );
    outs = (await handler.update(id, outs, news)).outs;
    assert.deepEqual(semgrepScanned(), ["acme/backend/api"]);
    assert.deepEqual(
      semgrepState().deletedProjects.map((p) => p.name),
      ["acme/backend/core/worker"],
    );
    await handler.delete(id, outs);
    assert.deepEqual(semgrepScanned(), []);
    assert.deepEqual(
      semgrepState()
        .deletedProjects.map((p) => p.name)
        .sort(),
      ["acme/backend/api", "acme/backend/core/worker"],
    );
    assertNoCanary(lines);
  });
});
