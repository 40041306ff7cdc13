// What every OrgConnection step shares: the kind and input keys, the platform object its inputs name,
// parsing the recorded inputs, and the clients and request the steps send with.
import { ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import { rememberSecret } from "../core/redact";
import type { ConnectionRequest } from "../platforms/types";
import type { ScmClient, ScmEndpoint } from "../scm/types";
import type { Props } from "./handler";
import { sameObjectAsBefore } from "./ownership";
import { internalFields } from "./props";
import {
  orgConnectionDefaults,
  orgConnectionInputKeys,
  orgConnectionInputsSchema,
  type CheckedOrgConnectionInputs,
} from "./schema.generated";
import { checkInputs } from "./schema-support";
import { currentServices, resourceLogger, scmTargetOf } from "./services";

export const KIND = "OrgConnection";
export const INPUT_KEYS = [...orgConnectionInputKeys, "resourceName"] as const;
/**
 * How refresh marks a warning about what it found broken out of band; the next diff sees it and plans
 * an update, which gives the platform the connection's token again (and an update rewrites warnings).
 */
export const REFRESH_FOUND = "refresh found: ";

/** What deleting an adopted connection leaves (the refusal and the notice say it). */
export const KEPT_ON_DELETE = "leaves the SCM config in place";

/** Same platform object as the old inputs: one Semgrep SCM config per (deployment, type, namespace, base URL). */
export function sameConnection(olds: Props, news: Props): boolean {
  const identity = (p: Props) => {
    const ref = (p.integration ?? {}) as Props;
    return {
      platform: ref.platform,
      platformOrg: ref.platformOrg,
      scm: ref.scm,
      baseUrl: ref.baseUrl,
      org: p.organization,
    };
  };
  return sameObjectAsBefore({ id: identity(olds) }, { id: identity(news) }, ["id"]) && olds.organization !== undefined;
}

/** Recorded (or new) inputs, checked; invalid ones are an error here, since check passed them before. */
export function parseOrgConnection(props: Props): CheckedOrgConnectionInputs {
  const result = checkInputs(orgConnectionInputsSchema(), internalFields(props).rest, orgConnectionDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  rememberSecret(result.inputs.integration.token);
  return result.inputs;
}

export interface ConnectionContext {
  inputs: CheckedOrgConnectionInputs;
  logger: Logger;
  endpoint: ScmEndpoint;
  client: ScmClient;
  request: ConnectionRequest;
}

export function contextOf(inputs: CheckedOrgConnectionInputs, props: Props): ConnectionContext {
  const logger = resourceLogger(KIND, props.resourceName);
  const ref = inputs.integration;
  const services = currentServices();
  const endpoint = services.endpoint(ref.scm, ref.baseUrl);
  const client = services.scmClient(scmTargetOf(ref), logger);
  const options: ConnectionRequest["options"] = {
    autoScan: inputs.autoScan,
    ...(inputs.pullRequestComments !== undefined ? { pullRequestComments: inputs.pullRequestComments } : {}),
    ...(inputs.manageMembership !== undefined ? { manageMembership: inputs.manageMembership } : {}),
  };
  const request: ConnectionRequest = {
    platformOrg: ref.platformOrg,
    integrationId: ref.integrationId,
    endpoint,
    token: ref.token,
    organization: inputs.organization,
    options,
  };
  return { inputs, logger, endpoint, client, request };
}
