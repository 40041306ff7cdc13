// Bulk import into Snyk: one import job per repository. Submissions go out as fast as the key's V1
// limiter allows (at most `concurrency` requests in flight), whatever the number of jobs still running
// on Snyk's side; each job is recorded in the journal once submitted, then handed to one watcher for
// all outstanding jobs (job-watcher.ts), which learns their ends with a few job reads and the REST
// targets listing. Target ids come from that listing, or from one paged listing at the end.
import pLimit from "p-limit";
import type { Clock } from "../../core/clock";
import { errorMessage, isScmIntegrationError } from "../../core/errors";
import type { Logger } from "../../core/log";
import { memoryJournal, type JobJournal } from "../job-journal";
import type { ImportOutcome, ImportProgress, RepositoryToImport } from "../types";
import { JobWatcher, pollDelay, type WatchResult, type WatchSchedule } from "./job-watcher";
import type { ImportJob } from "./schemas";
import type { SnykImportTarget, SnykV1Client } from "./v1-client";

/** How the watcher spaces its rounds (job-watcher.ts): first wait, growth while no job ends, cap, give-up. */
export type PollSchedule = WatchSchedule;

// Start fast (small repositories import in seconds, and a round is cheap: one job read and one
// listing page answer for every job) and grow gently, so the first job to end is learned at most about
// a fifth of its age late, and at most 10 s (snyk-api-import waits 20 s between two polls of each job).
// A job pending for 1,000 × 10 s ≈ 2.8 h is reported as still running (the journal keeps it for the
// next run).
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { initialMs: 200, factor: 1.2, maxMs: 10_000, maxPolls: 1_000 };

export { pollDelay };

/** The import target body for one repository, or a message saying why none can be built. */
export function importTargetFor(kind: "github" | "gitlab", repo: RepositoryToImport): SnykImportTarget | string {
  if (kind === "gitlab") {
    // GitLab targets are `{id, branch}`, both required (Snyk V1 API description, GitLabRepoTarget).
    if (!repo.branch)
      return `${repo.fullName}: a GitLab import needs the branch to scan (pass the project's default branch)`;
    return { id: repo.scmId, branch: repo.branch };
  }
  const slash = repo.fullName.indexOf("/");
  if (slash <= 0 || slash === repo.fullName.length - 1 || repo.fullName.indexOf("/", slash + 1) !== -1) {
    return `${repo.fullName}: a GitHub repository is named owner/name`;
  }
  // The V1 description's GithubAndGithubEnterpriseRepoTarget requires owner, name and branch.
  if (!repo.branch) {
    return `${repo.fullName}: a GitHub import needs the branch to scan (pass the repository's default branch)`;
  }
  return { owner: repo.fullName.slice(0, slash), name: repo.fullName.slice(slash + 1), branch: repo.branch };
}

// Snyk V1 API: GET /org/{orgId}/integrations/{integrationId}/import/{jobId}. The job's `status` and each
// `logs[]` entry's `status` are "One of: pending, failed, aborted or complete."; an entry also carries
// `truncated` ("a flag indicating if the import was truncated") and `projects[]` with `success` each.
// The description's own example shows an entry `{status: "failed", projects: []}`: a log entry can fail
// with no failed project to show for it, so an entry's status is read, not only its projects.

/**
 * Whether the job has ended. "failed" and "aborted" end it like "complete" (UNVERIFIED for "aborted":
 * the description lists it among the statuses without saying it is final; its name says it is, and
 * polling on would only turn it into "still pending after N polls"). Any status the description does
 * not list is polled on like "pending": waiting loses nothing, and the poll limit still ends it.
 */
export function jobFinished(job: ImportJob): boolean {
  return job.status === "complete" || job.status === "failed" || job.status === "aborted";
}

/** Whether the whole job ended without completing ("failed" or "aborted"). */
export function jobEndedBadly(job: ImportJob): boolean {
  return job.status === "failed" || job.status === "aborted";
}

