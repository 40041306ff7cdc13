// Submitting one repository's Snyk V1 import job, or finding it in the journal from an earlier run that
// did not see it end, so a job is never submitted twice.
import type { Clock } from "../../core/clock";
import { errorMessage, isScmIntegrationError } from "../../core/errors";
import type { JobJournal, JournalEntry } from "../job-journal";
import type { RepositoryToImport } from "../types";
import type { JobResult } from "./import-outcomes";
import { importTargetFor } from "./import-targets";
import { jobFinished } from "./job-status";
import type { SnykImportTarget, SnykV1Client } from "./v1-client";

/** Where a job is submitted, and what its journal times are read on. */
export interface SubmitOptions {
  orgId: string;
  integrationId: string;
  scmKind: "github" | "gitlab";
  clock: Clock;
}

/** What a submission hands the watcher: a job to watch, or the repository's result. */
type Submitted = { location?: string; at: number; resumed?: true } | { result: JobResult; resumed?: true };

/**
 * POST the import (or, with `resume`, find it in the journal): the job to watch — its URL, or none for a
 * killed run's submission whose answer it never saw — or the repository's result when no job runs.
 */
export async function submit(
  v1: SnykV1Client,
  repo: RepositoryToImport,
  options: SubmitOptions,
  journal: JobJournal,
  key: string,
  resume: boolean,
): Promise<Submitted> {
  const target = importTargetFor(options.scmKind, repo);
  if (typeof target === "string") return { result: { kind: "rejected", error: target } };

  const recorded = resume ? journal.recorded(key) : undefined;
  const resumed = recorded ? await resumeRecorded(v1, repo, recorded) : undefined;
  if (resumed) return resumed;
  return startImport(v1, repo, target, options, journal, key);
}

/** What the journal's entry from an earlier run says to do; undefined when the job must be submitted again. */
async function resumeRecorded(
  v1: SnykV1Client,
  repo: RepositoryToImport,
  recorded: JournalEntry,
): Promise<Submitted | undefined> {
  // Killed with this POST in flight: Snyk may have started the job. Watched through the listing until
  // its target shows up, or until long enough has passed that no job of it can be running.
  if (recorded.location === undefined) return { at: recorded.at, resumed: true };
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
    return undefined;
  }
}

/** POST the import, journaled before it is sent and once its job's URL is known. */
async function startImport(
  v1: SnykV1Client,
  repo: RepositoryToImport,
  target: SnykImportTarget,
  options: SubmitOptions,
  journal: JobJournal,
  key: string,
): Promise<Submitted> {
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
