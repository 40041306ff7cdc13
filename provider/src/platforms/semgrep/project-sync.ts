// Before an import turns Managed Scans on: their prerequisites checked, the SCM config synced so Semgrep
// makes a project of each repository, and those projects found. A sync-created project is
// PROJECT_STATUS_NOT_SETUP: the v1 list (`GET /api/v1/deployments/{slug}/projects`, "projects that have
// been scanned or onboarded to Managed Scans") does not show it, so it is found with v2
// `POST /api/v2/deployments/{id}/projects/list` (filter `names`). Every failure here happens before
// anything is imported, and says so (`nothingDone`).
import { ScmIntegrationError } from "../../core/errors";
import type { ImportScope, RepositoryToImport, ScmOrganizationFacts } from "../types";
import { asError, withContext } from "./errors";
import { inScope } from "./import-listing";
import { managedScansVerdict } from "./managed-scans";
import { managedScansFacts } from "./managed-scans-facts";
import type { SemgrepContext } from "./platform-context";
import type { SemgrepDeployment, SemgrepProjectV2 } from "./schemas";

/**
 * Managed Scans are turned on only where their prerequisites hold (GitHub: the private Semgrep GitHub
 * app with code access); otherwise nothing is started and the error says what to fix.
 */
export async function requireManagedScansPrerequisites(
  { scm }: SemgrepContext,
  deployment: SemgrepDeployment,
  scope: ImportScope,
  scmFacts: ScmOrganizationFacts | undefined,
  nothingDone: string,
): Promise<void> {
  const prerequisites = managedScansVerdict(
    await managedScansFacts(scm, deployment.id, scope.endpoint, scope.organization, scmFacts),
  );
  if (prerequisites.missing.length > 0) {
    throw new ScmIntegrationError(
      "no-access",
      `Semgrep Managed Scans cannot be turned on for "${scope.organization}": ${prerequisites.missing.join("; ")}; ${nothingDone}`,
      {
        field: "connection",
        fix: "complete the missing prerequisite in Semgrep and the SCM as described, then run `pulumi up` again",
      },
    );
  }
}

/** Sync the SCM config so Semgrep creates projects for the namespace's repositories, and wait for the sync. */
export async function syncConnection(
  { scm, syncWait }: SemgrepContext,
  deployment: SemgrepDeployment,
  scope: ImportScope,
  nothingDone: string,
): Promise<void> {
  let taskToken: string | null;
  try {
    taskToken = await scm.syncConfig(deployment.id, scope.connectionId);
  } catch (e) {
    throw withContext(
      asError(e),
      `Semgrep could not start the sync of SCM config ${scope.connectionId}; ${nothingDone}`,
    );
  }
  if (!taskToken) {
    throw new ScmIntegrationError(
      "not-found",
      `SCM config ${scope.connectionId} no longer exists in deployment "${deployment.slug}"; ${nothingDone}`,
      {
        field: "connection",
        fix: "run `pulumi up` so the OrgConnection re-creates the SCM config, then import again",
      },
    );
  }
  let outcome;
  try {
    outcome = await scm.waitForTask(taskToken, syncWait);
  } catch (e) {
    throw withContext(asError(e), `the sync of SCM config ${scope.connectionId} did not finish; ${nothingDone}`);
  }
  if (outcome.state === "failed") {
    throw new ScmIntegrationError(
      "server-error",
      `Semgrep's sync of SCM config ${scope.connectionId} ended with ${outcome.status}${
        outcome.detail ? ` (${outcome.detail})` : ""
      }; ${nothingDone}`,
      {
        fix: "check the connection's token and its access to the organization (OrgConnection tokenScopes), then run again",
      },
    );
  }
}

/**
 * The projects the sync made for these repositories, keyed by lower-case name. They are
 * PROJECT_STATUS_NOT_SETUP until onboarded, so the v1 list (scanned or onboarded projects only) does not
 * have them: v2 projects/list, filtered by name, does.
 */
export async function syncedProjects(
  { client }: SemgrepContext,
  deployment: SemgrepDeployment,
  scope: ImportScope,
  repositories: RepositoryToImport[],
  nothingDone: string,
): Promise<Map<string, SemgrepProjectV2>> {
  let found: Map<string, SemgrepProjectV2>;
  try {
    found = await client.findProjectsByName(
      deployment.id,
      repositories.map((r) => r.fullName),
    );
  } catch (e) {
    throw withContext(asError(e), `the sync finished but the projects could not be listed; ${nothingDone}`);
  }
  return new Map([...found].filter(([, p]) => inScope(p, scope)));
}
