// Bulk import into Snyk: one import job per repository. Submissions go out as fast as the key's V1
// limiter allows (at most `concurrency` requests in flight), whatever the number of jobs still running
// on Snyk's side; each job is recorded in the journal once submitted (./import-submission), then handed
// to one watcher for all outstanding jobs (job-watcher.ts), which learns their ends with a few job reads
// and the REST targets listing. Target ids come from that listing, or from one paged listing at the end;
// each repository's outcome is judged in ./import-outcomes.
import pLimit from "p-limit";
import type { Clock } from "../../core/clock";
import { errorMessage } from "../../core/errors";
import type { Logger } from "../../core/log";
import { memoryJournal, type JobJournal } from "../job-journal";
import type { ImportOutcome, ImportProgress, RepositoryToImport } from "../types";
import { fromWatch, outcomeOf, type JobResult } from "./import-outcomes";
import { submit } from "./import-submission";
import { jobEndedBadly, jobFinished } from "./job-status";
import { JobWatcher, type JobWatcherOptions, type WatchSchedule } from "./job-watcher";
import type { SnykV1Client } from "./v1-client";

/** How the watcher spaces its rounds (job-watcher.ts): first wait, growth while no job ends, cap, give-up. */
export type PollSchedule = WatchSchedule;

// Start fast (small repositories import in seconds, and a round is cheap: one job read and one
// listing page answer for every job) and grow gently, so the first job to end is learned at most about
// a fifth of its age late, and at most 10 s (snyk-api-import waits 20 s between two polls of each job).
// A job pending for 1,000 × 10 s ≈ 2.8 h is reported as still running (the journal keeps it for the
// next run).
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { initialMs: 200, factor: 1.2, maxMs: 10_000, maxPolls: 1_000 };

export interface ImportRunOptions {
  orgId: string;
  integrationId: string;
  scmKind: "github" | "gitlab";
  /** Most import requests in flight at once (a throttle: the V1 limiter sets the pace). */
  concurrency: number;
  schedule: PollSchedule;
  /** What the waits between job polls sleep on. */
  clock: Clock;
  logger: Logger;
  onProgress?: ImportProgress;
  /**
   * A repository whose target the watcher's listing showed with projects, as soon as it did (before the
   * run ends): lets its projects be marked while other jobs still run.
   */
  onTargetListed?: (targetId: string) => void;
  /** One paged listing of the org's targets: lower-cased display name → target id. */
  resolveTargets: () => Promise<Map<string, string>>;
  /**
   * Targets with projects created at or after `sinceMs` (REST `created_gte`, `exclude_empty=true`):
   * lower-cased display name → target id, and the pages it took. Absent: jobs are only read through V1.
   */
  listRecentTargets?: (sinceMs: number) => Promise<{ targets: Map<string, string>; pages: number }>;
  /**
   * Snyk's time (ms) at a time of `clock`, when known (its answers' Date headers): lets the listing start
   * at the oldest job still running instead of the run's start. Absent or undefined: the run's start.
   */
  serverTimeAt?: (localMs: number) => number | undefined;
  /** Where submitted jobs are recorded before waiting (default: memory, this run only). */
  journal?: JobJournal;
}

/**
 * How far before the run's start `created_gte` reaches when Snyk's clock is unknown: ours and Snyk's may
 * disagree (UNVERIFIED by how much). A Snyk clock further behind only makes the listing find nothing,
 * and the jobs are then read through V1 instead: slower, never wrong.
 */
const CLOCK_MARGIN_MS = 10 * 60_000;

/**
 * How far before the oldest running job's submission (on Snyk's clock, from its Date headers)
 * `created_gte` reaches: the Date header's one-second resolution, the time a request takes, and a
 * target stamped when the job began rather than when it was answered. UNVERIFIED: Snyk does not
 * document when a target's `created` is set; a minute is many times what these account for.
 */
const SERVER_CLOCK_MARGIN_MS = 60_000;

