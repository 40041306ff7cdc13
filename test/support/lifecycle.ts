// Shared parts of the e2e lifecycle tests. A scenario is one test case: it sets up its own world and
// stack, runs ordered, named steps against them, and tears everything down whatever happened (as
// Terraform's acceptance tests run the steps of one case). Also here: keeping everything an operation
// printed for the canary check, and reading what the emulators saw.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SemgrepState } from "../emulators/semgrep/state";
import type { IntegrationRecord, SnykState } from "../emulators/snyk/state";
import { findCanary } from "./canary";
import type { E2EStack, OperationResult } from "./harness";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, type World } from "./world";

/** One step of a scenario: a name that says what it proves, and what it does to the scenario's state. */
export interface Step<C> {
  name: string;
  run: (ctx: C) => Promise<void> | void;
}

/** Register a clean-up to run when the scenario ends, pass or fail (the last registered runs first; a returned promise is awaited). */
export type Defer = (cleanup: () => unknown) => void;

// Errors may come from the host realm (node:assert is a core module, so under jest its AssertionError
// is not an instance of the test's Error): read them by shape.
function errorField(error: unknown, field: "message" | "stack"): string | undefined {
  const value = typeof error === "object" && error !== null ? (error as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** Frames of an error's stack (what follows its message), so a wrapped error still points at the cause. */
function framesOf(error: unknown): string {
  const stack = errorField(error, "stack") ?? "";
  const at = stack.indexOf("\n    at ");
  return at < 0 ? "" : stack.slice(at);
}

function messageOf(error: unknown): string {
  return errorField(error, "message") ?? String(error);
}

/** A scenario failed in a step (or its set-up or tear-down): the message starts with where. */
export class StepError extends Error {
  constructor(
    /** `step 3/8 "…"`, `set-up` or `tear-down`. */
    readonly where: string,
    cause: unknown,
    /** What did not run because of it, e.g. "steps 4–8". */
    notRun?: string,
  ) {
    const skipped = notRun ? `\n(not run: ${notRun})` : "";
    super(`${where} failed: ${messageOf(cause)}${skipped}`, { cause });
    this.name = "StepError";
    // Not an AssertionError any more (jest would print only its generated diff, not this message);
    // the frames are the cause's, so the report points at the failing line of the step.
    this.stack = `${this.name}: ${this.message}${framesOf(cause)}`;
  }
}

/** "steps 4–8" for the steps from index `from` on, or undefined when none is left. */
function notRun(from: number, count: number): string | undefined {
  if (from >= count) return undefined;
  return from === count - 1 ? `step ${count}` : `steps ${from + 1}–${count}`;
}

/** Run the steps in order; the first that fails stops the rest, and its error names it. */
export async function runSteps<C>(ctx: C, steps: readonly Step<C>[]): Promise<void> {
  const label = (i: number) => `step ${i + 1}/${steps.length} "${steps[i]!.name}"`;
  for (let i = 0; i < steps.length; i++) {
    try {
      await steps[i]!.run(ctx);
    } catch (e) {
      throw new StepError(label(i), e, notRun(i + 1, steps.length));
    }
  }
}

/**
 * One e2e case: `setUp` builds the scenario's state (world, stack, program inputs) and registers its
 * clean-ups with `defer`; the steps run in order on that state; the clean-ups run at the end whether
 * the steps passed or not. A failure in a step wins over one in the tear-down.
 */
export async function runScenario<C>(setUp: (defer: Defer) => Promise<C>, steps: readonly Step<C>[]): Promise<void> {
  const cleanups: (() => unknown)[] = [];
  let failure: { error: unknown } | undefined;
  try {
    let ctx: C;
    try {
      ctx = await setUp((cleanup) => cleanups.push(cleanup));
    } catch (e) {
      throw new StepError("set-up", e, notRun(0, steps.length));
    }
    await runSteps(ctx, steps);
  } catch (e) {
    failure = { error: e };
  }
  const teardown: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (e) {
      teardown.push(e);
    }
  }
  if (failure) throw failure.error;
  if (teardown.length > 0)
    throw new StepError(
      "tear-down",
      teardown.length === 1 ? teardown[0] : new AggregateError(teardown, teardown.map(messageOf).join("; ")),
    );
}

export class Transcript {
  private readonly texts: string[] = [];

  add<T extends OperationResult>(result: T): T {
    this.texts.push(result.stdout, result.stderr);
    for (const e of result.events) {
      // The engine's event stream to the Automation API carries resource inputs with secrets wrapped
      // (not masked): it stays in this process. What a user or log sees is the text and diagnostics.
      // Debug-severity diagnostics are shown only with --debug; the Node SDK's own debug lines print
      // RegisterResource responses, secrets included (upstream behaviour, not ours).
      if (e.diagnosticEvent && (e.diagnosticEvent.severity as string) !== "debug")
        this.texts.push(JSON.stringify(e.diagnosticEvent));
      if (e.resOpFailedEvent) this.texts.push(JSON.stringify(e.resOpFailedEvent));
      if (e.stdoutEvent) this.texts.push(JSON.stringify(e.stdoutEvent));
    }
    return result;
  }

  addText(text: string): void {
    this.texts.push(text);
  }

  /** Assert that no canary (token) appears, in any encoding (support/canary), in anything the CLI printed, the events, or the backend. */
  assertNoCanary(stack: Pick<E2EStack, "backendText">, canaries: string[]): void {
    const sources = [
      ...this.texts.map((t, i) => ({ name: `operation output #${i}`, text: t })),
      { name: "backend state", text: stack.backendText() },
    ];
    for (const source of sources) {
      const leak = findCanary(source.text, canaries);
      assert.ok(
        leak === undefined,
        `a token (${leak?.secret.slice(0, 6)}…) leaked ${leak?.form} into ${source.name}: …${source.text.slice(Math.max(0, (leak?.at ?? 0) - 160), leak?.at)}<canary>`,
      );
    }
  }
}

/** Run `fn` and return how many writes (POST/PUT/PATCH/DELETE) each emulator received meanwhile. */
export async function countWrites<T>(
  world: World,
  fn: () => Promise<T>,
): Promise<{ result: T; scmWrites: number; platformWrites: number }> {
  world.scm.resetRequestStats();
  world.platform.resetRequestStats();
  const result = await fn();
  return { result, scmWrites: world.scm.requestStats().writes, platformWrites: world.platform.requestStats().writes };
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

/**
 * SIGKILLs the Pulumi CLI this process started, and its plugins, as soon as `when()` holds (checked
 * every 10 ms of real time: the engine runs in other processes). A crash test's stand-in for a runner
 * that dies mid-apply.
 */
export function killPulumiWhen(when: () => boolean): { killed(): number[]; stop(): void } {
  let killed: number[] = [];
  const watcher = setInterval(() => {
    if (killed.length > 0 || !when()) return;
    killed = descendants(process.pid).filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("pulumi");
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
  return { killed: () => killed, stop: () => clearInterval(watcher) };
}

/**
 * After the engine was killed, the provider process it started may still have requests in flight:
 * waits (real time: the other process is not on a test clock) until the emulator has seen no new
 * request for `quietMs`, at most `limitMs`, so what the test inspects is what the platform ended with.
 */
export async function untilQuiet(host: World["platform"], quietMs = 200, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  let seen = host.requestStats().total;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = host.requestStats().total;
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    }
  }
}

/** Error text of a failed Automation API operation (the CLI's stderr and stdout are in the message). */
export async function expectFailure(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return String((e as Error).message ?? e);
  }
  assert.fail("the operation succeeded but was expected to fail");
}

/**
 * Statuses of the GitHub repository-listing pages `host` served since its counters were last reset
 * (GitHub.com and GHES's /api/v3 forms). The harness gives each stack its own persistent ETag cache,
 * so a listing the previous command already read is answered 304 here.
 */
export function githubListingStatuses(host: World["scm"]): number[] {
  return host
    .requestStats()
    .recent.filter((r) => r.method === "GET" && /\/(orgs|organizations)\/[^/]+\/repos$/.test(r.route))
    .map((r) => r.status);
}

/** What an operation ended with: its result, or the text of its failure (the CLI's output is in it). */
export type Outcome<T> = { ok: true; result: T; text: string } | { ok: false; text: string };

/** Run an operation that may or may not fail; `text` is what the CLI printed either way. */
export async function settle<T extends OperationResult>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const result = await fn();
    return { ok: true, result, text: `${result.stdout}\n${result.stderr}` };
  } catch (e) {
    return { ok: false, text: messageOf(e) };
  }
}

