// A crash mid-apply: the engine (the pulumi CLI and the dynamic-provider process under it) is killed
// with SIGKILL while RepositoryImport is importing 500 repositories into Snyk. What a user then does:
// release the stack lock the dead run left (`pulumi cancel`), clear the pending create it recorded
// (`pulumi refresh --clear-pending-creates`: the create never returned, so no id exists to import),
// and run `up` again. That `up` must converge with no repository imported twice — one import job
// and one target per repository at the emulator — and the preview after it must show no changes.
// One case, in steps.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import {
  killPulumiWhen,
  PlatformView,
  runScenario,
  Transcript,
  untilQuiet,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eRepositoryImportCrash00001";
const COUNT = 500;
/** Kill once this many import jobs were started: well inside the apply, well before its end. */
const KILL_AFTER = 120;

const names = Array.from({ length: COUNT }, (_, i) => `acme/repo-${String(i).padStart(3, "0")}`);

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** What the crashed run left at the emulator: import jobs and targets per repository. */
  afterCrash?: { jobs: Map<string, number>; targets: Map<string, number> };
}

/** A line for the test's output: what the crash left and what recovery did. */
function note(text: string): void {
  process.stderr.write(`[repository-import-crash] ${text}\n`);
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: names.map((n) => ({ name: n.slice("acme/".length) })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const view = new PlatformView(world);
  // Real import jobs take time and finish whether or not anyone polls them; so do these, 20 s after
  // they start: longer than the crash and the recovery commands take, so the next up meets the crashed
  // run's jobs still running and must resume them from its journal, not submit them again (issue 19).
  view.snyk.jobDurations = { fixedMs: 20_000 };
  // Room for two full runs inside one rate window: this test is about the crash, not the limits.
  view.snyk.rateLimits = { v1: { limit: 100_000, windowMs: 60_000 }, rest: { limit: 100_000, windowMs: 60_000 } };
  // Slow enough that the kill lands mid-apply.
  world.platform.settings.latencyMs = 15;
  const stack = await E2EStack.create({
    name: "ri-crash",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("snyk", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: TOKEN,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      // A create killed before it returned leaves nothing in the state, so the next up meets the crashed
      // run's imports as imports it did not make: taking them over is opted into.
      const repos = new RepositoryImport("bulk", {
        connection,
        selector: { include: ["acme/*"] },
        concurrency: 8,
        adoptExisting: true,
      });
      return { importedCount: repos.importedCount };
    },
  });
  defer(() => stack.dispose());
  return { world, stack, view, transcript: new Transcript() };
}

const steps: Step<Scenario>[] = [
  {
    name: `up is killed (SIGKILL to the CLI and its plugins) once ${KILL_AFTER} import jobs started; none was started twice`,
    run: async (s) => {
      const { stack, view, transcript } = s;
      const crash = killPulumiWhen(() => view.snyk.jobs.size >= KILL_AFTER);
      let crashed = false;
      try {
        await stack.up();
      } catch (e) {
        crashed = true;
        transcript.addText(String((e as Error).message));
      } finally {
        crash.stop();
      }
      const killed = crash.killed();
      assert.ok(crashed && killed.length > 0, "the up finished before the engine could be killed");
      // Let requests still in flight from the killed run land, then look at the damage.
      await untilQuiet(s.world.platform);
      const afterCrash = { jobs: view.importJobs(), targets: view.targetsPerRepository() };
      s.afterCrash = afterCrash;
      assert.ok(
        afterCrash.jobs.size >= KILL_AFTER && afterCrash.jobs.size < COUNT,
        `killed mid-apply: ${afterCrash.jobs.size} of ${COUNT} started`,
      );
      for (const [name, n] of afterCrash.jobs) assert.equal(n, 1, `${name} was imported ${n} times before the crash`);
      note(
        `killed ${killed.length} processes after ${afterCrash.jobs.size} of ${COUNT} import jobs started (${afterCrash.targets.size} targets)`,
      );
    },
  },
  {
    name: "the dead run left a pending create of the RepositoryImport (its id never came back)",
    run: ({ stack }) => {
      const pending = stack.pendingOperations();
      assert.ok(
        pending.some((op) => op.type === "creating" && op.resource.type.endsWith(":RepositoryImport")),
        `pending operations: ${JSON.stringify(pending.map((p) => [p.type, p.resource.type]))}`,
      );
    },
  },
  {
    name: "as a user: cancel releases the lock, refresh --clear-pending-creates clears the pending create",
    run: async ({ stack, transcript }) => {
      try {
        await stack.stack.cancel();
        note("pulumi cancel released the killed run");
      } catch (e) {
        // No lock (or nothing to cancel): nothing to release.
        transcript.addText(String((e as Error).message));
        note(
          `pulumi cancel: ${String((e as Error).message)
            .split("\n")
            .filter((l) => /error/i.test(l))
            .join(" ")
            .slice(0, 300)}`,
        );
      }
      const refresh = await stack.stack.refresh({ clearPendingCreates: true, color: "never" });
      transcript.addText(refresh.stdout + refresh.stderr);
      assert.deepEqual(stack.pendingOperations(), []);
      assert.equal(
        stack.stateResources().some((r) => r.type.endsWith(":RepositoryImport")),
        false,
      );
    },
  },
  {
    name: "the next up converges, resuming the crashed run's running jobs and adopting the finished ones",
    run: async ({ stack, transcript, afterCrash }) => {
      const up = transcript.add(await stack.up());
      assert.equal(up.outputs.importedCount, COUNT);
      // The imports the crashed run made are read back, not made again: jobs still running are resumed
      // from the journal, and any that ended in between are adopted (their targets exist).
      const text = up.stdout + up.stderr;
      const adopted = Number(/adopt (\d+) already on the platform/.exec(text)?.[1] ?? 0);
      const resumed = Number(/(\d+) import jobs resumed from an earlier run/.exec(text)?.[1] ?? 0);
      assert.ok(
        resumed > 0,
        "no import job was resumed from the journal (none still running, or the journal not used)",
      );
      // Resumed also counts a submission recorded but cut off before Snyk got it (then made once, later).
      assert.ok(adopted + resumed >= afterCrash!.jobs.size, `${adopted} adopted + ${resumed} resumed`);
    },
  },
  {
    name: "at the emulator every repository is there exactly once, imported by exactly one job",
    run: ({ view }) => {
      const end = { jobs: view.importJobs(), targets: view.targetsPerRepository() };
      assert.deepEqual([...end.targets.keys()].sort(), names);
      const twice = [...end.targets].filter(([, n]) => n !== 1).map(([name]) => name);
      assert.deepEqual(twice, [], "repositories with more than one target");
      const reimported = [...end.jobs].filter(([, n]) => n !== 1).map(([name]) => name);
      assert.deepEqual(reimported, [], "repositories whose import was POSTed more than once");
      assert.equal(end.jobs.size, COUNT);
    },
  },
  {
    name: "the state matches the emulator, the preview after it shows no changes, and no token leaked",
    run: async ({ world, stack, view, transcript }) => {
      const imported = stack.stateOutputs("RepositoryImport")?.imported as Record<string, string>;
      assert.deepEqual(Object.keys(imported).sort(), names);
      for (const t of view.snyk.targets.values()) assert.equal(imported[t.displayName], t.id);
      transcript.add(await stack.preview({ expectNoChanges: true }));
      transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
    },
  },
];

test(
  "the engine killed mid-apply of 500 imports; the next up converges without importing anything twice",
  () => runScenario(setUp, steps),
  E2E_CASE_TIMEOUT_MS,
);
