// `make bench`: RepositoryImport plan, apply and no-op at scale, each next to a baseline measured in
// the same run, against in-process emulators with a fixed latency per request and the documented rate
// limits on. Prints one table and writes test/bench/results/<timestamp>.json.
//
// Plan rows: the provider's handlers in a child process (no Pulumi SDK loaded), beside a naive
// sequential client. No-op rows "real CLI": `pulumi preview` through the real CLI, with the wall of the
// command and the peak RSS of the provider process the CLI starts (cli-noop.ts): the dynamic provider
// of the TypeScript SDK, and the native plugin running the same program in YAML.
// Apply rows run in real time (no wait is scaled), with import jobs that take time on the emulator
// (0 s, 5 s, 30 s, a mixed distribution), next to the snyk-api-import-like baseline at its concurrency
// (15), each against its floor (figures.ts jobFloor). `BENCH=full` (make bench BENCH=full) adds the
// long ones: 10,000 imports, the remaining 1,000 rows, a 100,000 no-op preview and a 10,000 apply with
// mixed jobs through the CLI.
//
// Sizes and knobs can be narrowed for a quick look (the defaults are the issue's):
//   BENCH_PLAN_SIZES=1000,10000  BENCH_APPLY_SIZES=none  BENCH_JOBS=0,30,mix (or "100:0,5;1000:30")
//   BENCH_CLI_SIZES=none  BENCH_CLI_APPLY_SIZES=10000  BENCH_BASELINE_APPLY_MAX=0  BENCH_LATENCY_MS=20
//   BENCH_CLI_PROVIDERS=dynamic (or native; both by default: the CLI rows on each provider process)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { durationOf } from "../emulators/snyk/state";
import { cliApply } from "./cli-apply";
import { cliNoopPreview } from "./cli-noop";
import type { CliRequestCounts } from "./cli-stack";
import type { ProviderKind, ProviderProcessFigures } from "./process-watch";
import { jobFloor, planLowerBound, restWritesFloor, type PlanBound, type TargetCheck } from "./figures";
import { describeJobs, drifted, fullName, LIMITS, MIXED_JOBS, type ChildResult, type JobDurations } from "./scenario";
import { runChild } from "./spawn";
import { renderTable, type Row } from "./table";
import { startBenchWorld, type BenchWorld, type WorldCounts } from "./world";

/** A comma-separated list of sizes from the environment; "none" runs no scenario of that kind. */
function sizes(name: string, fallback: number[]): number[] {
  const raw = (process.env[name] ?? "").trim();
  if (raw === "none") return [];
  const parsed = raw
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  return parsed.length > 0 ? parsed : fallback;
}

const FULL = process.env.BENCH === "full";
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const PLAN_SIZES = sizes("BENCH_PLAN_SIZES", [1_000, 10_000, 100_000]);
/** No-op previews through the real Pulumi CLI (memory and wall of the provider process it starts). */
const CLI_SIZES = sizes("BENCH_CLI_SIZES", FULL ? [10_000, 100_000] : [10_000]);
/** Applies through the real Pulumi CLI with mixed job durations (memory of the provider process it starts). */
const CLI_APPLY_SIZES = sizes("BENCH_CLI_APPLY_SIZES", FULL ? [10_000] : []);
/** Which provider process the CLI rows run on: the SDK's dynamic provider, the native plugin, or both. */
const CLI_PROVIDERS: ProviderKind[] = (process.env.BENCH_CLI_PROVIDERS ?? "dynamic,native")
  .split(",")
  .map((p) => p.trim())
  .filter((p): p is ProviderKind => p === "dynamic" || p === "native");
const PROVIDER_PROCESS: Record<ProviderKind, string> = {
  dynamic: "the dynamic-provider process",
  native: "the native plugin's process",
};
const APPLY_SIZES = sizes("BENCH_APPLY_SIZES", FULL ? [100, 1_000, 10_000] : [100, 1_000]);
/** The listing / import concurrency: the resource's default. */
const CONCURRENCY = 8;
const PENDING_POLLS = 2;
/** snyk-api-import's defaults: 15 imports in flight, 20 s between two polls of a pending job. */
const BASELINE_CONCURRENCY = 15;
const BASELINE_POLL_MS = 20_000;
/** The baseline runs where it finishes in minutes: 100 imports (1,000 of 30 s jobs would take ~45 min). */
const BASELINE_APPLY_MAX = Number(process.env.BENCH_BASELINE_APPLY_MAX ?? 100);

