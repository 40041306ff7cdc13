// The OrgConnection step on Semgrep's side: the SCM config (`/api/scm/deployments/{id}/configs`),
// adopted when one exists. github.com is connected through the Semgrep GitHub App, whose connection is
// adopted as it is and never removed.
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { rememberSecret } from "../../core/redact";
import type { ConnectionRequest, ConnectionState, ExistingObject, LoginScm, Platform } from "../types";
import { findDeployment, resolveDeployment } from "./deployments";
import { listImports } from "./import-listing";
import { loginScmConnections, loginScmOf, type SemgrepSsoProviders } from "./login-scm";
import { managedScansVerdict } from "./managed-scans";
import { managedScansFacts } from "./managed-scans-facts";
import type { SemgrepContext } from "./platform-context";
import type { SemgrepDeployment, SemgrepScmConfig } from "./schemas";
import { checkedConnection, connectionState, findConfig } from "./scm-configs";
import { GITHUB_APP_GUIDANCE, SCM_TYPE_BY_KIND } from "./scm-kinds";

type ConnectionSteps = Pick<
  Platform,
  "connect" | "findConnection" | "scanPrerequisites" | "loginScm" | "readConnection" | "disconnect"
>;

export function semgrepConnectionSteps(context: SemgrepContext): ConnectionSteps {
  const { client, scm } = context;
  return {
    connect: (request) => connect(context, request),
    findConnection: (request) => findConnection(context, request),
    scanPrerequisites: async (request, facts) => {
      const deployment = await resolveDeployment(client, request.platformOrg);
      return managedScansVerdict(
        await managedScansFacts(scm, deployment.id, request.endpoint, request.organization, facts),
      );
    },
    loginScm: (platformOrg) => loginScm(context, platformOrg),
    readConnection: (request, connectionId) => readConnection(context, request, connectionId),
    disconnect: (request, connectionId) => disconnect(context, request, connectionId),
  };
}

async function connect(context: SemgrepContext, request: ConnectionRequest): Promise<ConnectionState> {
  const { client, scm } = context;
  rememberSecret(request.token);
  const deployment = await resolveDeployment(client, request.platformOrg);
  const existing = await findConfig(scm, deployment.id, request.endpoint, request.organization);

  if (request.endpoint.scm === "github") {
    if (!existing) {
      throw new ScmIntegrationError(
        "unsupported",
        `deployment "${deployment.slug}" has no GitHub App connection for the GitHub organization "${request.organization}"`,
        { field: "organization", fix: GITHUB_APP_GUIDANCE },
      );
    }
    // An app connection carries no token of ours: adopt it as it is.
    return {
      ...(await checkedConnection(scm, deployment.id, existing.id, "adopted")),
      adopted: true,
      appConnection: true,
    };
  }

  const { config, how } = existing
    ? await adoptConfig(context, request, deployment, existing)
    : await createConfig(context, request, deployment);
  context.logger.info(
    `Semgrep: ${how} SCM config ${config.id} (${SCM_TYPE_BY_KIND[request.endpoint.scm]}, "${request.organization}")`,
  );
  // A config found after a failed create of ours was made by this call: not adopted.
  return { ...(await checkedConnection(scm, deployment.id, config.id, how)), adopted: existing !== undefined };
}

type ConfigWritten = { config: SemgrepScmConfig; how: "created" | "adopted" };

/** Adopt instead of duplicating; the token given is the one to use from now on. */
async function adoptConfig(
  { scm }: SemgrepContext,
  request: ConnectionRequest,
  deployment: SemgrepDeployment,
  existing: SemgrepScmConfig,
): Promise<ConfigWritten> {
  const patched = await scm.patchConfig(deployment.id, existing.id, { accessToken: request.token });
  if (!patched) {
    throw new ScmIntegrationError(
      "conflict",
      `SCM config ${existing.id} for "${request.organization}" disappeared while it was being adopted`,
      { fix: "run again" },
    );
  }
  return { config: patched, how: "adopted" };
}

async function createConfig(
  { scm, logger }: SemgrepContext,
  request: ConnectionRequest,
  deployment: SemgrepDeployment,
): Promise<ConfigWritten> {
  try {
    const config = await scm.createConfig(deployment.id, {
      type: SCM_TYPE_BY_KIND[request.endpoint.scm],
      namespace: request.organization,
      baseUrl: request.endpoint.baseUrl,
      accessToken: request.token,
      ...(request.options?.autoScan !== undefined ? { autoScan: request.options.autoScan } : {}),
    });
    return { config, how: "created" };
  } catch (e) {
    // A create that failed on the way back (conflict, 5xx, dropped connection) may have happened
    // anyway: look again before reporting, so a retry never makes a second config.
    const again = await findConfig(scm, deployment.id, request.endpoint, request.organization).catch(() => null);
    if (!again) throw e;
    logger.info(`Semgrep: SCM config for "${request.organization}" exists after a failed create; adopting it`);
    const patched = await scm.patchConfig(deployment.id, again.id, { accessToken: request.token });
    return { config: patched ?? again, how: "adopted" };
  }
}

