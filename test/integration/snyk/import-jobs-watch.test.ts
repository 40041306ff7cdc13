// Imports whose jobs take real time (issue 19): submissions go out at the key's V1 limit whatever the
// number of jobs still running on Snyk's side, one watcher learns the jobs' ends with few requests,
// and a run killed while jobs run is resumed from the journal without submitting anything twice.
// Everything runs on one virtual clock shared with the emulator (job durations, rate windows), so
// 30-second jobs take no real time; the assertions are request counts and virtual arrival times.
import { afterAll, afterEach, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Clock } from "../../../provider/src/core/clock";
import type { FetchLike } from "../../../provider/src/core/http";
import { SNYK_MARKED_TAG } from "../../../provider/src/platforms/snyk/owner-tags";
import { createSnykPlatform, type SnykPlatformTuning } from "../../../provider/src/platforms/snyk/platform";
import type { ImportOutcome, ImportScope, RepositoryToImport } from "../../../provider/src/platforms/types";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { ImportJobDurations } from "../../emulators/snyk/seed";
import { VirtualClock } from "../../support/virtual-clock";
import { FAST, ORG, canary, ghes, seedWith } from "./fixtures";

const API_TOKEN = canary("snyk-watch");
const INTEGRATION = "44444444-2222-4333-8444-555555555555";
const POST_ROUTE = "POST /v1/org/:orgId/integrations/:integrationId/import";
const JOB_ROUTE = "GET /v1/org/:orgId/integrations/:integrationId/import/:jobId";
const PROJECT_UPDATE_ROUTE = "PATCH /rest/orgs/:orgId/projects/:projectId";
const TARGETS_ROUTE = "/rest/orgs/:orgId/targets";
/** Snyk V1's documented limit, which the emulator enforces by default (2,000 a minute per key). */
const V1_PER_MINUTE = 2_000;
/** Each case takes a few seconds of real time (hundreds of requests); a busy machine may take longer. */
const CASE_TIMEOUT_MS = 60_000;

const scope: ImportScope = {
  platformOrg: ORG,
  integrationId: INTEGRATION,
  connectionId: `${INTEGRATION}:acme`,
  endpoint: ghes,
  organization: "acme",
};

const names = (n: number) => Array.from({ length: n }, (_, i) => `acme/svc-${String(i).padStart(4, "0")}`);
const requests = (list: string[]): RepositoryToImport[] =>
  list.map((fullName, i) => ({ fullName, scmId: i + 1, branch: "main" }));

/** Production's rate budget (V1 1,940 a minute) and poll schedule; only the HTTP attempts are the tests' (FAST). */
const PRODUCTION_PACE: SnykPlatformTuning = { http: FAST.http };

/**
 * Requests that take no virtual time: the virtual clock would otherwise jump to the next sleeper while a
 * request is in flight (test/support/virtual-clock.ts), and arrival times would show the machine's speed.
 */
