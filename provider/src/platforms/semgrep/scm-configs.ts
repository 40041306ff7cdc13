// A deployment's SCM configs (`/api/scm/deployments/{id}/configs`) as the OrgConnection sees them: the one
// config of a (type, namespace, base URL), and its check turned into a ConnectionState.
import { ScmIntegrationError } from "../../core/errors";
import type { ScmEndpoint } from "../../scm/types";
import type { ConnectionState } from "../types";
import { asError } from "./errors";
import type { SemgrepConfigCheck, SemgrepScmConfig } from "./schemas";
import type { SemgrepScmClient } from "./scm-client";
import { SCM_TYPE_BY_KIND, hostOf, sameBaseUrl } from "./scm-kinds";

/** The config is the one of this (type, namespace, base URL). */
export function isConfigOf(config: SemgrepScmConfig, endpoint: ScmEndpoint, organization: string): boolean {
  return (
    config.type === SCM_TYPE_BY_KIND[endpoint.scm] &&
    config.namespace.toLowerCase() === organization.toLowerCase() &&
    // GitHub App configs may carry no baseUrl: github.com is implied.
    (endpoint.scm === "github"
      ? !config.baseUrl || hostOf(config.baseUrl) === "github.com"
      : sameBaseUrl(config.baseUrl, endpoint.baseUrl))
  );
}

/** The deployment's config for this (type, namespace, baseUrl), if any. */
export async function findConfig(
  scm: SemgrepScmClient,
  deploymentId: string,
  endpoint: ScmEndpoint,
  organization: string,
): Promise<SemgrepScmConfig | undefined> {
  const type = SCM_TYPE_BY_KIND[endpoint.scm];
  const configs = await scm.searchConfigs(deploymentId, { type, namespace: organization });
  return configs.find((c) => isConfigOf(c, endpoint, organization));
}

/** The state of a config just created or adopted, from its check; an error that says what exists otherwise. */
export async function checkedConnection(
  scm: SemgrepScmClient,
  deploymentId: string,
  configId: string,
  how: string,
): Promise<ConnectionState> {
  let check: SemgrepConfigCheck | null;
  try {
    check = await scm.checkConfig(deploymentId, configId);
  } catch (e) {
    // Say what exists, so the engine records it and the next run converges (a create error carrying the id
    // is recorded as created: https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts).
    const error = asError(e);
    throw new ScmIntegrationError(
      error.kind,
      `SCM config ${configId} was ${how}, but checking it failed: ${error.message}`,
      {
        ...(error.status !== undefined ? { status: error.status } : {}),
        details: { connectionId: configId, how },
        cause: e,
      },
    );
  }
  if (!check) {
    throw new ScmIntegrationError(
      "conflict",
      `SCM config ${configId} was ${how} but disappeared before it could be checked`,
      {
        details: { connectionId: configId, how },
        fix: "run again",
      },
    );
  }
  return connectionState(configId, check);
}

export function connectionState(configId: string, check: SemgrepConfigCheck): ConnectionState {
  const status = check.status ?? {};
  const tokenScopes: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(check.tokenScopes ?? {})) {
    if (typeof value === "boolean") tokenScopes[name] = value;
  }
  return {
    connectionId: configId,
    status: {
      checked: Boolean(status.checked),
      ok: status.ok === true,
      ...(status.error ? { error: status.error } : {}),
    },
    tokenScopes,
  };
}
