// Onboarding by CI job through Semgrep itself, where Semgrep's API offers it: GitHub.com repositories
// that Semgrep holds as projects (its GitHub app syncs them). Semgrep's published API description
// (public_v2.openapi.yaml, ProjectsService, both badged Experimental) has
//  - POST /api/agent/deployments/{deploymentId}/repos/_secret (BulkAddRepoSecret): "Generates and adds a
//    secret for the 'semgrep-ci' GitHub Action to the GitHub Repositories that are associated with any
//    Semgrep Projects that match the given filters" → repoTokenIds, errors;
//  - POST /api/agent/deployments/{deploymentId}/repos/_provision (BulkProvisionRepos): "Adds a
//    'semgrep-ci' GitHub Action to the GitHub Repositories …" → repoFileUrls (repo id → the file), errors.
// Where it does not apply: GitLab (no such endpoint; the job goes into .gitlab-ci.yml by merge request),
// and GitHub Enterprise Server, which the description does not name (UNVERIFIED; pull requests there).
// The secret goes first, so a workflow never lands without the token it reads.
import { z } from "zod";
import { errorMessage } from "../../core/errors";
import type { ImportOutcome, ImportScope, Platform } from "../types";
import { resolveDeployment } from "./deployments";
import type { SemgrepContext } from "./platform-context";
import { syncConnection, syncedProjects } from "./project-sync";
import { enc } from "./transport";

const bulkErrors = z
  .array(z.object({ code: z.string().optional(), message: z.string().optional(), ids: z.array(z.string()).optional() }))
  .optional()
  .nullable();
const provisionResponse = z.object({ repoFileUrls: z.record(z.string(), z.string()).optional(), errors: bulkErrors });
const secretResponse = z.object({ repoTokenIds: z.record(z.string(), z.string()).optional(), errors: bulkErrors });

/** An outcome per repository: ok with the provisioned file's URL as platformId, or why not. */
export function semgrepProvisioningSteps(context: SemgrepContext): Pick<Platform, "provisionCiJobs"> {
  return { provisionCiJobs: (scope, names) => provisionCiJobs(context, scope, names) };
}

async function provisionCiJobs(context: SemgrepContext, scope: ImportScope, names: string[]): Promise<ImportOutcome[]> {
  if (names.length === 0) return [];
  const deployment = await resolveDeployment(context.client, scope.platformOrg);
  const nothingDone = `nothing was provisioned (0 of ${names.length} repositories)`;
  // Projects appear for the repositories of the SCM config once it is synced: the ids the endpoints filter on.
  await syncConnection(context, deployment, scope, nothingDone);
  const byName = await syncedProjects(
    context,
    deployment,
    scope,
    names.map((fullName, i) => ({ fullName, scmId: i + 1 })),
    nothingDone,
  );
  const ids = new Map<string, string>();
  const outcomes = new Map<string, ImportOutcome>();
  for (const fullName of names) {
    const project = byName.get(fullName.toLowerCase());
    if (project) ids.set(String(project.id), fullName);
    else
      outcomes.set(fullName, {
        fullName,
        ok: false,
        error: `${fullName} is not a Semgrep project after syncing SCM config ${scope.connectionId}, so Semgrep cannot provision it`,
      });
  }
  if (ids.size > 0) {
    const path = (what: string) => `/api/agent/deployments/${enc(deployment.id)}/repos/${what}`;
    const body = { deploymentId: deployment.id, filters: { ids: [...ids.keys()] } };
    try {
      const secrets = await context.client.transport.call({
        operation: `add the Semgrep CI secret to ${ids.size} repositories`,
        method: "POST",
        path: path("_secret"),
        body,
        schema: secretResponse,
      });
      const noSecret = failedIds(secrets.errors);
      for (const [id, why] of noSecret) fail(outcomes, ids, id, `Semgrep did not add the CI secret: ${why}`);
      const remaining = [...ids.keys()].filter((id) => !noSecret.has(id));
      if (remaining.length > 0) {
        const provisioned = await context.client.transport.call({
          operation: `provision the Semgrep CI workflow in ${remaining.length} repositories`,
          method: "POST",
          path: path("_provision"),
          body: { ...body, filters: { ids: remaining } },
          schema: provisionResponse,
        });
        const notProvisioned = failedIds(provisioned.errors);
        for (const id of remaining) {
          const fullName = ids.get(id)!;
          const fileUrl = provisioned.repoFileUrls?.[id];
          if (fileUrl !== undefined) outcomes.set(fullName, { fullName, ok: true, platformId: fileUrl });
          else fail(outcomes, ids, id, notProvisioned.get(id) ?? "Semgrep named no provisioned file for it");
        }
      }
    } catch (e) {
      for (const id of ids.keys()) if (!outcomes.has(ids.get(id)!)) fail(outcomes, ids, id, errorMessage(e));
    }
  }
  return names.map((n) => outcomes.get(n)!);
}

function failedIds(errors: z.infer<typeof bulkErrors>): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of errors ?? [])
    for (const id of e.ids ?? []) out.set(id, `${e.message ?? "refused"}${e.code ? ` (${e.code})` : ""}`);
  return out;
}

function fail(outcomes: Map<string, ImportOutcome>, ids: Map<string, string>, id: string, error: string): void {
  const fullName = ids.get(id)!;
  if (!outcomes.has(fullName) || outcomes.get(fullName)!.ok) outcomes.set(fullName, { fullName, ok: false, error });
}
