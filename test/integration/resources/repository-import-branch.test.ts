// RepositoryImport's check reports a `branch` that repositories about to be imported lack, through the
// real handler against in-process emulators (Snyk × GitHub, Semgrep × GitLab Self-Managed): a warning
// naming them and no write when some lack it, a failure on `branch` when every desired one does, no
// lookup for repositories whose default branch is `branch`, and an SCM failure of the lookup reported
// as such, never as a missing branch. The provider and the emulators run on one virtual clock.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as handler } from "../../../provider/src/resources/repository-import";
import { checked, connect } from "../../support/connect";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { startWorld, type World, type WorldRepository } from "../../support/world";

const GITHUB_TOKEN = "ghp_CANARYbranchCheckGitHub0000000001";
const GITLAB_TOKEN = "glpat-CANARYbranchCheckGl0001";
const CANARIES = [GITHUB_TOKEN, GITLAB_TOKEN];
// A branch with a slash: its lookup must send it URL-encoded as one path segment.
const BRANCH = "release/2.0";

// api has the branch, worker has it as its default branch, web and docs lack it.
const REPOSITORIES: WorldRepository[] = [
  { name: "api", branches: [BRANCH] },
  { name: "docs" },
  { name: "web" },
  { name: "worker", defaultBranch: BRANCH },
];

let github: World;
let gitlab: World;
let githubConnection: Props;
let gitlabConnection: Props;
let lines: string[] = [];

const GITHUB_BRANCH_ROUTE = "GET /repos/:owner/:repo/branches/*";
const GITLAB_BRANCH_ROUTE = "GET /api/v4/projects/:id/repository/branches/:branch";

function lookups(world: World): number {
  const route = world === github ? GITHUB_BRANCH_ROUTE : GITLAB_BRANCH_ROUTE;
  return world.scm.requestStats().byRoute[route] ?? 0;
}

function writes(world: World): number {
  return world.scm.requestStats().writes + world.platform.requestStats().writes;
}

function assertNoCanary(value: unknown): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES) assert.ok(!text.includes(canary), `a token leaked: ${text.slice(0, 400)}`);
}

const warnings = (pattern: RegExp): string[] => lines.filter((l) => pattern.test(l));

