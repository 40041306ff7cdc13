// RepositoryImport through the real Pulumi CLI on the self-hosted SCMs, for both platforms:
// Semgrep × GitHub Enterprise Server, Semgrep × GitLab Self-Managed and Snyk × GitLab Self-Managed
// (GitLab subgroups in the selector). Each combination walks the same lifecycle as the Snyk × GitHub
// file — preview, up, a no-change preview with zero writes, a new repository (preview shows exactly
// that one, checked against a captured fixture), a removal, an out-of-band import then refresh, a
// plan over maxDeletions refused, destroy — with the platform emulator's state asserted after each
// step. Semgrep removals stop scans unless deleteFindings is set, when they delete the project.
// One case per combination, one at a time (inline programs side by side in one process are not
// reliable: see integration-matrix.test.ts).
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { assertMatchesFixture } from "./fixtures/preview-text";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  githubListingStatuses,
  PlatformView,
  runScenario,
  sorted,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import {
  SEMGREP_DEPLOYMENT,
  SNYK_ORG,
  startWorld,
  type World,
  type WorldRepository,
  type WorldScm,
} from "../support/world";

interface Combination {
  id: string;
  platform: "snyk" | "semgrep";
  scm: WorldScm;
  token: string;
  scopes: string[];
  repositories: WorldRepository[];
  include: string[];
  topics?: string[];
  /** Desired after the first up. */
  initial: string[];
  /** A repository added to the SCM that the selector picks. */
  added: WorldRepository;
  /** Excluded in the removal step. */
  removed: string;
  /** Imported out of band on the platform (the selector does not pick it). */
  outOfBand: string;
  /** Excluded in the maxDeletions step (two of them). */
  bulkRemoved: [string, string];
}

const COMBINATIONS: Combination[] = [
  {
    id: "semgrep-ghes",
    platform: "semgrep",
    scm: "github-enterprise",
    token: "ghp_CANARYe2eMatrixSemgrepGhes000000001",
    scopes: ["repo", "read:org", "user:email", "write:discussion"],
    repositories: [
      { name: "api", topics: ["scan"] },
      { name: "web", topics: ["scan"] },
      { name: "worker", topics: ["scan"] },
      { name: "docs", topics: ["docs"] },
      { name: "old-api", topics: ["scan"], archived: true },
    ],
    include: ["acme/*"],
    topics: ["scan"],
    initial: ["acme/api", "acme/web", "acme/worker"],
    added: { name: "billing", topics: ["scan"] },
    removed: "acme/worker",
    outOfBand: "acme/docs",
    bulkRemoved: ["acme/api", "acme/web"],
  },
  {
    id: "semgrep-glsm",
    platform: "semgrep",
    scm: "gitlab-self-managed",
    token: "glpat-CANARYe2eMatrixSemgrepGl01",
    scopes: ["api"],
    repositories: [
      { name: "backend/api" },
      { name: "backend/core/worker" },
      { name: "frontend/web" },
      { name: "docs" },
      { name: "tools/cli" },
    ],
    include: ["acme/backend/**", "acme/frontend/*"],
    initial: ["acme/backend/api", "acme/backend/core/worker", "acme/frontend/web"],
    added: { name: "backend/core/billing" },
    removed: "acme/backend/core/worker",
    outOfBand: "acme/docs",
    bulkRemoved: ["acme/backend/api", "acme/frontend/web"],
  },
  {
    id: "snyk-glsm",
    platform: "snyk",
    scm: "gitlab-self-managed",
    token: "glpat-CANARYe2eMatrixSnykGl0001",
    scopes: ["api"],
    repositories: [
      { name: "backend/api" },
      { name: "backend/core/worker" },
      { name: "frontend/web" },
      { name: "docs" },
      { name: "tools/cli" },
    ],
    include: ["acme/backend/**", "acme/frontend/*"],
    initial: ["acme/backend/api", "acme/backend/core/worker", "acme/frontend/web"],
    added: { name: "backend/core/billing" },
    removed: "acme/backend/core/worker",
    outOfBand: "acme/docs",
    bulkRemoved: ["acme/backend/api", "acme/frontend/web"],
  },
];

interface Settings {
  exclude: string[];
  maxDeletions: number;
  allowDeletions: number | undefined;
  deleteFindings: boolean | undefined;
}

interface Scenario {
  combo: Combination;
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** The program's inputs: steps change them between operations. */
  settings: Settings;
}

