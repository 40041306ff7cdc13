// The Integration step on Snyk's side: the org's V1 integration of the SCM's type (upsert, read,
// credentials removal). Snyk keeps one integration per type and org, and V1 has no integration delete.
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { rememberSecret } from "../../core/redact";
import type { ScmEndpoint } from "../../scm/types";
import type { ExistingObject, IntegrationRequest, IntegrationState, Platform } from "../types";
import {
  snykIntegrationPlan,
  snykIntegrationType,
  snykRegistrationNotes,
  type SnykIntegrationPlan,
} from "./integration-types";
import type { SnykContext } from "./platform-context";

type IntegrationSteps = Pick<
  Platform,
  "upsertIntegration" | "findIntegration" | "registrationNotes" | "readIntegration" | "removeIntegration"
>;

export function snykIntegrationSteps(context: SnykContext): IntegrationSteps {
  return {
    upsertIntegration: (request) => upsertIntegration(context, request),
    findIntegration: (request) => findIntegration(context, request),
    registrationNotes: (request) =>
      request.level === "group"
        ? { notes: [], warnings: [] }
        : snykRegistrationNotes(request.endpoint, request.platformOrg),
    readIntegration: (platformOrg, endpoint, integrationId) =>
      readSnykIntegration(context, platformOrg, endpoint, integrationId),
    removeIntegration: (platformOrg, endpoint, integrationId) =>
      removeIntegration(context, platformOrg, endpoint, integrationId),
  };
}

/** The org's integration of the endpoint's type when it still has this id; null otherwise (refresh drift). */
export async function readSnykIntegration(
  context: SnykContext,
  platformOrg: string,
  endpoint: ScmEndpoint,
  integrationId: string,
): Promise<IntegrationState | null> {
  const type = snykIntegrationType(endpoint);
  const map = await context.v1.listIntegrations(platformOrg);
  if (map[type] !== integrationId) return null;
  const brokered = await brokeredOrUnknown(context, platformOrg, integrationId);
  return { integrationId, adopted: false, integrationType: type, ...(brokered !== undefined ? { brokered } : {}) };
}

/** `has_broker` when the REST integrations API tells it; undefined otherwise (it is Early Access). */
async function brokeredOrUnknown(
  { rest, logger }: SnykContext,
  orgId: string,
  integrationId: string,
): Promise<boolean | undefined> {
  try {
    return await rest.integrationHasBroker(orgId, integrationId);
  } catch (e) {
    if (isScmIntegrationError(e) && (e.kind === "bad-credentials" || e.kind === "rate-limited")) throw e;
    logger.warn(
      `Snyk: could not read whether integration ${integrationId} is brokered (${e instanceof Error ? e.message : String(e)})`,
    );
    return undefined;
  }
}

async function upsertIntegration(context: SnykContext, request: IntegrationRequest): Promise<IntegrationState> {
  rememberSecret(request.token);
  if (request.level === "group") throw groupLevelRefusal();
  const plan = snykIntegrationPlan(request.endpoint, request.token);
  const existing = await context.v1.findIntegrationId(request.platformOrg, plan.type);
  return existing === null
    ? createIntegration(context, request.platformOrg, plan)
    : updateCredentials(context, request.platformOrg, existing, plan);
}

function groupLevelRefusal(): ScmIntegrationError {
  return new ScmIntegrationError(
    "unsupported",
    "Snyk has no public API for group-level (Snyk Essentials) SCM integrations",
    {
      field: "level",
      fix: 'set level to "organization", or configure the integration by hand in the Snyk group\'s Integrations page',
    },
  );
}

async function createIntegration(
  { v1, logger }: SnykContext,
  platformOrg: string,
  plan: SnykIntegrationPlan,
): Promise<IntegrationState> {
  const integrationId = await v1.createIntegration(platformOrg, plan.type, plan.credentials);
  logger.info(`Snyk: created the ${plan.type} integration ${integrationId} of org ${platformOrg}`);
  return { integrationId, adopted: false, brokered: false, integrationType: plan.type };
}

