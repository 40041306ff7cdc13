// The RepositoryImport listing on Semgrep's side: the deployment's v1 projects (`GET
// /api/v1/deployments/{slug}/projects`, "projects that have been scanned or onboarded to Managed
// Scans": only onboarded projects matter here), each read once for its Managed Scans and owner tag.
import pLimit from "p-limit";
import { ScmIntegrationError } from "../../core/errors";
import type { ImportListing, ImportScope, PlatformImport } from "../types";
import { resolveDeployment } from "./deployments";
import { asError } from "./errors";
import { ownerOf } from "./owner-tags";
import type { SemgrepContext } from "./platform-context";
import type { SemgrepProject } from "./schemas";
import { hostOf } from "./scm-kinds";
import { sharedString } from "../../core/shared-strings";

export async function listImports(
  { client, readConcurrency }: SemgrepContext,
  scope: ImportScope,
): Promise<ImportListing> {
  const deployment = await resolveDeployment(client, scope.platformOrg);
  let projects: SemgrepProject[];
  try {
    projects = (await client.listAllProjects(deployment.slug)).filter((p) => inScope(p, scope));
  } catch (e) {
    throw incomplete(e, `listing the projects of deployment "${deployment.slug}"`);
  }
  // The list endpoint does not report Managed Scans; each project's own record does.
  const limit = pLimit(readConcurrency);
  const imports = await Promise.all(
    projects.map((p) =>
      limit(async (): Promise<PlatformImport | null> => {
        let full: SemgrepProject | null;
        try {
          full = await client.getProject(deployment.slug, p.name);
        } catch (e) {
          throw incomplete(e, `reading project "${p.name}"`);
        }
        if (!full) return null; // deleted between the listing and now
        const owner = ownerOf(full.tags);
        return {
          fullName: sharedString(full.name),
          platformId: sharedString(full.id),
          scanning: managedScansOn(full),
          ...(owner !== undefined ? { owner: sharedString(owner) } : {}),
        };
      }),
    ),
  );
  return {
    imports: imports
      .filter((i): i is PlatformImport => i !== null)
      .sort((a, b) => a.fullName.localeCompare(b.fullName)),
    complete: true,
  };
}

/** A project belongs to the scope when its name is under the namespace and (when it has a URL) it lives on the scope's host. */
export function inScope(project: { name: string; url?: string | null | undefined }, scope: ImportScope): boolean {
  if (!project.name.toLowerCase().startsWith(`${scope.organization.toLowerCase()}/`)) return false;
  if (project.url) return hostOf(project.url) === hostOf(scope.endpoint.webUrl);
  return true;
}

/**
 * Scanning = Managed Scans on (full or diff). A project without a managed-scan config is counted as not
 * scanning: nothing this provider controls scans it, so an import turns Managed Scans on.
 */
function managedScansOn(project: SemgrepProject): boolean {
  const config = project.managed_scan_config;
  return config?.full_scan?.enabled === true || config?.diff_scan?.enabled === true;
}

const CREDENTIAL_KINDS = new Set([
  "bad-credentials",
  "insufficient-scope",
  "no-access",
  "token-expired",
  "token-revoked",
]);

function incomplete(e: unknown, what: string): ScmIntegrationError {
  const error = asError(e);
  // A credential problem is reported as what it is: no page could have succeeded.
  if (CREDENTIAL_KINDS.has(error.kind)) return error;
  return new ScmIntegrationError(
    "incomplete",
    `${what} did not finish, so the listing is incomplete: ${error.message}`,
    {
      ...(error.status !== undefined ? { status: error.status } : {}),
      details: { cause: error.kind },
      cause: e,
    },
  );
}