export const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");
/** The Snyk emulator shows credentials as a 16-hex sha256 prefix, never the token. */
export const emulatorFingerprint = (s: string): string => sha256(s).slice(0, 16);
/** The provider's `tokenFingerprint` output: a 12-hex sha256 prefix. */
export const outputFingerprint = (s: string): string => sha256(s).slice(0, 12);

export interface SnykIntegrationDump {
  id: string;
  type: string;
  hasCredentials: boolean;
  tokenSha256?: string;
  url?: string;
}

export interface SemgrepConfigDump {
  id: string;
  type: string;
  namespace: string;
  baseUrl: string;
  hasAccessToken: boolean;
  status: { ok: boolean; error?: string };
  tokenScopes?: Record<string, boolean>;
}

/** Names in a fixed order, as the tests compare them. */
export const sorted = (names: Iterable<string>): string[] => [...names].sort();

/** What the world's platform emulator holds, in the platform's own terms, and changes made behind the provider's back. */
export class PlatformView {
  constructor(private readonly world: World) {}

  get snyk(): SnykState {
    return (this.world.platform as unknown as { snyk: SnykState }).snyk;
  }

  get semgrep(): SemgrepState {
    return (this.world.platform as unknown as { semgrep: SemgrepState }).semgrep;
  }

  private get isSemgrep(): boolean {
    return this.world.spec.platform === "semgrep";
  }