/** Take over the org's integration of this type by giving it our credentials; refused when it is brokered. */
async function updateCredentials(
  context: SnykContext,
  platformOrg: string,
  existing: string,
  plan: SnykIntegrationPlan,
): Promise<IntegrationState> {
  if ((await brokeredOrUnknown(context, platformOrg, existing)) === true) {
    throw new ScmIntegrationError(
      "conflict",
      `the ${plan.type} integration ${existing} of Snyk org ${platformOrg} is brokered, and Snyk does not accept credential updates for brokered integrations; nothing was changed`,
      {
        field: "token",
        fix: "rotate the SCM token in the Snyk Broker client's configuration instead, or disable the broker for this integration in Snyk first",
        details: { integrationId: existing, integrationType: plan.type },
      },
    );
  }
  const integrationId = await context.v1.updateIntegrationCredentials(
    platformOrg,
    existing,
    plan.type,
    plan.credentials,
  );
  context.logger.info(
    `Snyk: updated the credentials of the ${plan.type} integration ${integrationId} of org ${platformOrg}`,
  );
  return { integrationId, adopted: true, brokered: false, integrationType: plan.type };
}

async function findIntegration(
  { v1 }: SnykContext,
  request: Omit<IntegrationRequest, "token">,
): Promise<ExistingObject | null> {
  if (request.level === "group") return null; // refused at check with the UI steps instead
  const type = snykIntegrationType(request.endpoint);
  const existing = await v1.findIntegrationId(request.platformOrg, type);
  if (existing === null) return null;
  // Snyk's integration object has no owner, tag or URL field (V1 GET /org/{orgId}/integrations/{type}
  // returns only `id`), and removing credentials keeps the id: whoever made it cannot be told.
  const oneType =
    type === "github-enterprise"
      ? "Snyk keeps one github-enterprise integration per org, serving github.com or one GitHub Enterprise Server instance, and no Snyk API returns its URL or whether it holds credentials, so it may serve another server whose projects stop working once its token is replaced"
      : "Snyk keeps one gitlab integration per org, serving GitLab.com or one GitLab Self-Managed instance, and no Snyk API returns its URL or whether it holds credentials";
  return {
    id: existing,
    description: `the ${type} integration ${existing} of Snyk org ${request.platformOrg}`,
    provenance: `it was not created by this resource: made in Snyk's UI, by another stack, or left without credentials by an earlier destroy (Snyk integrations carry no marker of who made them). ${oneType}`,
    takeover: `up would give it this resource's token for ${request.endpoint.apiUrl}, replacing any credentials it holds`,
    changesOnTakeover: true,
  };
}

async function removeIntegration(
  context: SnykContext,
  platformOrg: string,
  endpoint: ScmEndpoint,
  integrationId: string,
): Promise<string | undefined> {
  // Imports still made through it belong to someone else: the engine deletes a stack's
  // RepositoryImports (which remove what they imported) before its Integration, and a replaced
  // Integration is deleted while its stack's imports stay. Removing the credentials would break
  // those imports (Snyk integrations carry no marker saying who else relies on them), so they stay.
  const targets = await targetsThrough(context, platformOrg, endpoint, integrationId);
  if (targets.length > 0) {
    const shown = targets.slice(0, 5).join(", ") + (targets.length > 5 ? ` and ${targets.length - 5} more` : "");
    return `${targets.length} import${targets.length === 1 ? "" : "s"} still go${targets.length === 1 ? "es" : ""} through it (${shown}), made by hand, by another stack or kept by a replacement`;
  }
  // V1 has no integration delete: removing the credentials is the delete (the id stays in Snyk).
  const removed = await context.v1.deleteIntegrationCredentials(platformOrg, integrationId);
  if (!removed) context.logger.info(`Snyk: integration ${integrationId} of org ${platformOrg} was already gone`);
  return undefined;
}

/** The display names of the org's targets made through this integration, whoever made them. */
async function targetsThrough(
  { rest }: SnykContext,
  platformOrg: string,
  endpoint: ScmEndpoint,
  integrationId: string,
): Promise<string[]> {
  const { sourceTypes } = snykIntegrationPlan(endpoint, "");
  const { targets } = await rest.listTargets(platformOrg, sourceTypes, (t) =>
    t.relationships?.integration?.data?.id === integrationId ? t.attributes.display_name : undefined,
  );
  return targets;
}
