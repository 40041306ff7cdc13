// Faults during apply, through the real Pulumi CLI: 5xx bursts on import requests, 429s with
// Retry-After, import jobs that fail, a platform listing that keeps failing, and (Semgrep) Managed
// Scans switches answered with 5xx. Each time the resource either converges or fails loudly naming
// the repositories not done; the state's `imported` always matches the emulator's targets / scanned
// projects; and the next `up` converges without importing anything twice.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SemgrepState } from "../emulators/semgrep/state";
import type { SnykState } from "../emulators/snyk/state";
import { E2EStack } from "../support/harness";
import { expectFailure, Transcript } from "../support/lifecycle";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World, type WorldScm } from "../support/world";

interface Harness {
  world: World;
  stack: E2EStack;
  transcript: Transcript;
}

async function setUp(platform: "snyk" | "semgrep", scm: WorldScm, token: string, repos: string[]): Promise<Harness> {
  const world = await startWorld({
    scm,
    platform,
    organization: "acme",
    repositories: repos.map((name) => ({ name })),
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
  const stack = await E2EStack.create({
    name: `ri-faults-${platform}`,
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
      });
      return { importedCount: repositories.importedCount };
    },
  });
  return { world, stack, transcript: new Transcript() };
}

/** The RepositoryImport's `imported` output as the engine recorded it (repository → platform id). */
function stateImported(stack: E2EStack): Record<string, string> | undefined {
  const resource = stack.stateResources().find((r) => r.type.endsWith(":RepositoryImport"));
  return resource?.outputs?.imported as Record<string, string> | undefined;
}