beforeAll(async () => {
  [github, gitlab] = await Promise.all([
    startWorld({
      scm: "github",
      platform: "snyk",
      organization: "acme",
      repositories: REPOSITORIES,
      tokens: [{ value: GITHUB_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: REPOSITORIES.map((r) => ({ ...r, name: r.name === "api" ? "backend/api" : r.name })),
      tokens: [{ value: GITLAB_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([github, gitlab].flatMap((w) => [w.scm, w.platform]));
  setLogSink((_level, line) => lines.push(line));
  githubConnection = await connect(github, GITHUB_TOKEN);
  gitlabConnection = await connect(gitlab, GITLAB_TOKEN);
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([github, gitlab].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([github, gitlab].map((w) => w?.stop()));
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
  for (const world of [github, gitlab]) {
    world.scm.clearFaults();
    world.scm.resetRequestStats();
    world.platform.resetRequestStats();
  }
});

describe("RepositoryImport branch at preview × Snyk × GitHub", () => {
  const raw = (overrides: Props = {}): Props => ({
    connection: githubConnection,
    selector: { include: ["acme/*"] },
    branch: BRANCH,
    resourceName: "scanned",
    ...overrides,
  });

  beforeEach(() => useWorld(github));

  test("a branch some repositories lack: one warning naming them, what up does and the fix; nothing written", async () => {
    const inputs = await checked(handler, raw());
    assert.deepEqual(Object.keys(inputs.resolvedRepositories as Props), [
      "acme/api",
      "acme/docs",
      "acme/web",
      "acme/worker",
    ]);
    const found = warnings(/does not exist in/);
    assert.equal(found.length, 1, lines.join("\n"));
    const line = found[0]!;
    assert.match(
      line,
      /branch "release\/2\.0" does not exist in 2 of the repositories to import: acme\/docs, acme\/web\./,
    );
    assert.match(line, /pulumi up still asks Snyk to import them on branch "release\/2\.0"/);
    assert.match(line, /Fix: create branch "release\/2\.0" in those repositories/);
    assert.doesNotMatch(line, /acme\/api|acme\/worker/);
    // worker's default branch is the branch: three lookups (api, docs, web), none for worker.
    assert.equal(lookups(github), 3);
    assert.equal(writes(github), 0);
    assertNoCanary(lines);
  });

  test("a branch every desired repository lacks fails check on branch, quoting the value exactly", async () => {
    const result = await handler.check({}, raw({ selector: undefined, repositories: ["acme/web", "acme/docs"] }));
    assert.equal(result.failures?.length, 1, JSON.stringify(result));
    const failure = result.failures[0]!;
    assert.equal(failure.property, "branch");
    assert.match(
      failure.reason,
      /"release\/2\.0" is a branch of none of the 2 repositories to import \(acme\/docs, acme\/web\)/,
    );
    assert.match(failure.reason, /Fix: create branch "release\/2\.0"/);
    assert.equal(writes(github), 0);
    assertNoCanary(result);
  });

  test("repositories whose default branch is the branch need no lookup", async () => {
    await checked(handler, raw({ branch: "main", selector: { include: ["acme/api", "acme/docs", "acme/web"] } }));
    await checked(handler, raw({ selector: { include: ["acme/worker"] } }));
    assert.equal(lookups(github), 0);
    assert.deepEqual(warnings(/branch/), []);
  });

  test("an existing resource checks only the repositories new since the last run", async () => {
    const olds: Props = {
      connection: githubConnection,
      resolvedRepositories: { "acme/api": "selector", "acme/web": "selector" },
    };
    await checked(handler, raw(), olds);
    const found = warnings(/does not exist in/);
    assert.equal(found.length, 1, lines.join("\n"));
    assert.match(found[0]!, /in 1 of the repositories to import: acme\/docs\./);
    assert.equal(lookups(github), 1);
  });

  test("GitHub failing the lookup (500) is reported as could-not-check, never as a missing branch, and never fails", async () => {
    github.scm.addFault({ match: { pathRegex: "/branches/" }, kind: "status", status: 500, count: 1000 });
    // One lookup at a time, so that "no lookup after the first failure" is seen exactly.
    const result = await handler.check(
      {},
      raw({ selector: undefined, repositories: ["acme/web", "acme/docs"], concurrency: 1 }),
    );
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.deepEqual(warnings(/does not exist in|none of/), []);
    const found = warnings(/could not check whether branch "release\/2\.0" exists/);
    assert.equal(found.length, 1, lines.join("\n"));
    assert.match(found[0]!, /in 2 of the repositories to import \(acme\/docs, acme\/web\)/);
    assert.match(found[0]!, /an outage or refusal of the SCM, not a missing branch/);
    assert.match(found[0]!, /HTTP 500/);
    // The first lookup and its 3 retries; after it fails, no further lookup is sent.
    assert.equal(github.scm.requestStats().byStatus["500"], 4);
    assert.equal(lookups(github), 4);
    assertNoCanary(lines);
  });
});

describe("RepositoryImport branch at preview × Snyk × GitHub, a repository already imported", () => {
  beforeEach(() => useWorld(github));

  test("a repository the platform already scans is not imported again, so its branch is not looked up", async () => {
    const docs: Props = { connection: githubConnection, repositories: ["acme/docs"], resourceName: "docs" };
    const created = await handler.create(await checked(handler, docs));
    try {
      forgetListings();
      github.scm.resetRequestStats();
      lines = [];
      await checked(handler, {
        connection: githubConnection,
        selector: { include: ["acme/*"] },
        branch: BRANCH,
        adoptExisting: true,
        resourceName: "scanned",
      });
      const found = warnings(/does not exist in/);
      assert.equal(found.length, 1, lines.join("\n"));
      assert.match(found[0]!, /in 1 of the repositories to import: acme\/web\./);
      assert.equal(lookups(github), 2); // api and web; docs is scanned already, worker is on its default branch
    } finally {
      await handler.delete(created.id, created.outs);
    }
  });
});

describe("RepositoryImport branch at preview × Semgrep × GitLab Self-Managed", () => {
  const raw = (overrides: Props = {}): Props => ({
    connection: gitlabConnection,
    selector: { include: ["acme/**"] },
    branch: BRANCH,
    resourceName: "scanned",
    ...overrides,
  });

  beforeEach(() => useWorld(gitlab));

  test("a branch some projects lack: a warning naming them and what up does on Semgrep; nothing written", async () => {
    await checked(handler, raw());
    const found = warnings(/does not exist in/);
    assert.equal(found.length, 1, lines.join("\n"));
    assert.match(found[0]!, /in 2 of the repositories to import: acme\/docs, acme\/web\./);
    assert.match(found[0]!, /Managed Scans for them with primary branch "refs\/heads\/release\/2\.0"/);
    assert.equal(lookups(gitlab), 3);
    assert.equal(writes(gitlab), 0);
    assertNoCanary(lines);
  });

  test("every desired project lacks the branch: check fails on branch", async () => {
    const result = await handler.check({}, raw({ selector: undefined, repositories: ["acme/docs"] }));
    assert.equal(result.failures?.[0]?.property, "branch", JSON.stringify(result));
    assert.match(result.failures[0].reason, /"release\/2\.0" is a branch of none of the 1 repositories/);
  });

  test("GitLab failing the lookup (503) is could-not-check, not a missing branch", async () => {
    gitlab.scm.addFault({ match: { pathRegex: "/repository/branches/" }, kind: "status", status: 503, count: 1000 });
    const result = await handler.check({}, raw({ selector: undefined, repositories: ["acme/docs"] }));
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.deepEqual(warnings(/does not exist in|none of/), []);
    assert.equal(warnings(/could not check whether branch "release\/2\.0" exists in 1 of/).length, 1, lines.join("\n"));
    assertNoCanary(lines);
  });
});
