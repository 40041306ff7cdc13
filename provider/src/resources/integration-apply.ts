// Integration's create / update: register the credential with the platform (Snyk upserts it; Semgrep
// validates and records a local id) once the token has what the platform needs, and build the outputs.
import { ScmIntegrationError } from "../core/errors";
import { tokenFingerprint } from "../core/redact";
import type { IntegrationState } from "../platforms/types";
import type { ScmEndpoint } from "../scm/types";
import type { Props } from "./handler";
import { endpointOf, findingsFor, KIND, parseIntegration } from "./integration-context";
import { compact, withInternal } from "./props";
import type { CheckedIntegrationInputs, IntegrationOutputs } from "./schema.generated";
import { currentServices, resourceLogger } from "./services";
import type { TokenFindings } from "./token-findings";

function outputsOf(
  inputs: CheckedIntegrationInputs,
  props: Props,
  endpoint: ScmEndpoint,
  findings: TokenFindings,
  state: IntegrationState & { integrationType?: string },
): Props {
  const outputs: IntegrationOutputs = {
    ...inputs,
    integrationId: state.integrationId,
    integrationType: state.integrationType ?? inputs.scm,
    apiUrl: endpoint.apiUrl,
    tokenKind: findings.info.kind,
    tokenScopes: [...findings.info.grantedScopes].sort(),
    missingScopes: findings.evaluation.missing,
    excessScopes: findings.evaluation.excess,
    warnings: [
      ...findings.warnings,
      ...(state.adopted
        ? [
            "an integration of this type already existed on the platform and was taken over (adoptExisting); deleting this resource leaves it and its credentials in place",
          ]
        : []),
    ],
    tokenFingerprint: tokenFingerprint(inputs.token),
    ...(findings.info.expiresAt ? { tokenExpiresAt: findings.info.expiresAt } : {}),
    ...(findings.info.owner ? { tokenOwner: findings.info.owner } : {}),
    ...(findings.info.serverVersion ? { serverVersion: findings.info.serverVersion } : {}),
    adopted: state.adopted,
  };
  return withInternal(compact(outputs as unknown as Props), props);
}

/**
 * `ownId`: the integration this resource already manages (update); finding it again is no takeover.
 * `adoptedBefore`: the resource took it over earlier (update keeps that). On create, check has already
 * refused an existing integration without `adoptExisting` unless it is this resource's own (a replace):
 * an existing one is recorded as adopted only when the opt-in is given.
 */
export async function registerIntegration(
  props: Props,
  ownId?: string,
  adoptedBefore = false,
): Promise<{ id: string; outs: Props }> {
  const inputs = parseIntegration(props);
  const logger = resourceLogger(KIND, props.resourceName);
  const endpoint = endpointOf(inputs);
  const findings = await findingsFor(inputs, props);
  if (findings.blocking) {
    throw new ScmIntegrationError("insufficient-scope", findings.blocking, { field: "token" });
  }
  const platform = currentServices().platform(inputs.platform, logger);
  const state = await platform.upsertIntegration({
    platformOrg: inputs.platformOrg,
    level: inputs.level,
    endpoint,
    token: inputs.token,
  });
  const tookOver = state.adopted === true && state.integrationId !== ownId && inputs.adoptExisting;
  logger.info(
    `${tookOver ? "took over (adoptExisting)" : ownId ? "updated" : "registered"} ${inputs.platform} integration ${state.integrationId} for ${endpoint.apiUrl}`,
  );
  const adopted = tookOver || (adoptedBefore && state.integrationId === ownId);
  return {
    id: state.integrationId,
    outs: outputsOf(inputs, props, endpoint, findings, { ...state, adopted }),
  };
}