/** What an entry's status says went wrong, or undefined for "complete" (or no status: judged by its projects). */
function entryStatusProblem(status: string | undefined): string | undefined {
  if (status === undefined || status === "complete") return undefined;
  if (status === "failed") return "failed";
  if (status === "aborted") return "was aborted";
  // UNVERIFIED: the description does not say an entry can still be pending once its job completed;
  // counting it as imported could hide manifests that never were, so it is reported, target kept.
  if (status === "pending") return "was still pending";
  return `ended with status ${JSON.stringify(status)}`;
}

function importedCount(count: number): string {
  return count === 0 ? "no project imported" : `${count} project${count === 1 ? "" : "s"} imported`;
}

/** What a finished job says about one repository: undefined when every manifest imported. */
export function jobProblem(job: ImportJob): string | undefined {
  if (jobEndedBadly(job)) {
    const names = job.logs.map((l) => `${l.name} (${l.status ?? job.status})`).join(", ");
    return `Snyk import job ${job.id} ${job.status === "aborted" ? "was aborted" : "failed"}${names ? `: ${names}` : ""}`;
  }
  const problems: string[] = [];
  for (const log of job.logs) {
    const imported = log.projects.filter((p) => p.success).length;
    const status = entryStatusProblem(log.status);
    if (status) problems.push(`the import of ${log.name} ${status} (${importedCount(imported)})`);
    else if (log.truncated === true) {
      // Truncated: Snyk stopped before every manifest of the repository was looked at. What it did import
      // is kept (the target id is reported), but the import is not called complete.
      problems.push(
        `the import of ${log.name} was truncated (Snyk stopped before every manifest was imported; ${importedCount(imported)})`,
      );
    }
  }
  const failed = job.logs.flatMap((l) =>
    l.projects.filter((p) => !p.success).map((p) => p.targetFile || "(unnamed manifest)"),
  );
  if (failed.length > 0) {
    const imported = job.logs.reduce((n, l) => n + l.projects.filter((p) => p.success).length, 0);
    problems.push(`${failed.length} manifest(s) failed to import: ${failed.join(", ")} (${imported} imported)`);
  }
  return problems.length > 0 ? `Snyk import job ${job.id} finished, but ${problems.join("; ")}` : undefined;
}

type JobResult =
  | { kind: "finished"; job: ImportJob }
  /** The targets listing showed its target with projects (the job itself was not read). */
  | { kind: "listed"; targetId: string }
  | { kind: "rejected"; error: string }
  /** The POST or the watching failed in a way that leaves open whether Snyk imported it. */
  | { kind: "uncertain"; error: string; jobStarted: boolean };

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
  /** One paged listing of the org's targets: lower-cased display name → target id. */
  resolveTargets: () => Promise<Map<string, string>>;
  /**
   * Targets with projects created at or after `sinceMs` (REST `created_gte`, `exclude_empty=true`):
   * lower-cased display name → target id, and the pages it took. Absent: jobs are only read through V1.
   */
  listRecentTargets?: (sinceMs: number) => Promise<{ targets: Map<string, string>; pages: number }>;
  /** Where submitted jobs are recorded before waiting (default: memory, this run only). */
  journal?: JobJournal;
}

/**
 * How far before the run's start `created_gte` reaches: our clock and Snyk's may disagree (UNVERIFIED by
 * how much). A Snyk clock further behind only makes the listing find nothing, and the jobs are then read
 * through V1 instead: slower, never wrong.
 */
const CLOCK_MARGIN_MS = 10 * 60_000;