function heldFetch(clock: VirtualClock, inner: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  return async (input, init) => {
    const release = clock.hold();
    try {
      // The body is read inside the hold too: reading it is I/O as well.
      const response = await inner(input, init);
      const body = await response.arrayBuffer();
      return new Response(response.status === 204 ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      release();
    }
  };
}

describe("Snyk imports with job durations", () => {
  let emulator: SnykEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = createSnykEmulator();
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.useClock());

  function world(list: string[], durations: ImportJobDurations, clock: VirtualClock): void {
    emulator.seed(
      seedWith(API_TOKEN, {
        orgs: [
          {
            id: ORG,
            integrations: [
              {
                type: "github-enterprise",
                id: INTEGRATION,
                credentials: { token: "t", url: "https://ghe.example.com" },
              },
            ],
          },
        ],
        repositories: list.map((fullName) => ({ fullName })),
        importJobs: { durations },
      }),
    );
    emulator.useClock(clock);
    emulator.resetRequestStats();
  }

  function platformOn(clock: Clock, held: VirtualClock, tuning: SnykPlatformTuning = PRODUCTION_PACE) {
    return createSnykPlatform(
      { platform: "snyk", apiToken: API_TOKEN, apiUrl: base, clock },
      { ...tuning, fetch: tuning.fetch ?? heldFetch(held) },
    );
  }

  /** Every import succeeded, and names the target the emulator made for its repository. */
  function assertEachImportedWithItsTarget(outcomes: ImportOutcome[]): void {
    const targets = new Map([...emulator.snyk.targets.values()].map((t) => [t.displayName, t.id]));
    for (const o of outcomes) {
      assert.equal(o.ok, true, `${o.fullName}: ${o.error}`);
      assert.equal(o.platformId, targets.get(o.fullName), `${o.fullName}'s target`);
    }
  }

  /** POST arrivals at the emulator, in virtual ms since `start`. */
  function postArrivals(start: number): number[] {
    return emulator
      .requestStats()
      .recent.filter((r) => `${r.method} ${r.route}` === POST_ROUTE)
      .map((r) => r.at - start);
  }

  it(
    "sets import-job durations through the control API, on the emulator's clock (fixed, mix, and cleared)",
    async () => {
      const clock = new VirtualClock();
      world(["acme/a"], { fixedMs: 0 }, clock);
      const put = (body: unknown) =>
        fetch(`${base}/_control/import-jobs`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      assert.equal((await put({ fixedMs: -1 })).status, 400);
      assert.equal((await put({ fixedMs: 30_000 })).status, 200);
      assert.equal(emulator.snyk.jobDurations && "fixedMs" in emulator.snyk.jobDurations, true);
      const platform = platformOn(clock, clock);
      const running = platform.importRepositories(scope, requests(["acme/a"]), { concurrency: 1 });
      const outcomes = await running;
      assert.equal(outcomes[0]?.ok, true, outcomes[0]?.error);
      const [job] = [...emulator.snyk.jobs.values()];
      assert.equal(job?.durationMs, 30_000);
      // Ended by the emulator's (virtual) clock: the run took the job's 30 s of virtual time, not of real time.
      assert.ok(clock.elapsedMs >= 30_000, `${clock.elapsedMs} ms`);

      assert.equal(
        (
          await put({
            mix: [
              { ms: 1_000, share: 1 },
              { ms: 9_000, share: 0 },
            ],
          })
        ).status,
        200,
      );
      assert.deepEqual(emulator.snyk.jobDurations, {
        mix: [
          { ms: 1_000, share: 1 },
          { ms: 9_000, share: 0 },
        ],
      });
      assert.equal((await put({})).status, 200);
      assert.equal(emulator.snyk.jobDurations, undefined, "cleared: jobs are poll-counted again");
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "submits 600 imports of 30 s jobs at the V1 limit, not gated by running jobs, with ≤ 1.5 V1 requests per import",
    async () => {
      const list = names(600);
      const clock = new VirtualClock();
      world(list, { fixedMs: 30_000 }, clock);
      const outcomes = await platformOn(clock, clock).importRepositories(scope, requests(list), { concurrency: 8 });

      assertEachImportedWithItsTarget(outcomes);

      const stats = emulator.requestStats();
      assert.equal(stats.byRoute[POST_ROUTE], 600, "each repository is submitted once");
      assert.deepEqual(emulator.snyk.rateLimited, { v1: 0, rest: 0 }, "no 429");
      // Not gated by running jobs: all 600 were submitted within the time the V1 limit needs for them
      // (600 fit in one minute's 2,000, so at once), before the first 30 s job could end. Gated by 8
      // slots, the 9th submission would have waited for the first job to end (30 s).
      const arrivals = postArrivals(clock.start);
      const last = Math.max(...arrivals);
      const atTheLimit = (600 / V1_PER_MINUTE) * 60_000;
      assert.ok(
        last <= atTheLimit * 1.1,
        `the last submission arrived at ${last} ms (the limit allows ${atTheLimit} ms)`,
      );
      assert.ok(last < 30_000, "every submission arrived before any job had ended");

      const v1 = Object.entries(stats.byRoute)
        .filter(([route]) => !route.includes(" /rest/"))
        .reduce((n, [, count]) => n + count, 0);
      assert.ok(v1 / 600 <= 1.5, `${v1} V1 requests for 600 imports (${(v1 / 600).toFixed(2)} per import)`);

      // The run ends soon after the last job does (virtual time): 30 s after the last submission.
      const floor = last + 30_000;
      assert.ok(
        clock.elapsedMs <= floor * 1.25,
        `the run took ${clock.elapsedMs} ms of virtual time, floor ${floor} ms`,
      );
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "marks the projects of jobs that ended while longer jobs still run, each project once",
    async () => {
      const list = names(200);
      const clock = new VirtualClock();
      // Nine in ten jobs take 2 s, one in ten 90 s: marking after the last job would start at 90 s.
      world(
        list,
        {
          mix: [
            { ms: 2_000, share: 9 },
            { ms: 90_000, share: 1 },
          ],
        },
        clock,
      );
      const owned: ImportScope = { ...scope, owner: "billing/prod/all", holder: "ri-1" };
      const outcomes = await platformOn(clock, clock).importRepositories(owned, requests(list), { concurrency: 8 });
      for (const o of outcomes) assert.equal(o.ok, true, `${o.fullName}: ${o.error}`);

      const tagging = emulator
        .requestStats()
        .recent.filter((r) => `${r.method} ${r.route}` === PROJECT_UPDATE_ROUTE)
        .map((r) => r.at - clock.start);
      const projects = [...emulator.snyk.projects.values()];
      assert.equal(tagging.length, projects.length, "each project is tagged once");
      for (const project of projects)
        assert.ok(
          project.tags?.some((t) => t.key === SNYK_MARKED_TAG.key),
          `project ${project.id} carries the marker`,
        );
      const lastJobEnd = Math.max(...[...emulator.snyk.jobs.values()].map((j) => j.createdAtMs + (j.durationMs ?? 0)));
      const beforeLastJob = tagging.filter((at) => at + clock.start < lastJobEnd).length;
      assert.ok(
        beforeLastJob >= 0.8 * tagging.length,
        `${beforeLastJob} of ${tagging.length} projects were tagged before the last job ended`,
      );
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "lists only the targets made since the oldest running job (on Snyk's clock), not all since the run began",
    async () => {
      // 4,000 submissions take about two minutes at the V1 limit; with 2 s jobs, a listing from the
      // run's start would page through every target made before, on each round.
      const list = names(4_000);
      const clock = new VirtualClock();
      world(list, { fixedMs: 2_000 }, clock);
      const outcomes = await platformOn(clock, clock).importRepositories(scope, requests(list), { concurrency: 8 });
      assertEachImportedWithItsTarget(outcomes);

      const listedFrom = emulator
        .requestStats()
        .recent.filter((r) => r.route === TARGETS_ROUTE && r.url.includes("created_gte="))
        .map((r) => ({ at: r.at, from: Date.parse(new URL(r.url, base).searchParams.get("created_gte") ?? "") }));
      const last = listedFrom.at(-1);
      assert.ok(last !== undefined, "the watcher listed the new targets");
      // The oldest job still running then was submitted at most 2 s and a round before; the listing
      // reaches a minute before it (the margin for Snyk's clock), far later than the run's start.
      assert.ok(
        last.from >= last.at - 2 * 60_000 && last.from > clock.start + 30_000,
        `the last listing asked for targets from ${last.from - clock.start} ms (run time), sent at ${last.at - clock.start} ms`,
      );
      const stats = emulator.requestStats();
      const reads = stats.byRoute[JOB_ROUTE] ?? 0;
      assert.ok(reads <= 0.25 * list.length, `${reads} job reads for ${list.length} imports`);
      assert.deepEqual(emulator.snyk.rateLimited, { v1: 0, rest: 0 }, "no 429");
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "learns a mixed distribution of job durations with few job reads, and the listing names every target",
    async () => {
      const list = names(400);
      const clock = new VirtualClock();
      world(
        list,
        {
          mix: [
            { ms: 2_000, share: 4 },
            { ms: 10_000, share: 3 },
            { ms: 30_000, share: 2 },
            { ms: 90_000, share: 1 },
          ],
        },
        clock,
      );
      const outcomes = await platformOn(clock, clock).importRepositories(scope, requests(list), { concurrency: 8 });
      for (const o of outcomes) assert.equal(o.ok, true, `${o.fullName}: ${o.error}`);
      const stats = emulator.requestStats();
      const reads = stats.byRoute[JOB_ROUTE] ?? 0;
      assert.ok(reads <= 0.5 * 400, `${reads} job reads for 400 imports`);
      const longest = Math.max(...[...emulator.snyk.jobs.values()].map((j) => j.durationMs ?? 0));
      assert.equal(longest, 90_000);
      const floor = Math.max(...postArrivals(clock.start)) + longest;
      assert.ok(
        clock.elapsedMs <= floor * 1.25,
        `the run took ${clock.elapsedMs} ms of virtual time, floor ${floor} ms`,
      );
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "a run killed while its jobs run is resumed from the journal: nothing is submitted twice",
    async () => {
      const list = names(300);
      const clock = new VirtualClock();
      // Jobs of ten minutes: the journal's file writes are real I/O, during which the virtual clock may move
      // on; ten minutes keep every job running until the second run has submitted what it must.
      world(list, { fixedMs: 600_000 }, clock);
      const journalDir = mkdtempSync(path.join(tmpdir(), "snyk-journal-"));
      try {
        // The first run "dies" once 100 jobs were submitted: from then on none of its waits ever ends
        // (its limiter and its watcher stand still, as in a killed process), and the answers to its
        // requests in flight are lost: those jobs exist, and the dead run had only recorded that it was
        // sending them.
        let dead = false;
        let inFlight = 0;
        const never = new Promise<void>(() => undefined);
        const sleeping = new Set<AbortController>();
        const dying: Clock = {
          now: () => clock.now(),
          sleep: (ms, signal) => {
            if (dead) return never;
            // Its sleeps leave the virtual clock when it dies, so time never moves for a dead process.
            const own = new AbortController();
            sleeping.add(own);
            signal?.addEventListener("abort", () => own.abort(signal.reason), { once: true });
            return clock.sleep(ms, own.signal).then(
              () => (sleeping.delete(own), dead ? never : undefined),
              (e: unknown) => (sleeping.delete(own), dead ? never : Promise.reject(e as Error)),
            );
          },
        };
        const die = () => {
          dead = true;
          for (const own of sleeping) own.abort();
        };
        const held = heldFetch(clock);
        const counting: FetchLike = async (input, init) => {
          const lost = new Promise<Response>(() => undefined);
          if (dead) return lost; // a dead process sends nothing more
          inFlight++;
          let response: Response;
          try {
            response = await held(input, init);
          } finally {
            inFlight--;
          }
          if (!dead && (emulator.requestStats().byRoute[POST_ROUTE] ?? 0) >= 100) die();
          return dead ? lost : response;
        };
        void platformOn(dying, clock, { ...PRODUCTION_PACE, fetch: counting }).importRepositories(
          scope,
          requests(list),
          {
            concurrency: 8,
            journalDir,
          },
        );
        while (!dead || inFlight > 0) await new Promise((resolve) => setImmediate(resolve));
        const submittedBefore = emulator.requestStats().byRoute[POST_ROUTE] ?? 0;
        // The journal lines written before the kill land (each submission is recorded before it is sent).
        const journalLines = () =>
          readdirSync(journalDir).reduce(
            (n, f) => n + readFileSync(path.join(journalDir, f), "utf8").split("\n").length - 1,
            0,
          );
        for (let tries = 0; tries < 2_000 && journalLines() < submittedBefore; tries++)
          await new Promise((resolve) => setTimeout(resolve, 1));
        assert.ok(submittedBefore >= 100 && submittedBefore < 300, `${submittedBefore} submitted before the kill`);
        assert.equal(emulator.snyk.targets.size, 0, "the kill came while every job was still running");

        // The next run, jobs still running: it reads the recorded jobs back, waits for the listing to show
        // the ones whose answers were lost, and submits only the others.
        const outcomes = await platformOn(clock, clock).importRepositories(scope, requests(list), {
          concurrency: 8,
          journalDir,
        });
        for (const o of outcomes) assert.equal(o.ok, true, `${o.fullName}: ${o.error}`);
        const perRepository = new Map<string, number>();
        for (const job of emulator.snyk.jobs.values())
          perRepository.set(job.repo.fullName, (perRepository.get(job.repo.fullName) ?? 0) + 1);
        assert.deepEqual([...perRepository.keys()].sort(), list);
        const twice = [...perRepository].filter(([, n]) => n !== 1).map(([name]) => name);
        assert.deepEqual(twice, [], "repositories submitted more than once");
        assert.equal(emulator.snyk.targets.size, 300);
      } finally {
        rmSync(journalDir, { recursive: true, force: true });
      }
    },
    CASE_TIMEOUT_MS,
  );
});