/** The desired repositories now: the initial ones and `extra`, less those excluded. */
function desiredNow({ combo, settings }: Scenario, extra: string[] = []): string[] {
  return sorted([...combo.initial, ...extra].filter((n) => !settings.exclude.includes(n)));
}

async function setUp(defer: Defer, combo: Combination): Promise<Scenario> {
  const world = await startWorld({
    scm: combo.scm,
    platform: combo.platform,
    organization: "acme",
    repositories: combo.repositories,
    tokens: [{ value: combo.token, scopes: combo.scopes }],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const settings: Settings = {
    exclude: [],
    maxDeletions: 10,
    allowDeletions: undefined,
    deleteFindings: undefined,
  };
  const semgrep = combo.platform === "semgrep";
  // The project name is in the captured fixtures' URNs: ri-<combination id>.
  const stack = await E2EStack.create({
    name: `ri-${combo.id}`,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("platform", {
        platform: combo.platform,
        platformOrg: semgrep ? SEMGREP_DEPLOYMENT.slug : SNYK_ORG,
        scm: combo.scm,
        baseUrl: world.baseUrl!,
        token: combo.token,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const repos = new RepositoryImport("scanned", {
        connection,
        selector: {
          include: combo.include,
          exclude: settings.exclude,
          ...(combo.topics ? { topics: combo.topics } : {}),
        },
        mode: "authoritative",
        maxDeletions: settings.maxDeletions,
        ...(settings.allowDeletions !== undefined ? { allowDeletions: settings.allowDeletions } : {}),
        ...(settings.deleteFindings !== undefined ? { deleteFindings: settings.deleteFindings } : {}),
      });
      return {
        resolved: repos.resolvedRepositories.apply((m) => Object.keys(m)),
        imported: repos.imported,
        importedCount: repos.importedCount,
      };
    },
  });
  defer(() => stack.dispose());
  return { combo, world, stack, view: new PlatformView(world), transcript: new Transcript(), settings };
}

function stepsFor(combo: Combination): Step<Scenario>[] {
  const semgrep = combo.platform === "semgrep";
  const added = `acme/${combo.added.name}`;
  return [
    {
      name: "preview resolves the selector (subgroups included) and writes nothing",
      run: async ({ world, stack, view, transcript }) => {
        const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
        transcript.add(result);
        const text = result.stdout + result.stderr;
        assert.match(text, /resolved 3 repositories in acme/);
        for (const name of combo.initial) assert.match(result.stdout, new RegExp(`${name}\\s*: "selector"`));
        assert.equal(scmWrites + platformWrites, 0);
        assert.deepEqual(view.scanned(), []);
      },
    },
    {
      name: "up imports exactly the selected repositories",
      run: async ({ stack, view, transcript }) => {
        const up = transcript.add(await stack.up());
        assert.deepEqual(up.outputs.resolved, combo.initial);
        assert.equal(up.outputs.importedCount, 3);
        assert.deepEqual(Object.keys(up.outputs.imported as object), combo.initial);
        assert.deepEqual(view.scanned(), combo.initial);
        assert.match(up.stdout + up.stderr, /RepositoryImport scanned\b.*imported 3\/3/);
        if (semgrep) {
          // The sync makes a project of every repository in the namespace; only the desired ones are scanned.
          assert.ok(view.projects().includes(combo.outOfBand));
          assert.deepEqual(view.deleted(), []);
        }
      },
    },
    {
      name: "a second preview changes nothing and writes nothing",
      run: async ({ world, stack, transcript }) => {
        const { result, scmWrites, platformWrites } = await countWrites(world, () =>
          stack.preview({ expectNoChanges: true }),
        );
        transcript.add(result);
        assert.equal(scmWrites, 0);
        assert.equal(platformWrites, 0);
        assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
        if (combo.scm === "github-enterprise") {
          // The ETags the last command kept answer the whole listing with 304s.
          const listing = githubListingStatuses(world.scm);
          assert.ok(listing.length > 0, "the selector was resolved from a listing");
          assert.deepEqual(
            listing.filter((status) => status !== 304),
            [],
          );
        }
      },
    },
    {
      name: "a new repository matching the selector is exactly one diff line (fixture), then imported",
      run: async (s) => {
        const { world, stack, view, transcript } = s;
        world.addRepository(combo.added);
        const preview = transcript.add(await stack.preview());
        assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
        assert.match(preview.stdout + preview.stderr, /\+1 −0 since the last run/);
        assertMatchesFixture(`repository-import-${combo.id}-added.txt`, preview.stdout, { baseUrl: world.baseUrl! });
        assert.equal(preview.stdout.split("\n").filter((l) => /: "selector"/.test(l)).length, 1);
        const up = transcript.add(await stack.up());
        assert.deepEqual(up.outputs.resolved, desiredNow(s, [added]));
        assert.deepEqual(view.scanned(), desiredNow(s, [added]));
      },
    },
    {
      name: "excluding a repository removes it (Semgrep: scans stopped, project and findings kept)",
      run: async (s) => {
        const { world, stack, view, transcript, settings } = s;
        settings.exclude = [combo.removed];
        const up = transcript.add(await stack.up());
        assert.deepEqual(up.outputs.resolved, desiredNow(s, [added]));
        assert.deepEqual(view.scanned(), desiredNow(s, [added]));
        if (semgrep) {
          assert.ok(view.projects().includes(combo.removed), "without deleteFindings the project stays");
          assert.deepEqual(view.deleted(), []);
        }
        // Stopped scans are not planned as removals again.
        const { result, platformWrites } = await countWrites(world, () => stack.preview({ expectNoChanges: true }));
        transcript.add(result);
        assert.equal(platformWrites, 0);
      },
    },
    {
      name: "refresh reports an import made out of band; the next up removes it",
      run: async (s) => {
        const { stack, view, transcript } = s;
        view.importOutOfBand(combo.outOfBand);
        const refresh = transcript.add(await stack.refresh());
        assert.match(
          refresh.stdout + refresh.stderr,
          new RegExp(`imports not desired were added out of band: ${combo.outOfBand}`),
        );
        const preview = transcript.add(await stack.preview());
        assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
        transcript.add(await stack.up());
        assert.deepEqual(view.scanned(), desiredNow(s, [added]));
        if (semgrep) assert.deepEqual(view.deleted(), []);
      },
    },
    {
      name: "a plan over maxDeletions is refused with the provider's message; with the override (and deleteFindings) it runs",
      run: async ({ stack, view, transcript, settings }) => {
        settings.maxDeletions = 1;
        settings.exclude = [combo.removed, ...combo.bulkRemoved];
        const before = view.scanned();
        const message = await expectFailure(() => stack.preview());
        transcript.addText(message);
        // The refusal exactly as the provider words it (plan/reconcile.ts refusalFor), numbers and names included.
        const [first, second] = sorted(combo.bulkRemoved);
        assert.ok(
          message.includes(
            `RepositoryImport: maxDeletions: the plan would delete 2 imports (${first}, ${second}), ` +
              "more than maxDeletions (1) allows; nothing is deleted. " +
              "Fix: if these deletions are intended, set allowDeletions to 2 (or maxDeletions to at least 2) " +
              "and apply again; otherwise add the repositories back to repositories / selector, " +
              'or use mode "additive" to delete only what this resource imported',
          ),
          `the preview did not fail with the maxDeletions refusal: ${message}`,
        );
        assert.deepEqual(view.scanned(), before);
        settings.allowDeletions = 2;
        if (semgrep) settings.deleteFindings = true;
        transcript.add(await stack.up());
        assert.deepEqual(view.scanned(), [added]);
        if (semgrep) {
          // deleteFindings: the removed projects are deleted; the one removed earlier only had its scans stopped.
          assert.deepEqual(view.deleted(), sorted(combo.bulkRemoved));
          assert.ok(view.projects().includes(combo.removed));
        }
      },
    },
    {
      name: "destroy removes what the resource imported, and no token leaked",
      run: async ({ world, stack, view, transcript }) => {
        transcript.add(await stack.destroy());
        assert.deepEqual(view.scanned(), []);
        if (semgrep) assert.deepEqual(view.deleted(), sorted([...combo.bulkRemoved, added]));
        transcript.assertNoCanary(stack, [combo.token, world.platformToken]);
      },
    },
  ];
}

for (const combo of COMBINATIONS) {
  test(
    `${combo.id}: RepositoryImport on a self-hosted SCM from preview to destroy`,
    () => runScenario((defer) => setUp(defer, combo), stepsFor(combo)),
    E2E_CASE_TIMEOUT_MS,
  );
}