describe("faults during apply", { concurrency: true }, () => {
  describe("Snyk × GitHub", { concurrency: 1 }, () => {
    const TOKEN = "ghp_CANARYe2eRepositoryImportFaults0001";
    const repos = Array.from({ length: 10 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    let h: Harness;
    let snyk: SnykState;

    /** Emulator truth: target name → id, after the jobs due have finished. */
    function targets(): Record<string, string> {
      snyk.settleJobs();
      return Object.fromEntries([...snyk.targets.values()].map((t) => [t.displayName, t.id]).sort());
    }

    /** Import jobs per repository that did not fail (a failed job is retried; anything else must not be). */
    function jobsPerRepository(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const job of snyk.jobs.values()) {
        if (job.result?.status === "failed") continue;
        out[job.repo.fullName] = (out[job.repo.fullName] ?? 0) + 1;
      }
      return out;
    }

    function assertStateMatchesEmulator(): void {
      assert.deepEqual(stateImported(h.stack) ?? {}, targets(), "the state's imported map differs from Snyk's targets");
    }

    function assertEachImportedOnce(): void {
      const twice = Object.entries(jobsPerRepository()).filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], "repositories whose import was started more than once");
    }

    before(async () => {
      h = await setUp("snyk", "github", TOKEN, repos);
      snyk = (h.world.platform as unknown as { snyk: SnykState }).snyk;
    });

    after(async () => {
      await h?.stack.dispose();
      await h?.world.stop();
    });

    test("5xx on import requests and 429s on job polls: fails naming the repositories not done; state matches; next up converges", async () => {
      const importPost = { method: "POST", pathRegex: "/integrations/[^/]+/import$" };
      h.world.platform.addFault({ kind: "status", status: 503, match: importPost, skip: 2, count: 3 });
      h.world.platform.addFault({
        kind: "status",
        status: 429,
        headers: { "retry-after": "1" },
        match: { method: "GET", pathRegex: "/import/[^/]+$" },
        count: 4,
      });
      const message = await expectFailure(() => h.stack.up());
      h.transcript.addText(message);
      const done = targets();
      const notDone = repos.map((r) => `acme/${r}`).filter((n) => !(n in done));
      assert.equal(notDone.length, 3, `targets: ${Object.keys(done).join(", ")}`);
      assert.match(message, /3 of 10 repositories were not done/);
      for (const name of notDone) assert.ok(message.includes(name), `the failure does not name ${name}: ${message}`);
      // The 429s were waited out, not reported.
      assert.doesNotMatch(message, /rate limited/);
      assertStateMatchesEmulator();

      h.world.platform.clearFaults();
      h.transcript.add(await h.stack.up());
      assert.deepEqual(
        Object.keys(targets()),
        repos.map((r) => `acme/${r}`),
      );
      assertStateMatchesEmulator();
      assertEachImportedOnce();
    });

    test("a failed import job fails the up naming it; fixed, the next up imports it", async () => {
      h.world.addRepository({ name: "r10" });
      const repo = snyk.repositories.find((r) => r.fullName === "acme/r10")!;
      repo.failJob = true;
      const message = await expectFailure(() => h.stack.up());
      h.transcript.addText(message);
      assert.match(message, /1 of 1 repositories were not done: acme\/r10 \(Snyk import job \S+ failed/);
      assert.equal("acme/r10" in targets(), false);
      assertStateMatchesEmulator();

      repo.failJob = false;
      h.transcript.add(await h.stack.up());
      assert.ok("acme/r10" in targets());
      assertStateMatchesEmulator();
    });

    test("a target listing that keeps failing changes nothing and says so; the next up converges", async () => {
      h.world.addRepository({ name: "r11" });
      const jobsBefore = snyk.jobs.size;
      // The diff's listing goes through; the apply's own listing (retried, then given up) does not.
      h.world.platform.addFault({
        kind: "status",
        status: 502,
        match: { method: "GET", pathRegex: "/orgs/[^/]+/targets$" },
        skip: 1,
        count: 1000,
      });
      const message = await expectFailure(() => h.stack.up());
      h.transcript.addText(message);
      assert.match(message, /refused listing the targets of org \S+ with HTTP 502/);
      assert.equal(snyk.jobs.size, jobsBefore, "an import was started without knowing what exists");
      h.world.platform.clearFaults();
      assertStateMatchesEmulator();

      h.transcript.add(await h.stack.up());
      assert.ok("acme/r11" in targets());
      assertStateMatchesEmulator();
      assertEachImportedOnce();
      h.transcript.add(await h.stack.preview({ expectNoChanges: true }));
      h.transcript.assertNoCanary(h.stack, [TOKEN, h.world.platformToken]);
    });
  });

  describe("Semgrep × GitHub Enterprise", { concurrency: 1 }, () => {
    const TOKEN = "ghp_CANARYe2eRepositoryImportFaults0002";
    const repos = Array.from({ length: 8 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    let h: Harness;
    let semgrep: SemgrepState;

    /** Emulator truth: scanned project name → id. */
    function scanned(): Record<string, string> {
      return Object.fromEntries(
        semgrep
          .sortedProjects()
          .filter((p) => p.managedScan && (p.managedScan.diff || p.managedScan.full))
          .map((p) => [p.name, String(p.id)])
          .sort(),
      );
    }

    before(async () => {
      h = await setUp("semgrep", "github-enterprise", TOKEN, repos);
      semgrep = (h.world.platform as unknown as { semgrep: SemgrepState }).semgrep;
    });

    after(async () => {
      await h?.stack.dispose();
      await h?.world.stop();
    });

    test("5xx on Managed Scans switches and 429s on reads: fails naming the projects not done; state matches; next up converges", async () => {
      // One project's switch keeps failing (beyond the retries); a short burst hits the others and is retried.
      h.world.platform.addFault({
        kind: "status",
        status: 500,
        match: { method: "PATCH", pathRegex: "acme(%2F|/)s03/managed-scan$" },
        count: 1000,
      });
      h.world.platform.addFault({
        kind: "status",
        status: 503,
        match: { method: "PATCH", pathRegex: "/managed-scan$" },
        skip: 1,
        count: 3,
      });
      h.world.platform.addFault({
        kind: "status",
        status: 429,
        headers: { "retry-after": "1" },
        match: { method: "GET", pathPrefix: "/api/v1/deployments" },
        count: 3,
      });
      const message = await expectFailure(() => h.stack.up());
      h.transcript.addText(message);
      const done = scanned();
      const notDone = repos.map((r) => `acme/${r}`).filter((n) => !(n in done));
      assert.deepEqual(notDone, ["acme/s03"], `scanned: ${Object.keys(done).join(", ")}`);
      assert.match(
        message,
        /1 of 8 repositories were not done: acme\/s03 \(project acme\/s03 exists but Managed Scans could not be turned on/,
      );
      for (const name of notDone) assert.ok(message.includes(name), `the failure does not name ${name}: ${message}`);
      assert.deepEqual(stateImported(h.stack) ?? {}, done);

      h.world.platform.clearFaults();
      h.transcript.add(await h.stack.up());
      assert.deepEqual(
        Object.keys(scanned()),
        repos.map((r) => `acme/${r}`),
      );
      assert.deepEqual(stateImported(h.stack), scanned());
      h.transcript.add(await h.stack.preview({ expectNoChanges: true }));
      h.transcript.assertNoCanary(h.stack, [TOKEN, h.world.platformToken]);
    });
  });
});
