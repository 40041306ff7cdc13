// RepositoryImport through the real Pulumi CLI on the self-hosted SCMs, for both platforms:
// Semgrep × GitHub Enterprise Server, Semgrep × GitLab Self-Managed and Snyk × GitLab Self-Managed
// (GitLab subgroups in the selector). Each combination walks the same lifecycle as the Snyk × GitHub
// file — preview, up, a no-change preview with zero writes, a new repository (preview shows exactly
// that one, checked against a captured fixture), a removal, an out-of-band import then refresh, a
// plan over maxDeletions refused, destroy — with the platform emulator's state asserted after each
// step. Semgrep removals stop scans unless deleteFindings is set, when they delete the project.
// The three combinations run concurrently (each has its own emulators and backend).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SemgrepState } from "../emulators/semgrep/state";
import type { SnykState } from "../emulators/snyk/state";
import { assertMatchesFixture } from "./fixtures/preview-text";
import { E2EStack, stepsByOp } from "../support/harness";
import { countWrites, expectFailure, githubListingStatuses, Transcript } from "../support/lifecycle";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World, type WorldRepository, type WorldScm } from "../support/world";

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

const sorted = (names: Iterable<string>) => [...names].sort();

/** What the platform emulator holds for one combination, in the platform's own terms. */
class PlatformView {
  constructor(
    private readonly world: World,
    private readonly combo: Combination,
  ) {}

  private get semgrep(): SemgrepState {
    return (this.world.platform as unknown as { semgrep: SemgrepState }).semgrep;
  }

  private get snyk(): SnykState {
    return (this.world.platform as unknown as { snyk: SnykState }).snyk;
  }

  /** Repositories the platform scans: Semgrep projects with Managed Scans on / Snyk targets. */
  scanned(): string[] {
    if (this.combo.platform === "semgrep") {
      return sorted(
        this.semgrep
          .sortedProjects()
          .filter((p) => p.managedScan && (p.managedScan.diff || p.managedScan.full))
          .map((p) => p.name),
      );
    }
    this.snyk.settleJobs();
    return sorted([...this.snyk.targets.values()].map((t) => t.displayName));
  }

  /** Semgrep: projects that exist, scanned or not. */
  projects(): string[] {
    return sorted(this.semgrep.sortedProjects().map((p) => p.name));
  }

  /** Semgrep: projects deleted (findings erased). */
  deleted(): string[] {
    return sorted(this.semgrep.deletedProjects.map((p) => p.name));
  }

  /** Start scanning a repository behind the provider's back. */
  importOutOfBand(fullName: string): void {
    if (this.combo.platform === "semgrep") {
      const project = this.semgrep.projectByName(fullName);
      assert.ok(project, `the Semgrep sync made no project for ${fullName}`);
      project.managedScan = { diff: true, full: true };
      return;
    }
    const integration = [...this.snyk.orgs.get(SNYK_ORG)!.integrations.values()][0]!;
    this.snyk.addTarget({
      orgId: SNYK_ORG,
      integrationId: integration.id,
      integrationType: integration.type,
      displayName: fullName,
      url: `${this.world.baseUrl ?? ""}/${fullName}`,
      isPrivate: true,
    });
  }
}