export async function runImports(
  v1: SnykV1Client,
  repositories: RepositoryToImport[],
  options: ImportRunOptions,
): Promise<ImportOutcome[]> {
  const journal = options.journal ?? memoryJournal();
  const clock = options.clock;
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
  };

  // A target that already had projects before this run says nothing about this run's job: such
  // repositories are only ever settled by reading their job.
  const since = clock.now() - CLOCK_MARGIN_MS;
  const listRecent = options.listRecentTargets;
  // Listed before the first submission: a job that ends at once must not count as "already there".
  const before = listRecent
    ? await listRecent(since).then(
        (l) => new Set(l.targets.keys()),
        () => undefined,
      )
    : undefined;
  let listing = listRecent !== undefined;

  const watcher = new JobWatcher({
    clock,
    schedule: options.schedule,
    readJob: (location) => v1.getImportJob(location),
    jobEnded: jobFinished,
    ...(listRecent
      ? {
          listRecent: async () => {
            const existed = before;
            if (!existed) {
              // Without knowing what existed before, a listed target proves nothing: read jobs instead.
              listing = false;
              return { targets: new Map<string, string>(), pages: 1 };
            }
            const l = await listRecent(since);
            for (const name of existed) l.targets.delete(name);
            return l;
          },
        }
      : {}),
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
  if (resumed > 0)
    options.logger.info(
      `Snyk: ${resumed} import jobs resumed from an earlier run that did not see them end (read back, not submitted again)`,
    );
  const c = watcher.counts;
  if (c.rounds > 0)
    options.logger.info(
      `Snyk: ${indexById.size} import jobs watched in ${c.rounds} rounds: ${c.jobReads} job reads, ${c.listingPages} target listing pages${listing ? "" : " (listing not used)"}`,
    );

  // Target ids of jobs read through V1, and the uncertain cases, from one listing after all jobs
  // ended (one request per 100 targets instead of one per repository): a target that exists now was
  // imported by the request whose answer we lost.
  let targets: Map<string, string> | undefined;
  let listingError: string | undefined;
  if (results.some((r) => r !== undefined && r.kind !== "rejected" && r.kind !== "listed")) {
    try {
      targets = await options.resolveTargets();
    } catch (e) {
      listingError = errorMessage(e);
    }
  }

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

function fromWatch(fullName: string, result: WatchResult): JobResult {
  switch (result.kind) {
    case "finished":
      return { kind: "finished", job: result.job };
    case "listed":
      return { kind: "listed", targetId: result.targetId };
    case "read-failed":
      return {
        kind: "uncertain",
        jobStarted: true,
        error: `the import of ${fullName} started, but reading its job failed (${result.error})`,
      };
    case "timed-out":
      return {
        kind: "uncertain",
        jobStarted: true,
        error: `the import job of ${fullName} was still pending after ${result.rounds} rounds of polls`,
      };
    case "not-started":
      return { kind: "uncertain", jobStarted: false, error: `the import of ${fullName} could not be submitted` };
  }
}

/**
 * POST the import (or, with `resume`, find it in the journal): the job to watch — its URL, or none for a
 * killed run's submission whose answer it never saw — or the repository's result when no job runs.
 */
async function submit(
  v1: SnykV1Client,
  repo: RepositoryToImport,
  options: ImportRunOptions,
  journal: JobJournal,
  key: string,
  resume: boolean,
): Promise<{ location?: string; at: number; resumed?: true } | { result: JobResult; resumed?: true }> {
  const target = importTargetFor(options.scmKind, repo);
  if (typeof target === "string") return { result: { kind: "rejected", error: target } };

  const recorded = resume ? journal.recorded(key) : undefined;
  // Killed with this POST in flight: Snyk may have started the job. Watched through the listing until
  // its target shows up, or until long enough has passed that no job of it can be running.
  if (recorded && recorded.location === undefined) return { at: recorded.at, resumed: true };
  if (recorded?.location !== undefined) {
    // Submitted by a run that did not live to see its end: read that job, never submit it twice. Only a
    // job Snyk no longer knows (404) is submitted again.
    try {
      const job = await v1.getImportJob(recorded.location);
      if (jobFinished(job)) return { result: { kind: "finished", job }, resumed: true };
      return { location: recorded.location, at: recorded.at, resumed: true };
    } catch (e) {
      if (!(isScmIntegrationError(e) && e.status === 404)) {
        return {
          result: {
            kind: "uncertain",
            jobStarted: true,
            error: `${repo.fullName} has an import job from an earlier run, but reading it failed (${errorMessage(e)})`,
          },
        };
      }
    }
  }
  // Recorded before it is sent: a run killed while the POST is in flight still knows it may exist.
  await journal.record(key, { at: options.clock.now() });
  let location: string;
  try {
    location = await v1.startImport(options.orgId, options.integrationId, target);
  } catch (e) {
    // A 5xx or a dropped connection after the POST was sent may still have started the job, and the
    // shared policy does not retry non-idempotent requests: settle it from the target listing later.
    const status = isScmIntegrationError(e) ? e.status : undefined;
    const lost = !isScmIntegrationError(e) || e.kind === "unreachable" || (status !== undefined && status >= 500);
    return {
      result: lost
        ? {
            kind: "uncertain",
            jobStarted: false,
            error: `the import request for ${repo.fullName} failed (${errorMessage(e)})`,
          }
        : { kind: "rejected", error: `Snyk did not start the import of ${repo.fullName}: ${errorMessage(e)}` },
    };
  }
  const at = options.clock.now();
  // Recorded before anything waits on the job: a run killed from here on finds it in the journal.
  await journal.record(key, { location, at });
  return { location, at };
}

function outcomeOf(
  repo: RepositoryToImport,
  result: JobResult,
  targets: Map<string, string> | undefined,
  listingError: string | undefined,
  options: ImportRunOptions,
): ImportOutcome {
  const targetId = targets?.get(repo.fullName.toLowerCase());
  const withId = targetId !== undefined ? { platformId: targetId } : {};
  switch (result.kind) {
    case "rejected":
      return { fullName: repo.fullName, ok: false, error: result.error };
    case "listed":
      return { fullName: repo.fullName, ok: true, platformId: result.targetId };
    case "uncertain":
      if (targetId !== undefined && result.jobStarted) {
        // The job is known to exist but its result is not: the target is real, its projects unconfirmed.
        return {
          fullName: repo.fullName,
          ok: false,
          platformId: targetId,
          error: `${result.error}; its target ${targetId} exists`,
        };
      }
      if (targetId !== undefined) {
        options.logger.warn(
          `${repo.fullName}: ${result.error}; its Snyk target ${targetId} exists, so the import went through`,
        );
        return { fullName: repo.fullName, ok: true, platformId: targetId };
      }
      return {
        fullName: repo.fullName,
        ok: false,
        error: `${result.error}; ${
          listingError
            ? `whether Snyk imported it is unknown (the target listing failed too: ${listingError})`
            : result.jobStarted
              ? "no Snyk target exists for it yet (the job may still finish; the next run will see its target)"
              : "no Snyk target is listed for it, so nothing was imported as far as Snyk shows (if the job did start, the next run finds its target and does not import it twice)"
        }. Apply again to retry`,
      };
    case "finished": {
      const problem = jobProblem(result.job);
      if (jobEndedBadly(result.job)) return { fullName: repo.fullName, ok: false, ...withId, error: problem };
      // A job that finished with a problem and left no target of ours: nothing to keep, its problem is the error.
      if (targetId === undefined && problem && !listingError)
        return { fullName: repo.fullName, ok: false, error: problem };
      if (targetId === undefined) {
        return {
          fullName: repo.fullName,
          ok: false,
          error: listingError
            ? `Snyk import job ${result.job.id} finished${problem ? ` (${problem})` : ""}, but its target id could not be read: ${listingError}`
            : `Snyk import job ${result.job.id} finished${problem ? ` (${problem})` : ""}, but no target named ${repo.fullName} is listed for integration ${options.integrationId}`,
        };
      }
      return problem
        ? { fullName: repo.fullName, ok: false, platformId: targetId, error: problem }
        : { fullName: repo.fullName, ok: true, platformId: targetId };
    }
  }
}
