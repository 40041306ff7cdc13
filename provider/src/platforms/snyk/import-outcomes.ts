// Each repository's outcome of a bulk import (./import-jobs), from what its job was seen to do and the
// org's targets listed after all jobs ended.
import type { Logger } from "../../core/log";
import type { ImportOutcome, RepositoryToImport } from "../types";
import type { WatchResult } from "./job-watcher";
import { jobEndedBadly, jobProblem } from "./job-status";
import type { ImportJob } from "./schemas";

export type JobResult =
  | { kind: "finished"; job: ImportJob }
  /** The targets listing showed its target with projects (the job itself was not read). */
  | { kind: "listed"; targetId: string }
  | { kind: "rejected"; error: string }
  /** The POST or the watching failed in a way that leaves open whether Snyk imported it. */
  | { kind: "uncertain"; error: string; jobStarted: boolean };

export function fromWatch(fullName: string, result: WatchResult): JobResult {
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

export function outcomeOf(
  repo: RepositoryToImport,
  result: JobResult,
  targets: Map<string, string> | undefined,
  listingError: string | undefined,
  options: { logger: Logger; integrationId: string },
): ImportOutcome {
  const targetId = targets?.get(repo.fullName.toLowerCase());
  switch (result.kind) {
    case "rejected":
      return { fullName: repo.fullName, ok: false, error: result.error };
    case "listed":
      return { fullName: repo.fullName, ok: true, platformId: result.targetId };
    case "uncertain":
      return uncertainOutcome(repo, result, targetId, listingError, options.logger);
    case "finished":
      return finishedOutcome(repo, result.job, targetId, listingError, options.integrationId);
  }
}

/** A POST or a watch that failed: the target listed after the run tells whether the import went through. */
function uncertainOutcome(
  repo: RepositoryToImport,
  result: Extract<JobResult, { kind: "uncertain" }>,
  targetId: string | undefined,
  listingError: string | undefined,
  logger: Logger,
): ImportOutcome {
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
    logger.warn(`${repo.fullName}: ${result.error}; its Snyk target ${targetId} exists, so the import went through`);
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
}

/** A job seen to end: its problems, and the target id it left (from the listing after the run). */
function finishedOutcome(
  repo: RepositoryToImport,
  job: ImportJob,
  targetId: string | undefined,
  listingError: string | undefined,
  integrationId: string,
): ImportOutcome {
  const withId = targetId !== undefined ? { platformId: targetId } : {};
  const problem = jobProblem(job);
  if (jobEndedBadly(job)) return { fullName: repo.fullName, ok: false, ...withId, error: problem };
  // A job that finished with a problem and left no target of ours: nothing to keep, its problem is the error.
  if (targetId === undefined && problem && !listingError) return { fullName: repo.fullName, ok: false, error: problem };
  if (targetId === undefined) {
    return {
      fullName: repo.fullName,
      ok: false,
      error: listingError
        ? `Snyk import job ${job.id} finished${problem ? ` (${problem})` : ""}, but its target id could not be read: ${listingError}`
        : `Snyk import job ${job.id} finished${problem ? ` (${problem})` : ""}, but no target named ${repo.fullName} is listed for integration ${integrationId}`,
    };
  }
  return problem
    ? { fullName: repo.fullName, ok: false, platformId: targetId, error: problem }
    : { fullName: repo.fullName, ok: true, platformId: targetId };
}