function lifecycle(combo: Combination): void {
  describe(combo.id, { concurrency: 1 }, () => {
    let world: World;
    let stack: E2EStack;
    let view: PlatformView;
    const transcript = new Transcript();
    const settings = {
      exclude: [] as string[],
      maxDeletions: 10,
      allowDeletions: undefined as number | undefined,
      deleteFindings: undefined as boolean | undefined,
    };
    const semgrep = combo.platform === "semgrep";
    const desiredNow = (extra: string[] = []) =>
      sorted([...combo.initial, ...extra].filter((n) => !settings.exclude.includes(n)));

    before(async () => {
      world = await startWorld({
        scm: combo.scm,
        platform: combo.platform,
        organization: "acme",
        repositories: combo.repositories,
        tokens: [{ value: combo.token, scopes: combo.scopes }],
        pendingPolls: 1,
      });
      view = new PlatformView(world, combo);
      stack = await E2EStack.create({
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
    });

    after(async () => {
      await stack?.dispose();
      await world?.stop();
    });

    test("preview resolves the selector (subgroups included) and writes nothing", async () => {
      const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(result);
      const text = result.stdout + result.stderr;
      assert.match(text, /resolved 3 repositories in acme/);
      for (const name of combo.initial) assert.match(result.stdout, new RegExp(`${name}\\s*: "selector"`));
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(view.scanned(), []);
    });

    test("up imports exactly the selected repositories", async () => {
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
    });

    test("a second preview changes nothing and writes nothing", async () => {
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
    });

    test("a new repository matching the selector is exactly one diff line (fixture), then imported", async () => {
      world.addRepository(combo.added);
      const name = `acme/${combo.added.name}`;
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
      assert.match(preview.stdout + preview.stderr, /\+1 −0 since the last run/);
      assertMatchesFixture(`repository-import-${combo.id}-added.txt`, preview.stdout, { baseUrl: world.baseUrl! });
      assert.equal(preview.stdout.split("\n").filter((l) => /: "selector"/.test(l)).length, 1);
      const up = transcript.add(await stack.up());
      assert.deepEqual(up.outputs.resolved, desiredNow([name]));
      assert.deepEqual(view.scanned(), desiredNow([name]));
    });

    test("excluding a repository removes it (Semgrep: scans stopped, project and findings kept)", async () => {
      settings.exclude = [combo.removed];
      const name = `acme/${combo.added.name}`;
      const up = transcript.add(await stack.up());
      assert.deepEqual(up.outputs.resolved, desiredNow([name]));
      assert.deepEqual(view.scanned(), desiredNow([name]));
      if (semgrep) {
        assert.ok(view.projects().includes(combo.removed), "without deleteFindings the project stays");
        assert.deepEqual(view.deleted(), []);
      }
      // Stopped scans are not planned as removals again.
      const { result, platformWrites } = await countWrites(world, () => stack.preview({ expectNoChanges: true }));
      transcript.add(result);
      assert.equal(platformWrites, 0);
    });

    test("refresh reports an import made out of band; the next up removes it", async () => {
      const name = `acme/${combo.added.name}`;
      view.importOutOfBand(combo.outOfBand);
      const refresh = transcript.add(await stack.refresh());
      assert.match(
        refresh.stdout + refresh.stderr,
        new RegExp(`imports not desired were added out of band: ${combo.outOfBand}`),
      );
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), desiredNow([name]));
      if (semgrep) assert.deepEqual(view.deleted(), []);
    });

    test("a plan over maxDeletions is refused; with the override (and deleteFindings) it runs", async () => {
      const name = `acme/${combo.added.name}`;
      settings.maxDeletions = 1;
      settings.exclude = [combo.removed, ...combo.bulkRemoved];
      const before = view.scanned();
      const message = await expectFailure(() => stack.preview());
      transcript.addText(message);
      assert.match(message, /would delete 2 imports/);
      assert.match(message, /allowDeletions/);
      assert.deepEqual(view.scanned(), before);
      settings.allowDeletions = 2;
      if (semgrep) settings.deleteFindings = true;
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), [name]);
      if (semgrep) {
        // deleteFindings: the removed projects are deleted; the one removed earlier only had its scans stopped.
        assert.deepEqual(view.deleted(), sorted(combo.bulkRemoved));
        assert.ok(view.projects().includes(combo.removed));
      }
    });

    test("destroy removes what the resource imported, and no token leaked", async () => {
      transcript.add(await stack.destroy());
      assert.deepEqual(view.scanned(), []);
      if (semgrep) assert.deepEqual(view.deleted(), sorted([...combo.bulkRemoved, `acme/${combo.added.name}`]));
      transcript.assertNoCanary(stack, [combo.token, world.platformToken]);
    });
  });
}

// One combination at a time: inline programs side by side in one process are not reliable (see
// integration-matrix.test.ts).
describe("RepositoryImport on self-hosted SCMs", { concurrency: 1 }, () => {
  for (const combo of COMBINATIONS) lifecycle(combo);
});