const JOB_KINDS: Record<string, JobDurations> = {
  "0": { fixedMs: 0 },
  "5": { fixedMs: 5_000 },
  "30": { fixedMs: 30_000 },
  mix: MIXED_JOBS,
};
/**
 * Which job durations run at each size by default. BENCH_JOBS=0,5,30,mix runs those at every size;
 * BENCH_JOBS="100:0,5,30;1000:30" chooses per size (a size left out runs none).
 */
function jobsAt(n: number): string[] {
  const raw = process.env.BENCH_JOBS?.trim();
  const kinds = (list: string) => list.split(",").filter((k) => k in JOB_KINDS);
  if (raw && raw.includes(":")) {
    const entry = raw.split(";").find((part) => Number(part.split(":")[0]) === n);
    return entry ? kinds(entry.split(":")[1] ?? "") : [];
  }
  if (raw) return kinds(raw);
  if (n <= 100 || FULL) return ["0", "5", "30", "mix"];
  return ["30", "mix"];
}

const rows: Row[] = [];
const targets: TargetCheck[] = [];

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function withWorld<T>(world: BenchWorld, fn: (w: BenchWorld) => Promise<T>): Promise<T> {
  try {
    return await fn(world);
  } finally {
    await world.stop();
  }
}

/** The request columns of a row, from what the emulators counted. */
function countColumns(
  c: WorldCounts,
): Pick<Row, "github" | "snykV1" | "snykRest" | "writes" | "status429" | "notModified"> {
  return {
    github: c.github.requests,
    snykV1: c.snykV1.requests,
    snykRest: c.snykRest.requests,
    writes: c.github.writes + c.snykV1.writes + c.snykRest.writes,
    status429: c.snykV1.status429 + c.snykRest.status429 + c.github.rateLimited,
    notModified: c.github.notModified,
  };
}

function planRow(
  scenario: string,
  n: number,
  impl: Row["impl"],
  world: BenchWorld,
  result: ChildResult,
  bound: PlanBound,
): Row {
  return {
    scenario,
    size: n,
    impl,
    ...countColumns(world.counts()),
    wallMs: result.wallMs,
    boundMs: bound.boundMs,
    boundNote: `GitHub ${bound.githubMs} ms ∥ Snyk ${bound.snykMs} ms`,
    peakRssBytes: result.peakRssBytes,
    detail: result.detail,
  };
}