export async function runImports(
  v1: SnykV1Client,
  repositories: RepositoryToImport[],
  options: ImportRunOptions,
): Promise<ImportOutcome[]> {
  const journal = options.journal ?? memoryJournal();
  const results: (JobResult | undefined)[] = new Array<JobResult | undefined>(repositories.length);
  const keyOf = (repo: RepositoryToImport) => repo.fullName.toLowerCase();
  /** Watched job (JobWatcher.idOf) → its repository's index. */
  const indexById = new Map<string, number>();
  let done = 0;
  let failed = 0;
  const settle = (index: number, result: JobResult) => {
    results[index] = result;
    // Known failed now: refused, or a job that failed. Uncertain ones are settled by the listing below.
    if (result.kind === "rejected" || (result.kind === "finished" && jobEndedBadly(result.job))) failed++;
    options.onProgress?.(++done, repositories.length, failed);
    if (result.kind === "listed") options.onTargetListed?.(result.targetId);
  };

  const newTargets = await newTargetsSinceStart(options);
  const watcher = new JobWatcher({
    clock: options.clock,
    schedule: options.schedule,
    readJob: (location) => v1.getImportJob(location),
    jobEnded: jobFinished,
    ...(newTargets.list ? { listRecent: newTargets.list } : {}),
    onResult: (job, result) => {
      const index = indexById.get(JobWatcher.idOf(job)) as number;
      if (result.kind !== "not-started") return settle(index, fromWatch(job.key, result));
      // A killed run's POST that left no job Snyk shows: submitted now, watched like the others.
      watcher.expect();
      void watch(index, false).finally(() => watcher.unexpect());
    },
    onListingError: (message) =>
      options.logger.warn(`Snyk: listing the new targets failed (${message}); reading the jobs instead`),
  });

  const limit = pLimit(Math.max(1, Math.floor(options.concurrency) || 1));
  let resumed = 0;
  const watch = (index: number, resume: boolean) =>
    limit(async () => {
      const repo = repositories[index] as RepositoryToImport;
      const submitted = await submit(v1, repo, options, journal, keyOf(repo), resume);
      if (submitted.resumed) resumed++;
      if ("result" in submitted) return settle(index, submitted.result);
      const job = {
        key: keyOf(repo),
        submittedAt: submitted.at,
        ...(submitted.location ? { location: submitted.location } : {}),
      };
      indexById.set(JobWatcher.idOf(job), index);
      watcher.add(job);
    });
  try {
    await Promise.all(repositories.map((_, index) => watch(index, true)));
  } finally {
    await watcher.finish();
  }
  logRun(options.logger, resumed, indexById.size, watcher.counts, newTargets.used);

  const { targets, listingError } = await targetsAfterRun(results, options.resolveTargets);
  // Jobs whose end is known leave the journal; an uncertain one without a target (still running, or a
  // POST whose answer was lost) stays, so the next run watches for it instead of submitting it again.
  const outcomes = repositories.map((repo, i) =>
    outcomeOf(repo, results[i] as JobResult, targets, listingError, options),
  );
  await journal.forget(
    repositories.filter((_, i) => results[i]?.kind !== "uncertain" || outcomes[i]?.platformId !== undefined).map(keyOf),
  );
  return outcomes;
}

/** The watcher's listing of targets new in this run, and whether it is used (it stops being when blind). */
interface NewTargets {
  list?: JobWatcherOptions["listRecent"];
  used: boolean;
}

/**
 * A target that already had projects before this run says nothing about this run's job: such
 * repositories are only ever settled by reading their job. The targets are listed once before the first
 * submission, so a job that ends at once does not count as "already there".
 */
async function newTargetsSinceStart(options: ImportRunOptions): Promise<NewTargets> {
  const listRecent = options.listRecentTargets;
  const runStart = options.clock.now();
  if (!listRecent) return { used: false };
  const before = await listRecent(runStart - CLOCK_MARGIN_MS).then(
    (l) => new Set(l.targets.keys()),
    () => undefined,
  );
  // Listing from the oldest job still running, not from the run's start: at 10,000 imports, most of
  // the targets a listing from the start pages through were learned rounds ago.
  const since = (oldestSubmittedAt: number) => {
    const serverTime = Number.isFinite(oldestSubmittedAt) ? options.serverTimeAt?.(oldestSubmittedAt) : undefined;
    return serverTime === undefined ? runStart - CLOCK_MARGIN_MS : serverTime - SERVER_CLOCK_MARGIN_MS;
  };
  const newTargets: NewTargets = {
    used: true,
    list: async (oldestSubmittedAt) => {
      if (!before) {
        // Without knowing what existed before, a listed target proves nothing: read jobs instead.
        newTargets.used = false;
        return { targets: new Map<string, string>(), pages: 1 };
      }
      const l = await listRecent(since(oldestSubmittedAt));
      for (const name of before) l.targets.delete(name);
      return l;
    },
  };
  return newTargets;
}

function logRun(logger: Logger, resumed: number, watched: number, c: JobWatcher["counts"], listing: boolean): void {
  if (resumed > 0)
    logger.info(
      `Snyk: ${resumed} import jobs resumed from an earlier run that did not see them end (read back, not submitted again)`,
    );
  if (c.rounds > 0)
    logger.info(
      `Snyk: ${watched} import jobs watched in ${c.rounds} rounds: ${c.jobReads} job reads, ${c.listingPages} target listing pages${listing ? "" : " (listing not used)"}`,
    );
}

/**
 * Target ids of jobs read through V1, and the uncertain cases, from one listing after all jobs
 * ended (one request per 100 targets instead of one per repository): a target that exists now was
 * imported by the request whose answer we lost.
 */
async function targetsAfterRun(
  results: (JobResult | undefined)[],
  resolveTargets: ImportRunOptions["resolveTargets"],
): Promise<{ targets?: Map<string, string>; listingError?: string }> {
  if (!results.some((r) => r !== undefined && r.kind !== "rejected" && r.kind !== "listed")) return {};
  try {
    return { targets: await resolveTargets() };
  } catch (e) {
    return { listingError: errorMessage(e) };
  }
}
