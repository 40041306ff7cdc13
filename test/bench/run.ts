// `make bench`: RepositoryImport plan, apply and no-op at scale, each next to a naive sequential
// baseline measured in the same run, against in-process emulators with a fixed latency per request
// and the documented rate limits on. Prints one table and writes test/bench/results/<timestamp>.json.
//
// Sizes and knobs can be narrowed for a quick look (the defaults are the issue's):
//   BENCH_PLAN_SIZES=1000,10000  BENCH_APPLY_SIZES=none  BENCH_LATENCY_MS=20
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { applyFloor, planLowerBound, type PlanBound, type TargetCheck } from "./figures";
import { drifted, type ChildResult } from "./scenario";
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

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const PLAN_SIZES = sizes("BENCH_PLAN_SIZES", [1_000, 10_000, 100_000]);
const APPLY_SIZES = sizes("BENCH_APPLY_SIZES", [100, 1_000, 5_000]);
/** The listing / import concurrency: the resource's default. */
const CONCURRENCY = 8;
const PENDING_POLLS = 2;
/** Job polls are count-based in the emulator, so poll waits only add latency: both sides wait 1/100 of real time. */
const DELAY_SCALE = 0.01;
/** The naive baseline polls at a fixed 1 s (scaled like the provider's waits). */
const BASELINE_POLL_MS = 1_000 * DELAY_SCALE;
/** Above this many imports, the real limits would take too long for one `make bench`: compress them. */
const REAL_LIMIT_MAX_IMPORTS = 1_000;
const COMPRESSION = Number(process.env.BENCH_RATE_COMPRESSION ?? 5);
/** The naive sequential apply is only run up to this size (it is latency-bound: ~0.12 s per import). */
const BASELINE_APPLY_MAX = Number(process.env.BENCH_BASELINE_APPLY_MAX ?? 1_000);

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

async function applyScenario(n: number): Promise<void> {
  const rateScale = n > REAL_LIMIT_MAX_IMPORTS ? COMPRESSION : 1;
  for (const impl of ["provider", "baseline"] as const) {
    if (impl === "baseline" && n > BASELINE_APPLY_MAX) {
      log(`apply ${n}: baseline skipped (latency-bound sequential run; see the note)`);
      continue;
    }
    const world = await startBenchWorld({
      repositories: n,
      imported: () => false,
      latencyMs: LATENCY_MS,
      pendingPolls: PENDING_POLLS,
      rateScale,
    });
    await withWorld(world, async () => {
      log(`apply ${n}: ${impl}${rateScale > 1 ? ` (limits ×${rateScale})` : ""}`);
      world.resetCounts();
      const result =
        impl === "provider"
          ? await runChild(
              {
                kind: "apply",
                endpoints: world.endpoints,
                imports: n,
                concurrency: CONCURRENCY,
                delayScale: DELAY_SCALE,
                rateScale,
              },
              () => world.resetCounts(),
            )
          : await runChild({
              kind: "baseline-apply",
              endpoints: world.endpoints,
              imports: n,
              pollIntervalMs: BASELINE_POLL_MS,
            });
      const c = world.counts();
      const requests = { v1: c.snykV1.requests, rest: c.snykRest.requests };
      const floor = applyFloor(n, 0, PENDING_POLLS, requests, LATENCY_MS, rateScale);
      const real = applyFloor(n, 0, PENDING_POLLS, requests, LATENCY_MS, 1);
      rows.push({
        scenario: rateScale > 1 ? `apply ×${rateScale}` : "apply",
        size: n,
        impl,
        ...countColumns(c),
        wallMs: result.wallMs,
        boundMs: floor.documentedMs,
        boundNote: `floor if V1 and REST shared one counter: ${(floor.sharedMs / 1000).toFixed(1)} s${
          rateScale > 1
            ? `; at the real limits: ${(real.documentedMs / 1000).toFixed(0)} s documented, ${(real.sharedMs / 1000).toFixed(0)} s shared`
            : ""
        }`,
        sharedBoundMs: floor.sharedMs,
        peakRssBytes: result.peakRssBytes,
        perImport: (c.snykV1.requests + c.snykRest.requests + c.github.requests) / n,
        detail: result.detail,
      });
    });
  }
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
  const apply = find("apply", 1_000, "provider");
  if (apply) {
    targets.push({
      target: "apply 1,000: wall ≤ 1.25 × rate-limit floor (V1 and REST each at its documented limit)",
      met: apply.wallMs <= 1.25 * apply.boundMs,
      figure: `${fmtMs(apply.wallMs)} vs ${fmtMs(apply.boundMs)} (×${(apply.wallMs / apply.boundMs).toFixed(2)})`,
    });
    targets.push({
      target: "apply 1,000: zero 429s (the limiter plans for none)",
      met: apply.status429 === 0,
      figure: `${apply.status429} × 429`,
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
      target: "plan 100,000: peak RSS < 256 MB",
      met: big.peakRssBytes < 256 * 1024 * 1024,
      figure: `${(big.peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
    });
  }
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main(): Promise<void> {
  const started = new Date();
  for (const n of PLAN_SIZES) await planScenario(n);
  for (const n of APPLY_SIZES) await applyScenario(n);
  evaluateTargets();

  process.stdout.write(`${renderTable(rows, targets)}\n`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { node: process.version, cpus: (await import("node:os")).cpus().length, platform: process.platform };
  const settings = {
    latencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    pendingPolls: PENDING_POLLS,
    delayScale: DELAY_SCALE,
    baselinePollMs: BASELINE_POLL_MS,
    rateCompressionAbove: { imports: REAL_LIMIT_MAX_IMPORTS, factor: COMPRESSION },
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
