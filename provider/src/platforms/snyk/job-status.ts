// What a finished Snyk V1 import job says about its repository.
import type { ImportJob } from "./schemas";

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
