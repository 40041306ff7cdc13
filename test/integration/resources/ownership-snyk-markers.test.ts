// The owner marker on Snyk imports (provider/src/platforms/snyk/owner-tags.ts), at the RepositoryImport
// handler against the in-process emulators: the projects of each import get tagged over REST once its
// job ended; a tagging that fails leaves the import standing with a warning and is done again by the next
// apply; another resource's authoritative preview names the owner of what it would remove, its additive
// mode leaves it; a replacement created first takes the imports over (its id stamped on them) so the
// replaced resource's delete leaves them, or stops before changing anything when it cannot; the same
// resource recognises its own after a create that never returned; a no-op preview sends no tag request.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import { snykOwnerTags, snykOwnerValue } from "../../../provider/src/platforms/snyk/owner-tags";
import type { Props } from "../../../provider/src/resources/handler";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as imports } from "../../../provider/src/resources/repository-import";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const TOKEN = "ghp_CANARYunitSnykMarkers00000000000001";
const OWNER_A = "proj/stack-a/scanned";
const OWNER_B = "proj/stack-b/scanned";
const PATCH_ROUTE = "PATCH /rest/orgs/:orgId/projects/:projectId";
/** The tags of an import's one project, marked by `owner` and held by the resource `holder`. */
const marked = (owner: string, holder: string) => [
  snykOwnerTags(owner, holder)
    .map((t) => `${t.key}:${t.value}`)
    .sort(),
];

let world: World;
let connection: Props;
let lines: string[] = [];

const raw = (owner: string, overrides: Props = {}): Props => ({
  connection,
  repositories: ["acme/api"],
  mode: "additive",
  resourceName: "scanned",
  owner,
  ...overrides,
});

beforeAll(async () => {
  world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }],
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
  useWorld(world);
  lines = [];
  forgetListings();
  world.platform.clearFaults();
  world.platform.resetRequestStats();
});

describe("Snyk owner markers", () => {
  const view = () => new PlatformView(world);
  let created: { id: string; outs: Props };

  test("an import's projects are tagged with its owner, over REST, once its job ended", async () => {
    created = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(created.outs.owned, ["acme/api"]);
    assert.deepEqual(view().snykProjectTags("acme/api"), marked(OWNER_A, created.id));
    assert.equal(world.platform.requestStats().byRoute[PATCH_ROUTE], 1);
  });

  test("a no-op preview sends no tag request, also when an owned import lost its marker", async () => {
    // Tags removed out of band: a preview that marked what it sees would write here.
    const projects = [...view().snyk.projects.values()];
    const tags = projects.map((p) => p.tags);
    for (const p of projects) p.tags = [];
    try {
      const news = await checked(imports, raw(OWNER_A), created.outs);
      assert.deepEqual(await imports.diff(created.id, created.outs, news), { changes: false });
      const stats = world.platform.requestStats();
      assert.equal(stats.byRoute[PATCH_ROUTE], undefined);
      assert.equal(stats.writes, 0);
    } finally {
      projects.forEach((p, i) => (p.tags = tags[i]));
    }
  });

  test("another resource's authoritative preview names the owner of each removal; its additive up leaves them", async () => {
    const other = raw(OWNER_B, { repositories: ["acme/web"], resourceName: "other", mode: "authoritative" });
    const preview = await imports.check({}, other);
    assert.equal(preview.failures, undefined, JSON.stringify(preview.failures));
    const named = `acme/api (not made by this resource; its marker says ${snykOwnerValue(OWNER_A)} imported it)`;
    assert.ok(
      lines.some((l) => l.includes(`to remove: ${named}`)),
      lines.join("\n"),
    );
    forgetListings();
    const additive = await imports.create(await checked(imports, { ...other, mode: "additive" }));
    assert.deepEqual(additive.outs.owned, ["acme/web"]);
    assert.deepEqual(view().snykProjectTags("acme/web"), marked(OWNER_B, additive.id));
    forgetListings();
    await imports.delete(additive.id, additive.outs);
    assert.deepEqual(view().scanned(), ["acme/api"]);
    assert.deepEqual(view().snykProjectTags("acme/api"), marked(OWNER_A, created.id));
  });

  test("a replacement created first takes the imports over; the replaced resource's delete leaves them, same ids", async () => {
    const ids = view().scannedIds();
    const projects = [...view().snyk.projects.keys()].sort();
    const replacement = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(replacement.outs.owned, ["acme/api"]);
    assert.deepEqual(view().snykProjectTags("acme/api"), marked(OWNER_A, replacement.id));
    forgetListings();
    await imports.delete(created.id, created.outs);
    assert.deepEqual(view().scannedIds(), ids);
    assert.deepEqual([...view().snyk.projects.keys()].sort(), projects);
    assert.ok(
      lines.some((l) => l.includes("left 1 imports its replacement holds now: acme/api")),
      lines.join("\n"),
    );
    created = replacement;
  });

  test("a replacement that cannot take the imports over stops before changing anything", async () => {
    const inputs = await checked(imports, raw(OWNER_A));
    world.platform.addFault({
      match: { method: "PATCH", pathPrefix: "/rest/orgs/" },
      kind: "status",
      status: 500,
      count: 50,
    });
    await assert.rejects(imports.create(inputs), /could not be marked as held by this new resource/);
    // Still held by the resource in the state, which keeps it (the engine does not delete it).
    assert.deepEqual(view().snykProjectTags("acme/api"), marked(OWNER_A, created.id));
    assert.equal(world.platform.requestStats().writes, world.platform.requestStats().byRoute[PATCH_ROUTE]);
  });

  test("the same resource after a create that never returned recognises its import without an opt-in", async () => {
    const again = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(again.outs.owned, ["acme/api"]);
    assert.deepEqual(again.outs.adopted, []);
    assert.equal(
      world.platform.requestStats().byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"],
      undefined,
    );
    // And its destroy removes it, its state having no record of it.
    forgetListings();
    await imports.delete(again.id, { ...again.outs, owned: [] });
    assert.deepEqual(view().scanned(), []);
  });

  test("a tagging that fails leaves the import standing with a warning; the next apply tags it", async () => {
    world.platform.addFault({
      match: { method: "PATCH", pathPrefix: "/rest/orgs/" },
      kind: "status",
      status: 500,
      count: 50,
    });
    const made = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(made.outs.owned, ["acme/api"]);
    assert.equal(made.outs.failedCount, 0);
    assert.deepEqual(view().snykProjectTags("acme/api"), [[]]);
    assert.ok(
      lines.some((l) =>
        /Snyk: 1 of 1 imports could not be marked with their owner proj\/stack-a\/scanned: acme\/api \(tagging project \S+ failed: .*the next pulumi up that applies this resource marks them again/.test(
          l,
        ),
      ),
      lines.join("\n"),
    );
    world.platform.clearFaults();
    forgetListings();
    const news = await checked(imports, raw(OWNER_A), made.outs);
    const updated = await imports.update(made.id, made.outs, news);
    assert.deepEqual(updated.outs.owned, ["acme/api"]);
    assert.deepEqual(view().snykProjectTags("acme/api"), marked(OWNER_A, made.id));
  });
});
