// Faults through the real Pulumi CLI, one case per world. During apply: 5xx bursts on import
// requests, 429s with Retry-After, import jobs that fail, a platform listing that keeps failing, and
// (Semgrep) Managed Scans switches answered with 5xx. Each time the resource either converges or fails
// loudly naming the repositories not done; the state's `imported` always matches the emulator's
// targets / scanned projects; and the next `up` converges without importing anything twice. During
// planning: an SCM repository listing whose second page fails must not lead to any removal.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  PlatformView,
  runScenario,
  settle,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World, type WorldScm } from "../support/world";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  token: string;
  /** Full names of the repositories the world started with. */
  names: string[];
}

interface Options {
  platform: "snyk" | "semgrep";
  scm: WorldScm;
  token: string;
  repos: string[];
  /** Stack (project) name. */
  name: string;
  /** RepositoryImport inputs beyond connection and selector. */
  inputs?: { mode?: "authoritative" | "additive"; maxDeletions?: number };
}

async function setUp(defer: Defer, options: Options): Promise<Scenario> {
  const { platform, scm, token } = options;
  const world = await startWorld({
    scm,
    platform,
    organization: "acme",
    repositories: options.repos.map((name) => ({ name })),
    tokens: [
      {
        value: token,
        scopes:
          platform === "snyk"
            ? ["repo", "read:org", "admin:repo_hook"]
            : ["repo", "read:org", "user:email", "write:discussion"],
      },
    ],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const stack = await E2EStack.create({
    name: options.name,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("platform", {
        platform,
        platformOrg: platform === "snyk" ? SNYK_ORG : SEMGREP_DEPLOYMENT.slug,
        scm,
        ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
        token,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const repositories = new RepositoryImport("scanned", {
        connection,
        selector: { include: ["acme/*"] },
        concurrency: 4,
        ...options.inputs,
      });
      return { importedCount: repositories.importedCount };
    },
  });
  defer(() => stack.dispose());
  return {
    world,
    stack,
    view: new PlatformView(world),
    transcript: new Transcript(),
    token,
    names: options.repos.map((r) => `acme/${r}`),
  };
}

/** The RepositoryImport's `imported` output as the engine recorded it (repository → platform id). */
function stateImported(stack: E2EStack): Record<string, string> {
  return (stack.stateOutputs("RepositoryImport")?.imported as Record<string, string> | undefined) ?? {};
}

function assertStateMatchesEmulator({ stack, view }: Scenario): void {
  assert.deepEqual(stateImported(stack), view.scannedIds(), "the state's imported map differs from the platform's");
}

/** Snyk: no repository's import was started more than once (a failed job is retried; anything else must not be). */
function assertEachImportedOnce({ view }: Scenario): void {
  const twice = [...view.importJobs({ failed: false })].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "repositories whose import was started more than once");
}

const snykApplyFaults: Step<Scenario>[] = [
  {
    name: "5xx on import requests and 429s on job polls: the up fails naming the repositories not done; the state matches",
    run: async (s) => {
      const { world, stack, view, transcript, names } = s;
      const importPost = { method: "POST", pathRegex: "/integrations/[^/]+/import$" };
      world.platform.addFault({ kind: "status", status: 503, match: importPost, skip: 2, count: 3 });
      world.platform.addFault({
        kind: "status",
        status: 429,
        headers: { "retry-after": "1" },
        match: { method: "GET", pathRegex: "/import/[^/]+$" },
        count: 4,
      });
      const message = await expectFailure(() => stack.up());
      transcript.addText(message);
      const done = view.scannedIds();
      const notDone = names.filter((n) => !(n in done));
      assert.equal(notDone.length, 3, `targets: ${Object.keys(done).join(", ")}`);
      assert.match(message, /3 of 10 repositories were not done/);
      for (const name of notDone) assert.ok(message.includes(name), `the failure does not name ${name}: ${message}`);
      // The 429s were waited out, not reported.
      assert.doesNotMatch(message, /rate limited/);
      assertStateMatchesEmulator(s);
    },
  },
  {
    name: "with the faults gone, the next up converges and imports nothing twice",
    run: async (s) => {
      s.world.platform.clearFaults();
      s.transcript.add(await s.stack.up());
      assert.deepEqual(s.view.scanned(), s.names);
      assertStateMatchesEmulator(s);
      assertEachImportedOnce(s);
    },
  },
  {
    name: "a failed import job fails the up naming it; the state matches",
    run: async (s) => {
      s.world.addRepository({ name: "r10" });
      const repo = s.view.snyk.repositories.find((r) => r.fullName === "acme/r10")!;
      repo.failJob = true;
      const message = await expectFailure(() => s.stack.up());
      s.transcript.addText(message);
      assert.match(message, /1 of 1 repositories were not done: acme\/r10 \(Snyk import job \S+ failed/);
      assert.equal("acme/r10" in s.view.scannedIds(), false);
      assertStateMatchesEmulator(s);
    },
  },
  {
    name: "with the job fixed, the next up imports it",
    run: async (s) => {
      s.view.snyk.repositories.find((r) => r.fullName === "acme/r10")!.failJob = false;
      s.transcript.add(await s.stack.up());
      assert.ok("acme/r10" in s.view.scannedIds());
      assertStateMatchesEmulator(s);
    },
  },
  {
    name: "a target listing that keeps failing changes nothing and says so",
    run: async (s) => {
      s.world.addRepository({ name: "r11" });
      const jobsBefore = s.view.snyk.jobs.size;
      // The diff's listing goes through; the apply's own listing (retried, then given up) does not.
      s.world.platform.addFault({
        kind: "status",
        status: 502,
        match: { method: "GET", pathRegex: "/orgs/[^/]+/targets$" },
        skip: 1,
        count: 1000,
      });
      const message = await expectFailure(() => s.stack.up());
      s.transcript.addText(message);
      assert.match(message, /refused listing the targets of org \S+ with HTTP 502/);
      assert.equal(s.view.snyk.jobs.size, jobsBefore, "an import was started without knowing what exists");
      s.world.platform.clearFaults();
      assertStateMatchesEmulator(s);
    },
  },
  {
    name: "with the listing back, the next up converges, nothing was imported twice, and no token leaked",
    run: async (s) => {
      s.transcript.add(await s.stack.up());
      assert.ok("acme/r11" in s.view.scannedIds());
      assertStateMatchesEmulator(s);
      assertEachImportedOnce(s);
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
      s.transcript.assertNoCanary(s.stack, [s.token, s.world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: faults during apply fail loudly, the state matches, and the next up converges",
  () =>
    runScenario(
      (defer) =>
        setUp(defer, {
          platform: "snyk",
          scm: "github",
          token: "ghp_CANARYe2eRepositoryImportFaults0001",
          repos: Array.from({ length: 10 }, (_, i) => `r${String(i).padStart(2, "0")}`),
          name: "ri-faults-snyk",
        }),
      snykApplyFaults,
    ),
  E2E_CASE_TIMEOUT_MS,
);

const semgrepApplyFaults: Step<Scenario>[] = [
  {
    name: "5xx on Managed Scans switches and 429s on reads: the up fails naming the project not done; the state matches",
    run: async ({ world, stack, view, transcript, names }) => {
      // One project's switch keeps failing (beyond the retries); a short burst hits the others and is retried.
      world.platform.addFault({
        kind: "status",
        status: 500,
        match: { method: "PATCH", pathRegex: "acme(%2F|/)s03/managed-scan$" },
        count: 1000,
      });
      world.platform.addFault({
        kind: "status",
        status: 503,
        match: { method: "PATCH", pathRegex: "/managed-scan$" },
        skip: 1,
        count: 3,
      });
      world.platform.addFault({
        kind: "status",
        status: 429,
        headers: { "retry-after": "1" },
        match: { method: "GET", pathPrefix: "/api/v1/deployments" },
        count: 3,
      });
      const message = await expectFailure(() => stack.up());
      transcript.addText(message);
      const done = view.scannedIds();
      const notDone = names.filter((n) => !(n in done));
      assert.deepEqual(notDone, ["acme/s03"], `scanned: ${Object.keys(done).join(", ")}`);
      assert.match(
        message,
        /1 of 8 repositories were not done: acme\/s03 \(project acme\/s03 exists but Managed Scans could not be turned on/,
      );
      for (const name of notDone) assert.ok(message.includes(name), `the failure does not name ${name}: ${message}`);
      assert.deepEqual(stateImported(stack), done);
    },
  },
  {
    name: "with the faults gone, the next up converges, a preview shows no changes, and no token leaked",
    run: async (s) => {
      s.world.platform.clearFaults();
      s.transcript.add(await s.stack.up());
      assert.deepEqual(s.view.scanned(), s.names);
      assert.deepEqual(stateImported(s.stack), s.view.scannedIds());
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
      s.transcript.assertNoCanary(s.stack, [s.token, s.world.platformToken]);
    },
  },
];

test(
  "Semgrep × GitHub Enterprise: Managed Scans faults fail loudly naming the project, and the next up converges",
  () =>
    runScenario(
      (defer) =>
        setUp(defer, {
          platform: "semgrep",
          scm: "github-enterprise",
          token: "ghp_CANARYe2eRepositoryImportFaults0002",
          repos: Array.from({ length: 8 }, (_, i) => `s${String(i).padStart(2, "0")}`),
          name: "ri-faults-semgrep",
        }),
      semgrepApplyFaults,
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- An incomplete SCM listing must never remove imports ----

/** 150 repositories: GitHub lists them in two pages of 100. */
const LISTED = Array.from({ length: 150 }, (_, i) => `repo-${String(i).padStart(3, "0")}`);
/** GitHub's pages after the first, by the URL form its Link header gives (page 1 is /orgs/acme/repos). */
const LATER_PAGES = { method: "GET", pathRegex: "^/organizations/[^/]+/repos$" };
/** What the provider says when a page fails (scm/github/listing.ts `incomplete`). */
const INCOMPLETE = /the repository listing of "acme" is incomplete: page 2 of 2 failed/;

/** Requests for GitHub's later listing pages since the counters were last reset, by status. */
function laterPageStatuses(world: World): number[] {
  return world.scm
    .requestStats()
    .recent.filter((r) => r.method === "GET" && r.route === "/organizations/:id/repos")
    .map((r) => r.status);
}

/** No line of what the CLI printed plans or reports a removal. */
function assertNoRemoval(text: string): void {
  const removals = text
    .split("\n")
    .filter((line) => /plan: .*\bremove [1-9]|to remove: |\bdone: .*, [1-9]\d* removed|- acme\/repo-/.test(line));
  assert.ok(
    removals.length === 0,
    `a removal was planned or made while the SCM listing was incomplete (${removals.length} lines, e.g.):\n` +
      removals.slice(0, 5).join("\n"),
  );
}

const incompleteListing: Step<Scenario>[] = [
  {
    name: "up imports all 150 repositories, listed in two pages",
    run: async ({ world, stack, view, transcript, names }) => {
      world.scm.resetRequestStats();
      const up = transcript.add(await stack.up());
      assert.equal(up.outputs.importedCount, 150);
      assert.deepEqual(view.scanned(), names);
      assert.ok(laterPageStatuses(world).includes(200), "the listing had no second page");
    },
  },
  {
    name: "page 2 of the SCM listing failing: the preview plans no removal and says the listing is incomplete",
    run: async ({ world, stack, view, transcript, names }) => {
      world.scm.addFault({ kind: "status", status: 502, match: LATER_PAGES, count: 100_000 });
      world.scm.resetRequestStats();
      const { result: preview, platformWrites } = await countWrites(world, () => settle(() => stack.preview()));
      transcript.addText(preview.text);
      assert.ok(laterPageStatuses(world).includes(502), "the fault did not hit page 2");
      assertNoRemoval(preview.text);
      if (preview.ok) assert.equal(stepsByOp(preview.result.events).delete, undefined);
      assert.match(preview.text, INCOMPLETE);
      assert.equal(platformWrites, 0);
      assert.deepEqual(view.scanned(), names);
    },
  },
  {
    name: "page 2 still failing: up removes nothing, says the listing is incomplete, and the state keeps every import",
    run: async ({ world, stack, view, transcript, names }) => {
      const before = stateImported(stack);
      const { result: up, platformWrites } = await countWrites(world, () => settle(() => stack.up()));
      transcript.addText(up.text);
      assert.deepEqual(view.scanned(), names, "imports were removed while the SCM listing was incomplete");
      assertNoRemoval(up.text);
      assert.match(up.text, INCOMPLETE);
      assert.equal(platformWrites, 0);
      assert.deepEqual(stateImported(stack), before);
    },
  },
  {
    name: "with page 2 answering again, a preview shows no changes, and no token leaked",
    run: async ({ world, stack, transcript, token }) => {
      world.scm.clearFaults();
      transcript.add(await stack.preview({ expectNoChanges: true }));
      transcript.assertNoCanary(stack, [token, world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: an SCM listing whose second page fails removes no import (authoritative, selector)",
  () =>
    runScenario(
      (defer) =>
        setUp(defer, {
          platform: "snyk",
          scm: "github",
          token: "ghp_CANARYe2eRepositoryImportFaults0003",
          repos: LISTED,
          name: "ri-faults-listing",
          // Only the listing's completeness stands between a short listing and 50 removals.
          inputs: { mode: "authoritative", maxDeletions: 1000 },
        }),
      incompleteListing,
    ),
  E2E_CASE_TIMEOUT_MS,
);
