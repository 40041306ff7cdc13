// A crash mid-apply: the engine (the pulumi CLI and the dynamic-provider process under it) is killed
// with SIGKILL while RepositoryImport is importing 500 repositories into Snyk. What a user then does:
// release the stack lock the dead run left (`pulumi cancel`), clear the pending create it recorded
// (`pulumi refresh --clear-pending-creates`: the create never returned, so no id exists to import),
// and run `up` again. That `up` must converge with no repository imported twice — one import job
// and one target per repository at the emulator — and the preview after it must show no changes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SnykState } from "../emulators/snyk/state";
import { E2EStack } from "../support/harness";
import { Transcript } from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eRepositoryImportCrash00001";
const COUNT = 500;
/** Kill once this many import jobs were started: well inside the apply, well before its end. */
const KILL_AFTER = 120;

let world: World;
let stack: E2EStack;
let snyk: SnykState;
const transcript = new Transcript();
const names = Array.from({ length: COUNT }, (_, i) => `acme/repo-${String(i).padStart(3, "0")}`);

/** Import jobs started per repository (one POST each), and targets per repository. */
function perRepository(): { jobs: Map<string, number>; targets: Map<string, number> } {
  snyk.settleJobs();
  const jobs = new Map<string, number>();
  for (const job of snyk.jobs.values()) jobs.set(job.repo.fullName, (jobs.get(job.repo.fullName) ?? 0) + 1);
  const targets = new Map<string, number>();
  for (const t of snyk.targets.values()) targets.set(t.displayName, (targets.get(t.displayName) ?? 0) + 1);
  return { jobs, targets };
}

/** Pids of every process below `root` (the CLI this test started through the Automation API, and its plugins). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(path.join("/proc", entry, "stat"), "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

function pendingOperations(): { type: string; resource: { type: string } }[] {
  const file = path.join(stack.backendDir, ".pulumi", "stacks", stack.projectName, "e2e.json");
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as {
    checkpoint: { latest?: { pending_operations?: { type: string; resource: { type: string } }[] } };
  };
  return state.checkpoint.latest?.pending_operations ?? [];
}

before(async () => {
  world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: names.map((n) => ({ name: n.slice("acme/".length) })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 1,
  });
  snyk = (world.platform as unknown as { snyk: SnykState }).snyk;
  // Real import jobs finish whether or not anyone polls them; so do these, shortly after they start.
  snyk.completeAfterMs = 200;
  // Room for two full runs inside one rate window: this test is about the crash, not the limits.
  snyk.rateLimits = { v1: { limit: 100_000, windowMs: 60_000 }, rest: { limit: 100_000, windowMs: 60_000 } };
  // Slow enough that the kill lands mid-apply.
  world.platform.settings.latencyMs = 15;
  stack = await E2EStack.create({
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
      const repos = new RepositoryImport("bulk", { connection, selector: { include: ["acme/*"] }, concurrency: 8 });
      return { importedCount: repos.importedCount };
    },
  });
});

after(async () => {
  await stack?.dispose();
  await world?.stop();
});

test("the engine killed mid-apply of 500 imports; the next up converges without importing anything twice", async (t) => {
  // 1. up, and SIGKILL the CLI and its plugins once the Snyk emulator has started KILL_AFTER import jobs.
  let killed: number[] = [];
  const watcher = setInterval(() => {
    if (killed.length > 0 || snyk.jobs.size < KILL_AFTER) return;
    killed = descendants(process.pid).filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return cmd.includes("pulumi");
      } catch {
        return false;
      }
    });
    for (const pid of killed) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, 10);
  let crashed = false;
  try {
    await stack.up();
  } catch (e) {
    crashed = true;
    transcript.addText(String((e as Error).message));
  } finally {
    clearInterval(watcher);
  }
  assert.ok(crashed && killed.length > 0, "the up finished before the engine could be killed");
  // Let in-flight jobs settle the way Snyk's would, then look at the damage.
  await new Promise((r) => setTimeout(r, 400));
  const afterCrash = perRepository();
  assert.ok(
    afterCrash.jobs.size >= KILL_AFTER && afterCrash.jobs.size < COUNT,
    `killed mid-apply: ${afterCrash.jobs.size} of ${COUNT} started`,
  );
  for (const [name, n] of afterCrash.jobs) assert.equal(n, 1, `${name} was imported ${n} times before the crash`);
  t.diagnostic(
    `killed ${killed.length} processes after ${afterCrash.jobs.size} of ${COUNT} import jobs started (${afterCrash.targets.size} targets)`,
  );

  // 2. What the dead run left: a pending create of the RepositoryImport (its id never came back).
  const pending = pendingOperations();
  assert.ok(
    pending.some((op) => op.type === "creating" && op.resource.type.endsWith(":RepositoryImport")),
    `pending operations: ${JSON.stringify(pending.map((p) => [p.type, p.resource.type]))}`,
  );

  // 3. As a user: release the lock of the killed run, clear the pending create, apply again.
  try {
    await stack.stack.cancel();
    t.diagnostic("pulumi cancel released the killed run");
  } catch (e) {
    // No lock (or nothing to cancel): nothing to release.
    transcript.addText(String((e as Error).message));
    t.diagnostic(
      `pulumi cancel: ${String((e as Error).message)
        .split("\n")
        .filter((l) => /error/i.test(l))
        .join(" ")
        .slice(0, 300)}`,
    );
  }
  const refresh = await stack.stack.refresh({ clearPendingCreates: true, color: "never" });
  transcript.addText(refresh.stdout + refresh.stderr);
  assert.deepEqual(pendingOperations(), []);
  assert.equal(
    stack.stateResources().some((r) => r.type.endsWith(":RepositoryImport")),
    false,
  );

  const up = transcript.add(await stack.up());
  assert.equal(up.outputs.importedCount, COUNT);
  // The imports the crashed run made are adopted, not made again.
  assert.match(up.stdout + up.stderr, new RegExp(`adopt ${afterCrash.targets.size} already on the platform`));

  // 4. The emulator's end state: every repository exactly once, imported by exactly one job.
  const end = perRepository();
  assert.deepEqual([...end.targets.keys()].sort(), names);
  const twice = [...end.targets].filter(([, n]) => n !== 1).map(([name]) => name);
  assert.deepEqual(twice, [], "repositories with more than one target");
  const reimported = [...end.jobs].filter(([, n]) => n !== 1).map(([name]) => name);
  assert.deepEqual(reimported, [], "repositories whose import was POSTed more than once");
  assert.equal(end.jobs.size, COUNT);

  // 5. State matches the emulator, and the preview after it shows no changes.
  const state = stack.stateResources().find((r) => r.type.endsWith(":RepositoryImport"));
  const imported = state?.outputs?.imported as Record<string, string>;
  assert.deepEqual(Object.keys(imported).sort(), names);
  for (const t of snyk.targets.values()) assert.equal(imported[t.displayName], t.id);
  transcript.add(await stack.preview({ expectNoChanges: true }));
  transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
});