async function planScenario(n: number): Promise<void> {
  const bound = planLowerBound(n, n - Math.floor(n / 100), CONCURRENCY, LATENCY_MS);
  const world = await startBenchWorld({
    repositories: n,
    imported: (i) => !drifted(i),
    latencyMs: LATENCY_MS,
    pendingPolls: PENDING_POLLS,
    rateScale: 1,
  });
  // The provider's default keeps ETags between commands in the user's cache directory; here a
  // directory of this run stands for it, empty before the first plan.
  const cacheDir = path.join(resultsDir(), `.etag-cache-${process.pid}-${n}`);
  rmSync(cacheDir, { recursive: true, force: true });
  const plan = (httpCacheDir: string) =>
    runChild({ kind: "plan", endpoints: world.endpoints, repositories: n, concurrency: CONCURRENCY, httpCacheDir });
  const measured = async <T>(fn: () => Promise<T>): Promise<T> => {
    world.resetCounts();
    world.freshRateWindows();
    return fn();
  };
  try {
    await withWorld(world, async () => {
      log(`plan ${n}: provider (first preview: nothing cached)`);
      rows.push(planRow("plan", n, "provider", world, await measured(() => plan(cacheDir)), bound));
      log(`plan ${n}: baseline`);
      const baseline = await measured(() =>
        runChild({ kind: "baseline-plan", endpoints: world.endpoints, repositories: n }),
      );
      rows.push(planRow("plan", n, "baseline", world, baseline, bound));

      // The next `pulumi preview` (a new provider process) after the drift was applied: nothing changed.
      world.importAll();
      const converged = planLowerBound(n, n, CONCURRENCY, LATENCY_MS);
      log(`no-op ${n}: provider (default settings: ETags kept by the previous command)`);
      rows.push(planRow("no-op", n, "provider", world, await measured(() => plan(cacheDir)), converged));
      // For comparison, where it is cheap: the same with the cache turned off (no ETags at all).
      if (n <= 10_000) {
        log(`no-op ${n}: provider with httpCacheDir "off"`);
        rows.push(planRow("no-op, cache off", n, "provider", world, await measured(() => plan("off")), converged));
      }
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function applyScenario(n: number, kind: string): Promise<void> {
  const jobs = JOB_KINDS[kind] as JobDurations;
  const label = `apply, ${describeJobs(jobs)}`;
  const durations = Array.from({ length: n }, (_, i) => durationOf(jobs, fullName(i)) ?? 0);
  const floor = jobFloor(durations, LIMITS.snykV1PerMinute, LATENCY_MS);
  for (const impl of ["provider", "baseline"] as const) {
    if (impl === "baseline" && (n > BASELINE_APPLY_MAX || kind === "mix")) continue;
    const world = await startBenchWorld({
      repositories: n,
      imported: () => false,
      latencyMs: LATENCY_MS,
      pendingPolls: PENDING_POLLS,
      rateScale: 1,
      jobDurations: jobs,
    });
    await withWorld(world, async () => {
      log(`${label} ${n}: ${impl} (real time)`);
      world.resetCounts();
      const result =
        impl === "provider"
          ? await runChild({ kind: "apply", endpoints: world.endpoints, imports: n, concurrency: CONCURRENCY }, () =>
              world.resetCounts(),
            )
          : await runChild({
              kind: "baseline-apply",
              endpoints: world.endpoints,
              imports: n,
              concurrency: BASELINE_CONCURRENCY,
              pollIntervalMs: BASELINE_POLL_MS,
            });
      const c = world.counts();
      rows.push({
        scenario: label,
        size: n,
        impl,
        ...countColumns(c),
        wallMs: result.wallMs,
        boundMs: floor.floorMs,
        boundNote:
          `real time, concurrency ${impl === "provider" ? CONCURRENCY : BASELINE_CONCURRENCY}; floor ${seconds(floor.floorMs)} ` +
          `(last POST the rolling V1 minute allows at ${seconds(floor.writesMs)}, longest job ${seconds(floor.longestJobMs)}); ` +
          `with POSTs paced evenly at 2,000/min instead: ${seconds(floor.evenFloorMs)}`,
        peakRssBytes: result.peakRssBytes,
        perImport: (c.snykV1.requests + c.snykRest.requests + c.github.requests) / n,
        v1PerImport: c.snykV1.requests / n,
        detail: result.detail,
      });
    });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * A row measured on the provider process the real CLI started, without a bound (the apply row sets
 * its floor): the CLI's start-up, the program and the engine's own steps are part of the command's wall.
 */
function cliRow(
  scenario: string,
  n: number,
  provider: ProviderKind,
  figures: ProviderProcessFigures & CliRequestCounts,
  command: { wallMs: number; what: string },
  detail: Record<string, unknown>,
): Row {
  if (figures.processes === 0) throw new Error(`${PROVIDER_PROCESS[provider]} of the CLI was never seen`);
  return {
    scenario: provider === "native" ? `${scenario} (native plugin)` : scenario,
    size: n,
    impl: "provider",
    github: figures.github.requests,
    snykV1: figures.snyk.v1,
    snykRest: figures.snyk.rest,
    writes: figures.github.writes + figures.snyk.writes,
    status429: 0,
    notModified: figures.github.notModified,
    wallMs: command.wallMs,
    boundMs: 0,
    boundNote: `real time; wall = the ${command.what} command; peak RSS = ${PROVIDER_PROCESS[provider]} the CLI started (its lifetime ${(figures.lifetimeMs / 1000).toFixed(1)} s, ${figures.processes} process(es)); emulators without latency`,
    peakRssBytes: figures.peakRssBytes,
    detail,
  };
}

async function cliNoopScenario(n: number, provider: ProviderKind): Promise<void> {
  const figures = await cliNoopPreview(n, log, provider);
  rows.push(
    cliRow(
      "no-op preview, real CLI",
      n,
      provider,
      figures,
      { wallMs: figures.previewMs, what: "pulumi preview" },
      {
        changes: figures.changes,
      },
    ),
  );
}

async function cliApplyScenario(n: number, provider: ProviderKind): Promise<void> {
  const figures = await cliApply(n, MIXED_JOBS, log, provider);
  // Writes at the documented limits: the V1 imports (jobFloor, beside each job's duration), and the
  // REST project updates that mark them, which can start only once the first job has ended.
  const v1 = jobFloor(figures.durations, LIMITS.snykV1PerMinute, 0);
  const restWrites = Math.max(0, figures.snyk.writes - n);
  const rest = restWritesFloor(restWrites, LIMITS.snykRestPerMinute, Math.min(...figures.durations));
  const floorMs = Math.max(v1.floorMs, rest);
  const row = cliRow(
    "apply, jobs mixed, real CLI",
    n,
    provider,
    figures,
    { wallMs: figures.upMs, what: "pulumi up" },
    { imported: figures.imported },
  );
  rows.push({
    ...row,
    boundMs: floorMs,
    boundNote:
      `${row.boundNote}; floor ${seconds(floorMs)}: the larger of V1's (last POST the rolling minute allows ` +
      `at ${seconds(v1.writesMs)}, longest job ${seconds(v1.longestJobMs)}: ${seconds(v1.floorMs)}) and REST's ` +
      `(${restWrites.toLocaleString("en-US")} project updates at ${LIMITS.snykRestPerMinute.toLocaleString("en-US")}/min from the first job's end: ${seconds(rest)})`,
  });
}

function resultsDir(): string {
  // build/test/bench → test/bench/results in the source tree.
  return path.resolve(__dirname, "../../../test/bench/results");
}

function find(scenario: string, size: number, impl: string): Row | undefined {
  return rows.find((r) => r.scenario === scenario && r.size === size && r.impl === impl);
}

function evaluateTargets(): void {
  const plan = find("plan", 10_000, "provider");
  if (plan) {
    const cap = Math.ceil(10_000 / 100) + 2;
    targets.push({
      target: `plan 10,000: requests ≤ ${cap} per API`,
      met: plan.github <= cap && plan.snykRest <= cap && plan.snykV1 <= cap,
      figure: `GitHub ${plan.github}, Snyk REST ${plan.snykRest}, Snyk V1 ${plan.snykV1}`,
    });
    targets.push({
      target: "plan 10,000: wall ≤ 1.25 × lower bound",
      met: plan.wallMs <= 1.25 * plan.boundMs,
      figure: `${fmtMs(plan.wallMs)} vs ${fmtMs(plan.boundMs)} (×${(plan.wallMs / plan.boundMs).toFixed(2)})`,
    });
  }
  const apply = find("apply, jobs 30 s", 1_000, "provider");
  if (apply) {
    targets.push({
      target: "apply 1,000, jobs 30 s: wall ≤ 1.25 × floor",
      met: apply.wallMs <= 1.25 * apply.boundMs,
      figure: `${fmtMs(apply.wallMs)} vs ${fmtMs(apply.boundMs)} (×${(apply.wallMs / apply.boundMs).toFixed(2)})`,
    });
    targets.push({
      target: "apply 1,000, jobs 30 s: ≤ 1.5 V1 requests per import",
      met: (apply.v1PerImport ?? Infinity) <= 1.5,
      figure: `${(apply.v1PerImport ?? 0).toFixed(2)} V1 requests per import`,
    });
    targets.push({
      target: "apply 1,000, jobs 30 s: zero 429s",
      met: apply.status429 === 0,
      figure: `${apply.status429} × 429`,
    });
  }
  const mixed = find("apply, jobs mixed", 10_000, "provider");
  if (mixed) {
    targets.push({
      target: "apply 10,000, jobs mixed: wall ≤ 1.25 × floor",
      met: mixed.wallMs <= 1.25 * mixed.boundMs,
      figure: `${fmtMs(mixed.wallMs)} vs ${fmtMs(mixed.boundMs)} (×${(mixed.wallMs / mixed.boundMs).toFixed(2)})`,
    });
  }
  // The target is about the default settings; the cache-off row is there for comparison only.
  const noop = find("no-op", 10_000, "provider") ?? rows.find((r) => r.scenario === "no-op");
  if (noop) {
    const share = noop.github > 0 ? noop.notModified / noop.github : 0;
    targets.push({
      target: `no-op ${noop.size.toLocaleString("en-US")}: 0 writes, ≥ 95% of SCM list reads 304`,
      met: noop.writes === 0 && share >= 0.95,
      figure: `${noop.writes} writes, ${noop.notModified}/${noop.github} = ${(share * 100).toFixed(1)}% 304`,
    });
  }
  const big = find("plan", 100_000, "provider");
  if (big) {
    targets.push({
      target: "plan 100,000: peak RSS < 256 MB (the bench's child process, which never loads the Pulumi SDK)",
      met: big.peakRssBytes < 256 * 1024 * 1024,
      figure: `${(big.peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
    });
  }
}

function evaluateCliTargets(): void {
  for (const row of rows.filter((r) => r.scenario.startsWith("apply, jobs mixed, real CLI"))) {
    targets.push({
      target: `${row.scenario.replace("apply, jobs mixed, real CLI", `apply ${row.size.toLocaleString("en-US")} (mixed jobs) through the real CLI`)}: provider process peak RSS ≤ 256 MB`,
      met: row.peakRssBytes <= 256 * 1024 * 1024,
      figure: `${(row.peakRssBytes / 1024 / 1024).toFixed(0)} MB, up ${fmtMs(row.wallMs)}`,
    });
    targets.push({
      target: `${row.scenario.replace("apply, jobs mixed, real CLI", `apply ${row.size.toLocaleString("en-US")} (mixed jobs) through the real CLI`)}: wall ≤ 1.25 × floor`,
      met: row.wallMs <= 1.25 * row.boundMs,
      figure: `${fmtMs(row.wallMs)} vs ${fmtMs(row.boundMs)} (×${(row.wallMs / row.boundMs).toFixed(2)})`,
    });
  }
  for (const row of rows.filter((r) => r.scenario.startsWith("no-op preview, real CLI"))) {
    targets.push({
      target: `${row.scenario.replace("no-op preview, real CLI", `no-op preview ${row.size.toLocaleString("en-US")} through the real CLI`)}: provider process peak RSS < 256 MB, 0 writes`,
      met: row.peakRssBytes < 256 * 1024 * 1024 && row.writes === 0,
      figure: `${(row.peakRssBytes / 1024 / 1024).toFixed(0)} MB, ${row.writes} writes, preview ${fmtMs(row.wallMs)}`,
    });
  }
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main(): Promise<void> {
  const started = new Date();
  for (const n of PLAN_SIZES) await planScenario(n);
  for (const n of CLI_SIZES) for (const provider of CLI_PROVIDERS) await cliNoopScenario(n, provider);
  for (const n of CLI_APPLY_SIZES) for (const provider of CLI_PROVIDERS) await cliApplyScenario(n, provider);
  for (const n of APPLY_SIZES) for (const kind of jobsAt(n)) await applyScenario(n, kind);
  evaluateTargets();
  evaluateCliTargets();

  process.stdout.write(`${renderTable(rows, targets)}\n`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { node: process.version, cpus: (await import("node:os")).cpus().length, platform: process.platform };
  const settings = {
    latencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    pendingPolls: PENDING_POLLS,
    applyTime: "real time (no wait scaled)",
    jobKinds: JOB_KINDS,
    baseline: { concurrency: BASELINE_CONCURRENCY, pollIntervalMs: BASELINE_POLL_MS },
  };
  writeFileSync(
    file,
    `${JSON.stringify({ started: started.toISOString(), machine, settings, rows, targets }, null, 2)}\n`,
  );
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