async function findConnection(
  { client, scm }: SemgrepContext,
  request: ConnectionRequest,
): Promise<ExistingObject | null> {
  const deployment = await findDeployment(client, request.platformOrg);
  if (!deployment) return null; // connect reports the missing deployment
  const existing = await findConfig(scm, deployment.id, request.endpoint, request.organization);
  if (!existing) return null;
  const type = SCM_TYPE_BY_KIND[request.endpoint.scm];
  const app = request.endpoint.scm === "github";
  return {
    id: existing.id,
    description: `the ${app ? "GitHub App connection" : "SCM config"} ${existing.id} (${type}, "${existing.namespace}"${existing.baseUrl ? `, ${existing.baseUrl}` : ""}) of Semgrep deployment "${deployment.slug}"`,
    // The SCM config API has no owner or tag field: who made it cannot be read.
    provenance:
      "it was not created by this resource: made in Semgrep's UI (Settings > Source code managers), by another stack or by another OrgConnection (Semgrep SCM configs carry no marker of who made them)",
    takeover: app
      ? "up would use it as it is (an app connection carries no token of this provider) and never remove it"
      : "up would give it this connection's token, replacing the one it holds, and keep it in place on delete",
    changesOnTakeover: !app,
  };
}

async function loginScm({ client, scm }: SemgrepContext, platformOrg: string): Promise<LoginScm | null | undefined> {
  const deployment = await resolveDeployment(client, platformOrg);
  let listing: SemgrepSsoProviders | null;
  try {
    listing = await scm.listSsoProviders(deployment.id);
  } catch (e) {
    // An Experimental endpoint this token may not be allowed to read: not knowing is not a failure.
    if (isScmIntegrationError(e) && e.kind === "no-access") return undefined;
    throw e;
  }
  const login = listing === null ? undefined : loginScmOf(listing);
  if (!login) return login;
  // Which organizations of that SCM the deployment already connects, so a refusal can name them.
  return { ...login, connections: loginScmConnections(login, await scm.listConfigs(deployment.id)) };
}

async function readConnection(
  { client, scm }: SemgrepContext,
  request: ConnectionRequest,
  connectionId: string,
): Promise<ConnectionState | null> {
  const deployment = await findDeployment(client, request.platformOrg);
  if (!deployment) return null;
  // No GET for one config exists: search its (type, namespace) first, and only when it is not there
  // (renamed in the UI, say) read the whole list before calling it gone.
  const type = SCM_TYPE_BY_KIND[request.endpoint.scm];
  const near = await scm.searchConfigs(deployment.id, { type, namespace: request.organization });
  if (!near.some((c) => c.id === connectionId)) {
    const all = await scm.listConfigs(deployment.id);
    if (!all.some((c) => c.id === connectionId)) return null;
  }
  const check = await scm.checkConfig(deployment.id, connectionId);
  return check ? connectionState(connectionId, check) : null;
}

async function disconnect(
  context: SemgrepContext,
  request: ConnectionRequest,
  connectionId: string,
): Promise<string | undefined> {
  const { client, scm, logger } = context;
  if (request.endpoint.scm === "github") {
    // The app connection was adopted, not made here; removing it would uninstall Semgrep for everyone.
    logger.warn(
      `Semgrep: leaving GitHub App connection ${connectionId} in place (it was adopted; uninstall the app in GitHub to remove it)`,
    );
    return undefined;
  }
  const deployment = await findDeployment(client, request.platformOrg);
  if (!deployment) return undefined;
  // Projects of the organization still scanned belong to someone else: the engine deletes a stack's
  // RepositoryImports (which stop what they onboarded) before its OrgConnection. Deleting the config
  // would cut them off from the SCM, so it stays.
  const { imports } = await listImports(context, {
    platformOrg: request.platformOrg,
    integrationId: request.integrationId,
    connectionId,
    endpoint: request.endpoint,
    organization: request.organization,
  });
  const scanned = imports.filter((i) => i.scanning).map((i) => i.fullName);
  if (scanned.length > 0) {
    const shown = scanned.slice(0, 5).join(", ") + (scanned.length > 5 ? ` and ${scanned.length - 5} more` : "");
    return `${scanned.length} project${scanned.length === 1 ? " is" : "s are"} still scanned through it (${shown}), onboarded by hand, by another stack or kept by a replacement`;
  }
  const deleted = await scm.deleteConfig(deployment.id, connectionId);
  if (!deleted) logger.info(`Semgrep: SCM config ${connectionId} was already gone`);
  return undefined;
}
