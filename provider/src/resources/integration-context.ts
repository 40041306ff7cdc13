// What every Integration step shares: the kind and input keys, the platform object its inputs name,
// parsing the recorded inputs, the endpoint, and what the token can do.
import { ScmIntegrationError } from "../core/errors";
import { rememberSecret } from "../core/redact";
import type { ScmEndpoint } from "../scm/types";
import type { Props } from "./handler";
import { isOwnPredecessorObject, sameObjectAsBefore } from "./ownership";
import { internalFields } from "./props";
import { providerClock } from "./provider-config";
import {
  integrationDefaults,
  integrationInputKeys,
  integrationInputsSchema,
  type CheckedIntegrationInputs,
} from "./schema.generated";
import { checkInputs } from "./schema-support";
import { currentServices, resourceLogger, scmTargetOf } from "./services";
import { tokenFindings, type TokenFindings } from "./token-findings";

export const KIND = "Integration";
export const INPUT_KEYS = [...integrationInputKeys, "resourceName"] as const;
/** What deleting an adopted integration leaves (the refusal and the notice say it). */
export const KEPT_ON_DELETE = "leaves the integration and its credentials in place";

/** The platform object an Integration's inputs name: Snyk keeps one integration per (org, level, type family). */
export function integrationObjectKey(p: Props): string {
  const family = p.scm === "gitlab" || p.scm === "gitlab-self-managed" ? "gitlab" : "github";
  // Old inputs were checked (defaults filled in); the new ones are compared with level defaulted.
  return JSON.stringify([p.platform, p.platformOrg, p.level ?? "organization", family]);
}

/** Same platform object as the old inputs, or as the predecessor of a replacement (ownership.ts). */
export function sameIntegration(olds: Props, news: Props): boolean {
  if (sameObjectAsBefore(olds, news, ["platform", "platformOrg"])) {
    return integrationObjectKey(olds) === integrationObjectKey(news);
  }
  return Object.keys(olds).length === 0 && isOwnPredecessorObject(KIND, news.resourceName, integrationObjectKey(news));
}

/** Recorded (or new) inputs, checked; invalid ones are an error here, since check passed them before. */
export function parseIntegration(props: Props): CheckedIntegrationInputs {
  const result = checkInputs(integrationInputsSchema(), internalFields(props).rest, integrationDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  rememberSecret(result.inputs.token);
  return result.inputs;
}

export function endpointOf(inputs: CheckedIntegrationInputs): ScmEndpoint {
  return currentServices().endpoint(inputs.scm, inputs.baseUrl);
}

export async function findingsFor(inputs: CheckedIntegrationInputs, props: Props): Promise<TokenFindings> {
  const logger = resourceLogger(KIND, props.resourceName);
  const client = currentServices().scmClient(scmTargetOf(inputs), logger);
  return tokenFindings(client, inputs, new Date(providerClock().now()));
}
