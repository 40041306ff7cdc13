// Bulk import into Snyk: one import job per repository, many in flight at once, each POST followed by
// its own polls (pipelined: a slot frees as soon as its job finishes, rather than batch by batch),
// all under the key's V1 rate limiter. Target ids are resolved afterwards with one paged listing.
import pLimit from "p-limit";
import type { Clock } from "../../core/clock";
import { errorMessage, isScmIntegrationError } from "../../core/errors";
import type { Logger } from "../../core/log";
import type { ImportOutcome, ImportProgress, RepositoryToImport } from "../types";
import type { ImportJob } from "./schemas";
import type { SnykImportTarget, SnykV1Client } from "./v1-client";

export interface PollSchedule {
  /** Wait before the first poll, in ms. */
  initialMs: number;
  /** Growth of the wait from one poll to the next. */
  factor: number;
  /** Longest wait between two polls; snyk-api-import polls every 20 s, so that is the cap. */
  maxMs: number;
  /** Polls before giving up on a job that stays pending. */
  maxPolls: number;
}

// Start fast (small repositories finish in seconds), grow, and settle at snyk-api-import's 20 s;
// 400 polls ≈ 2 h before a job that never finishes is reported.
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { initialMs: 1_000, factor: 1.5, maxMs: 20_000, maxPolls: 400 };

/** Wait before poll number `n` (1-based). */
export function pollDelay(schedule: PollSchedule, n: number): number {
  return Math.min(schedule.maxMs, Math.round(schedule.initialMs * schedule.factor ** Math.max(0, n - 1)));
}

/** The import target body for one repository, or a message saying why none can be built. */
export function importTargetFor(kind: "github" | "gitlab", repo: RepositoryToImport): SnykImportTarget | string {
  if (kind === "gitlab") {
    // GitLab targets are `{id, branch}` and snyk-api-import treats both keys as required (reference §1.5).
    if (!repo.branch)
      return `${repo.fullName}: a GitLab import needs the branch to scan (pass the project's default branch)`;
    return { id: repo.scmId, branch: repo.branch };
  }
  const slash = repo.fullName.indexOf("/");
  if (slash <= 0 || slash === repo.fullName.length - 1 || repo.fullName.indexOf("/", slash + 1) !== -1) {
    return `${repo.fullName}: a GitHub repository is named owner/name`;
  }
  return {
    owner: repo.fullName.slice(0, slash),
    name: repo.fullName.slice(slash + 1),
    ...(repo.branch ? { branch: repo.branch } : {}),
  };
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
function jobEndedBadly(job: ImportJob): boolean {
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
  | { kind: "rejected"; error: string }
  /** The POST or the polling failed in a way that leaves open whether Snyk imported it. */
  | { kind: "uncertain"; error: string; jobStarted: boolean };

export interface ImportRunOptions {
  orgId: string;
  integrationId: string;
  scmKind: "github" | "gitlab";
  concurrency: number;
  schedule: PollSchedule;
  /** What the waits between job polls sleep on. */
  clock: Clock;
  logger: Logger;
  onProgress?: ImportProgress;
  /** One paged listing of the org's targets: lower-cased display name → target id. */
  resolveTargets: () => Promise<Map<string, string>>;
}

export async function runImports(
  v1: SnykV1Client,
  repositories: RepositoryToImport[],
  options: ImportRunOptions,
): Promise<ImportOutcome[]> {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency) || 1));
  let done = 0;
  let failed = 0;
  const results = await Promise.all(
    repositories.map((repo) =>
      limit(async (): Promise<JobResult> => {
        const result = await importOne(v1, repo, options);
        // Known failed now: refused, or a job that failed. Uncertain ones are settled by the listing below.
        if (result.kind === "rejected" || (result.kind === "finished" && jobEndedBadly(result.job))) failed++;
        options.onProgress?.(++done, repositories.length, failed);
        return result;
      }),
    ),
  );

  // Target ids come from one listing after all jobs ended (one request per 100 targets instead of
  // one per repository). The same listing settles the uncertain cases: a target that exists now
  // was imported by the request whose answer we lost.
  let targets: Map<string, string> | undefined;
  let listingError: string | undefined;
  if (results.some((r) => r.kind !== "rejected")) {
    try {
      targets = await options.resolveTargets();
    } catch (e) {
      listingError = errorMessage(e);
    }
  }

  return repositories.map((repo, i): ImportOutcome => {
    const result = results[i] as JobResult;
    const targetId = targets?.get(repo.fullName.toLowerCase());
    const withId = targetId !== undefined ? { platformId: targetId } : {};
    switch (result.kind) {
      case "rejected":
        return { fullName: repo.fullName, ok: false, error: result.error };
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
  });
}

async function importOne(v1: SnykV1Client, repo: RepositoryToImport, options: ImportRunOptions): Promise<JobResult> {
  const target = importTargetFor(options.scmKind, repo);
  if (typeof target === "string") return { kind: "rejected", error: target };

  let location: string;
  try {
    location = await v1.startImport(options.orgId, options.integrationId, target);
  } catch (e) {
    // A 5xx or a dropped connection after the POST was sent may still have started the job, and the
    // shared policy does not retry non-idempotent requests: settle it from the target listing later.
    const status = isScmIntegrationError(e) ? e.status : undefined;
    const lost = !isScmIntegrationError(e) || e.kind === "unreachable" || (status !== undefined && status >= 500);
    return lost
      ? {
          kind: "uncertain",
          jobStarted: false,
          error: `the import request for ${repo.fullName} failed (${errorMessage(e)})`,
        }
      : { kind: "rejected", error: `Snyk did not start the import of ${repo.fullName}: ${errorMessage(e)}` };
  }

  for (let n = 1; n <= options.schedule.maxPolls; n++) {
    await options.clock.sleep(pollDelay(options.schedule, n));
    let job: ImportJob;
    try {
      job = await v1.getImportJob(location);
    } catch (e) {
      return {
        kind: "uncertain",
        jobStarted: true,
        error: `the import of ${repo.fullName} started, but reading its job failed (${errorMessage(e)})`,
      };
    }
    if (jobFinished(job)) return { kind: "finished", job };
  }
  return {
    kind: "uncertain",
    jobStarted: true,
    error: `the import job of ${repo.fullName} was still pending after ${options.schedule.maxPolls} polls`,
  };
}