  /** Repository → platform id of what the platform scans: Snyk targets (jobs due finished first) / Semgrep projects with Managed Scans on. */
  scannedIds(): Record<string, string> {
    let entries: [string, string][];
    if (this.isSemgrep) {
      entries = this.semgrep
        .sortedProjects()
        .filter((p) => p.managedScan && (p.managedScan.diff || p.managedScan.full))
        .map((p) => [p.name, String(p.id)]);
    } else {
      this.snyk.settleJobs();
      entries = [...this.snyk.targets.values()].map((t) => [t.displayName, t.id]);
    }
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The repositories the platform scans, sorted. */
  scanned(): string[] {
    return sorted(Object.keys(this.scannedIds()));
  }

  /** Snyk: `key:value` tags of each project of the target named `fullName`, one sorted list per project. */
  snykProjectTags(fullName: string): string[][] {
    this.snyk.settleJobs();
    const target = [...this.snyk.targets.values()].find((t) => t.displayName === fullName);
    if (!target) return [];
    return [...this.snyk.projects.values()]
      .filter((p) => p.targetId === target.id)
      .map((p) => sorted((p.tags ?? []).map((t) => `${t.key}:${t.value}`)));
  }

  /** Semgrep: projects that exist, scanned or not. */
  projects(): string[] {
    return sorted(this.semgrep.sortedProjects().map((p) => p.name));
  }

  /** Semgrep: projects deleted (findings erased). */
  deleted(): string[] {
    return sorted(this.semgrep.deletedProjects.map((p) => p.name));
  }

  /** Snyk: the org's integrations, credentials shown as fingerprints. */
  snykIntegrations(): SnykIntegrationDump[] {
    const dump = this.world.platform.dump() as { orgs: { id: string; integrations: SnykIntegrationDump[] }[] };
    return dump.orgs.find((o) => o.id === SNYK_ORG)?.integrations ?? [];
  }

  /** Semgrep: the deployment's SCM configs. */
  semgrepConfigs(): SemgrepConfigDump[] {
    return (this.world.platform.dump() as { configs: SemgrepConfigDump[] }).configs;
  }

  /** Snyk: the org's integration of a type, made by hand (as if someone had set it up in Snyk's UI). */
  snykIntegrationByHand(type: string): IntegrationRecord {
    const org = this.snyk.orgs.get(SNYK_ORG)!;
    const now = new Date().toISOString();
    const record: IntegrationRecord = {
      id: randomUUID(),
      type,
      brokered: false,
      credentials: { token: "set-by-hand" },
      createdAt: now,
      updatedAt: now,
    };
    org.integrations.set(type, record);
    return record;
  }

  /** Semgrep: an SCM config made by hand (as if someone had connected the SCM in Semgrep's settings). */
  semgrepConfigByHand(config: { type: string; namespace: string; baseUrl: string; accessToken: string }): string {
    const made = this.semgrep.addConfig({ ...config, installed: false, autoScan: false } as Parameters<
      SemgrepState["addConfig"]
    >[0]);
    return made.id;
  }

  /** Semgrep: a project onboarded to Managed Scans by hand (its repository is scanned). */
  semgrepProjectByHand(fullName: string): number {
    return this.semgrep.addProject({ name: fullName, managedScan: { diff: true, full: true } }).id;
  }

  /** Start scanning a repository behind the provider's back (Snyk: a target of the org's integration). */
  importOutOfBand(fullName: string): void {
    if (this.isSemgrep) {
      const project = this.semgrep.projectByName(fullName);
      assert.ok(project, `the Semgrep sync made no project for ${fullName}`);
      project.managedScan = { diff: true, full: true };
      return;
    }
    const integration = [...this.snyk.orgs.get(SNYK_ORG)!.integrations.values()][0];
    assert.ok(integration, "no Snyk integration to import through");
    this.snyk.addTarget({
      orgId: SNYK_ORG,
      integrationId: integration.id,
      integrationType: integration.type,
      displayName: fullName,
      url: `${this.world.baseUrl ?? (integration.type.startsWith("gitlab") ? "https://gitlab.com" : "https://github.com")}/${fullName}`,
      isPrivate: true,
    });
  }

  /** Remove the platform's side of the connection out of band: Snyk's integrations, Semgrep's SCM config (through its API). */
  async removeConnectionOutOfBand(): Promise<void> {
    if (!this.isSemgrep) {
      this.snyk.orgs.get(SNYK_ORG)!.integrations.clear();
      return;
    }
    const [config] = this.semgrepConfigs();
    assert.ok(config, "no SCM config to remove");
    const response = await fetch(
      `${this.world.platform.url}/api/scm/deployments/${SEMGREP_DEPLOYMENT.id}/configs/${config.id}`,
      { method: "DELETE", headers: { authorization: `Bearer ${this.world.platformToken}` } },
    );
    assert.equal(response.status, 204);
    assert.deepEqual(this.semgrepConfigs(), []);
  }

  /** Snyk: import jobs started per repository (one POST each); `failed: false` leaves out jobs that failed. */
  importJobs(options: { failed?: boolean } = {}): Map<string, number> {
    this.snyk.settleJobs();
    const jobs = new Map<string, number>();
    for (const job of this.snyk.jobs.values()) {
      if (options.failed === false && job.result?.status === "failed") continue;
      jobs.set(job.repo.fullName, (jobs.get(job.repo.fullName) ?? 0) + 1);
    }
    return jobs;
  }

  /** Snyk: targets per repository name (more than one means a repository was imported twice). */
  targetsPerRepository(): Map<string, number> {
    this.snyk.settleJobs();
    const targets = new Map<string, number>();
    for (const t of this.snyk.targets.values()) targets.set(t.displayName, (targets.get(t.displayName) ?? 0) + 1);
    return targets;
  }
}
