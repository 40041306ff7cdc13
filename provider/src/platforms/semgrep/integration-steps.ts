// The Integration step on Semgrep's side: nothing remote of its own. It validates the deployment and
// that the SCM kind can be connected by token, and records a deterministic local id (the SCM config
// belongs to OrgConnection, ./connection-steps).
import { ScmIntegrationError } from "../../core/errors";
import { rememberSecret } from "../../core/redact";
import type { ScmEndpoint } from "../../scm/types";
import type { IntegrationRequest, IntegrationState, Platform } from "../types";
import { findDeployment, resolveDeployment } from "./deployments";
import type { SemgrepContext } from "./platform-context";
import type { SemgrepDeployment } from "./schemas";
import type { SemgrepScmClient } from "./scm-client";
import { GITHUB_APP_GUIDANCE, integrationIdFor, parseIntegrationId } from "./scm-kinds";

type IntegrationSteps = Pick<
  Platform,
  | "upsertIntegration"
  | "preflightIntegration"
  | "findIntegration"
  | "readIntegration"
  | "integrationIdFor"
  | "removeIntegration"
>;

export function semgrepIntegrationSteps(context: SemgrepContext): IntegrationSteps {
  const { client } = context;
  return {
    upsertIntegration: async (request) => {
      rememberSecret(request.token);
      const { deployment, adopted } = await integrationPreconditions(context, request);
      return { integrationId: integrationIdFor(deployment.id, request.endpoint), adopted };
    },
    // Read-only, for check: what `upsertIntegration` would refuse, refused now (it writes nothing either).
    preflightIntegration: async (request) => {
      await integrationPreconditions(context, request);
    },
    findIntegration: async () => null, // no remote object of its own (the SCM config belongs to OrgConnection)
    readIntegration: (platformOrg, endpoint, integrationId) =>
      readIntegration(context, platformOrg, endpoint, integrationId),
    integrationIdFor: async (platformOrg, endpoint) => {
      const deployment = await findDeployment(client, platformOrg);
      return deployment ? integrationIdFor(deployment.id, endpoint) : null;
    },
    // Nothing remote: the integration is a local record (the SCM config belongs to OrgConnection).
    removeIntegration: async () => undefined,
  };
}

/** The deployment, once the request is one Semgrep can serve; `adopted` when the GitHub App connection is used. */
async function integrationPreconditions(
  { client, scm }: SemgrepContext,
  request: IntegrationRequest,
): Promise<{ deployment: SemgrepDeployment; adopted: boolean }> {
  if (request.level === "group") {
    throw new ScmIntegrationError("unsupported", 'Semgrep has no group-level SCM integrations (level "group")', {
      field: "level",
      fix: 'use level "organization": a Semgrep deployment connects SCM organizations / groups one by one',
    });
  }
  if (!request.token) {
    throw new ScmIntegrationError("invalid-input", "the SCM token is empty", {
      field: "token",
      fix: "pass the SCM personal access token Semgrep should use",
    });
  }
  const deployment = await resolveDeployment(client, request.platformOrg);
  let adopted = false;
  if (request.endpoint.scm === "github") {
    // github.com is connected through the Semgrep GitHub App, never by token: only an existing app
    // connection can be used, and none is ever faked.
    if (!(await hasGitHubAppConnection(scm, deployment.id))) {
      throw new ScmIntegrationError(
        "unsupported",
        `Semgrep connects github.com through the Semgrep GitHub App, not with a token, and deployment "${deployment.slug}" has no GitHub App connection`,
        { field: "scm", fix: GITHUB_APP_GUIDANCE },
      );
    }
    adopted = true;
  }
  return { deployment, adopted };
}

async function readIntegration(
  { client, scm }: SemgrepContext,
  platformOrg: string,
  endpoint: ScmEndpoint,
  integrationId: string,
): Promise<IntegrationState | null> {
  const parsed = parseIntegrationId(integrationId);
  if (!parsed) return null;
  const deployment = await findDeployment(client, platformOrg);
  if (!deployment || deployment.id !== parsed.deploymentId) return null;
  if (integrationIdFor(deployment.id, endpoint) !== integrationId) return null;
  if (endpoint.scm === "github" && !(await hasGitHubAppConnection(scm, deployment.id))) return null;
  return { integrationId, adopted: endpoint.scm === "github" };
}

async function hasGitHubAppConnection(scm: SemgrepScmClient, deploymentId: string): Promise<boolean> {
  const apps = await scm.listScmApps(deploymentId);
  if (apps.some((a) => a.scmType === "SCM_TYPE_GITHUB")) return true;
  const configs = await scm.searchConfigs(deploymentId, { type: "SCM_TYPE_GITHUB" });
  return configs.some((c) => c.type === "SCM_TYPE_GITHUB");
}
