// The RepositoryImport steps on Semgrep's side: projects. A repository becomes a project when its SCM
// config is synced (./project-sync), and is scanned by turning Managed Scans on; removing an import
// turns them off, or deletes the project with its findings on explicit request. (Onboarding by CI job
// is resources/ci-onboarding.ts, by pull / merge request, and ./provisioning-steps on GitHub.com.)
import pLimit from "p-limit";
import { errorMessage } from "../../core/errors";
import type { ImportOptions, ImportOutcome, ImportScope, Platform, PlatformImport, RepositoryToImport } from "../types";
import { resolveDeployment } from "./deployments";
import { listImports } from "./import-listing";
import { markOwner, unmarkOwner } from "./owner-tags";
import type { SemgrepContext } from "./platform-context";
import { requireManagedScansPrerequisites, syncConnection, syncedProjects } from "./project-sync";
import type { SemgrepProjectV2 } from "./schemas";

type ImportSteps = Pick<Platform, "listImports" | "importRepositories" | "removeImport">;

const MANAGED_SCANS_ON = { diffScan: true, fullScan: true };
const MANAGED_SCANS_OFF = { diffScan: false, fullScan: false };

export function semgrepImportSteps(context: SemgrepContext): ImportSteps {
  return {
    listImports: (scope) => listImports(context, scope),
    importRepositories: (scope, repositories, options) => importRepositories(context, scope, repositories, options),
    removeImport: (scope, item, options) => removeImport(context, scope, item, options),
  };
}

async function importRepositories(
  context: SemgrepContext,
  scope: ImportScope,
  repositories: RepositoryToImport[],
  options: Pick<ImportOptions, "concurrency" | "onProgress" | "scmFacts">,
): Promise<ImportOutcome[]> {
  if (repositories.length === 0) return [];
  const deployment = await resolveDeployment(context.client, scope.platformOrg);
  const nothingDone = `nothing was imported (0 of ${repositories.length} repositories)`;
  await requireManagedScansPrerequisites(context, deployment, scope, options.scmFacts, nothingDone);
  await syncConnection(context, deployment, scope, nothingDone);
  const byName = await syncedProjects(context, deployment, scope, repositories, nothingDone);

  // Turn Managed Scans on for each desired project, a bounded number at a time.
  const limit = pLimit(Math.max(1, options.concurrency));
  let done = 0;
  let failed = 0;
  const finish = (o: ImportOutcome): ImportOutcome => {
    done++;
    if (!o.ok) failed++;
    options.onProgress?.(done, repositories.length, failed);
    return o;
  };
  return Promise.all(
    repositories.map((repo) =>
      limit(async () =>
        finish(await onboardProject(context, deployment.slug, scope, repo, byName.get(repo.fullName.toLowerCase()))),
      ),
    ),
  );
}

/** One repository's outcome: its project's primary branch set when asked, Managed Scans on, owner marked. */
async function onboardProject(
  context: SemgrepContext,
  slug: string,
  scope: ImportScope,
  repo: RepositoryToImport,
  project: SemgrepProjectV2 | undefined,
): Promise<ImportOutcome> {
  if (!project) {
    return {
      fullName: repo.fullName,
      ok: false,
      error:
        `${repo.fullName} did not appear as a Semgrep project after syncing SCM config ${scope.connectionId}: ` +
        `check that it belongs to "${scope.organization}", that the connection's token can read it ` +
        `and that its project is not archived in Semgrep`,
    };
  }
  try {
    if (repo.branch) {
      await context.client.updateProject(slug, project.name, {
        primary_branch: `refs/heads/${repo.branch}`,
      });
    }
    const found = await context.client.setManagedScan(slug, project.name, MANAGED_SCANS_ON);
    if (!found) {
      return {
        fullName: repo.fullName,
        ok: false,
        error: `project ${project.name} disappeared before Managed Scans could be turned on`,
      };
    }
    await markOwner(context, slug, project.name, scope.owner);
    return { fullName: repo.fullName, ok: true, platformId: project.id };
  } catch (e) {
    return {
      fullName: repo.fullName,
      ok: false,
      platformId: project.id,
      error: `project ${project.name} exists but Managed Scans could not be turned on: ${errorMessage(e)}`,
    };
  }
}

async function removeImport(
  context: SemgrepContext,
  scope: ImportScope,
  item: PlatformImport,
  options: { deleteFindings: boolean },
): Promise<void> {
  const { client, logger } = context;
  const deployment = await resolveDeployment(client, scope.platformOrg);
  if (options.deleteFindings) {
    // Deleting a Semgrep project erases all its findings: only on explicit request.
    const existed = await client.deleteProject(deployment.slug, item.fullName);
    logger.info(`Semgrep: ${existed ? "deleted" : "already gone:"} project ${item.fullName} (findings erased)`);
    return;
  }
  const existed = await client.setManagedScan(deployment.slug, item.fullName, MANAGED_SCANS_OFF);
  logger.info(`Semgrep: ${existed ? "stopped Managed Scans of" : "already gone:"} project ${item.fullName}`);
  // Scanned by nobody now: it no longer carries this resource's marker, so whoever onboards it next owns it.
  if (existed && item.owner !== undefined && item.owner === scope.owner) {
    await unmarkOwner(context, deployment.slug, item.fullName, item.owner);
  }
}
