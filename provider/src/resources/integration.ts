// Integration: "this platform may use this SCM endpoint with this token".
// check validates the inputs and the token (scopes, expiry); create/update register the credential
// (Snyk upsert; Semgrep validates and records); delete removes the credential; read detects drift.
import { ScmIntegrationError } from "../core/errors";
import type { ScmEndpoint } from "../scm/types";
import { validateCaCertificate } from "../core/endpoints";
import { rememberSecret, tokenFingerprint } from "../core/redact";
import type { IntegrationState } from "../platforms/types";
import { compact, knownReplacementKeys, internalFields, pickInputs, withInternal } from "./props";
import { errorFailure, guarded, shieldFailures } from "./failures";
import type { Props, ResourceHandler } from "./handler";
import {
  integrationDefaults,
  integrationInputKeys,
  integrationInputsSchema,
  integrationReplaceOnChanges,
  integrationSecretInputPaths,
  integrationSecretOutputs,
  type CheckedIntegrationInputs,
  type IntegrationOutputs,
} from "./schema.generated";
import { providerClock } from "./provider-config";
import { changedKeys, checkInputs, UNKNOWN_VALUE } from "./schema-support";
import { currentServices, resourceLogger, scmTargetOf } from "./services";
import { requirementFor, tokenFinding, tokenFindings, type TokenFindings } from "./token-findings";
import { referenceFailures } from "./input-checks";
import { withoutUnheldTokens } from "./unread-tokens";
import {
  isOwnPredecessorObject,
  rememberOwnObject,
  sameObjectAsBefore,
  takeoverNotice,
  takeoverRefusal,
} from "./ownership";

const KIND = "Integration";
const INPUT_KEYS = [...integrationInputKeys, "resourceName"] as const;
/** What deleting an adopted integration leaves (the refusal and the notice say it). */
const KEPT_ON_DELETE = "leaves the integration and its credentials in place";

/** The platform object an Integration's inputs name: Snyk keeps one integration per (org, level, type family). */
function integrationObjectKey(p: Props): string {
  const family = p.scm === "gitlab" || p.scm === "gitlab-self-managed" ? "gitlab" : "github";
  // Old inputs were checked (defaults filled in); the new ones are compared with level defaulted.
  return JSON.stringify([p.platform, p.platformOrg, p.level ?? "organization", family]);
}

/** Same platform object as the old inputs, or as the predecessor of a replacement (ownership.ts). */
function sameIntegration(olds: Props, news: Props): boolean {
  if (sameObjectAsBefore(olds, news, ["platform", "platformOrg"])) {
    return integrationObjectKey(olds) === integrationObjectKey(news);
  }
  return Object.keys(olds).length === 0 && isOwnPredecessorObject(KIND, news.resourceName, integrationObjectKey(news));
}

function parse(props: Props): CheckedIntegrationInputs {
  const result = checkInputs(integrationInputsSchema(), internalFields(props).rest, integrationDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  rememberSecret(result.inputs.token);
  return result.inputs;
}

function endpointOf(inputs: CheckedIntegrationInputs): ScmEndpoint {
  return currentServices().endpoint(inputs.scm, inputs.baseUrl);
}

async function findingsFor(inputs: CheckedIntegrationInputs, props: Props): Promise<TokenFindings> {
  const logger = resourceLogger(KIND, props.resourceName);
  const client = currentServices().scmClient(scmTargetOf(inputs), logger);
  return tokenFindings(client, inputs, new Date(providerClock().now()));
}

/** What the token lacks (or not) for a combination no API can set up: advice for doing it by hand. */
async function groupTokenVerdict(inputs: CheckedIntegrationInputs, props: Props, apiUrl: string): Promise<string> {
  try {
    const findings = await findingsFor(inputs, props);
    resourceLogger(KIND, props.resourceName).finding("info", tokenFinding(findings, apiUrl));
    if (findings.blocking) return `The token would not do either: ${findings.blocking}`;
    if (findings.evaluation.unknown)
      return "The token's scopes cannot be read; make sure it has " + findings.requirement.required.join(", ");
    return `The token has the scopes that setup needs (${findings.requirement.required.join(", ")})`;
  } catch (e) {
    return `The token could not be checked either: ${errorFailure(e, "token").reason}`;
  }
}

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
async function register(props: Props, ownId?: string, adoptedBefore = false): Promise<{ id: string; outs: Props }> {
  const inputs = parse(props);
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

export const integrationHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: integrationSecretOutputs, inputs: integrationInputKeys }, async (olds, news) => {
      const logger = resourceLogger(KIND, news.resourceName);
      const { rest, internal } = internalFields(news);
      const result = checkInputs(integrationInputsSchema(), rest, integrationDefaults);
      if (!result.ok) return { failures: result.failures };
      const inputs = result.inputs;
      // During a preview any input may still be unknown (it comes from another resource): judge only
      // what is known, and never treat the unknown placeholder as a URL, a secret or a combination.
      const known = (value: unknown) => value !== UNKNOWN_VALUE;
      if (known(inputs.token)) rememberSecret(inputs.token);
      // Local syntax first (token kind and characters, platformOrg): nothing is sent while any fails.
      const failures = referenceFailures(inputs);
      let endpoint: ScmEndpoint | undefined;
      if (known(inputs.scm) && known(inputs.baseUrl)) {
        try {
          endpoint = endpointOf(inputs);
        } catch (e) {
          failures.push(errorFailure(e, "baseUrl"));
        }
      }
      if (typeof inputs.caCertificate === "string" && !result.hasUnknowns) {
        const problem = validateCaCertificate(inputs.caCertificate, new Date(providerClock().now()));
        if (problem) failures.push({ property: problem.field, reason: `${problem.problem}. Fix: ${problem.fix}` });
      }
      const requirement =
        known(inputs.platform) && known(inputs.scm) && known(inputs.level) ? requirementFor(inputs) : undefined;
      const unsupported =
        requirement && !requirement.supported && !(inputs.platform === "semgrep" && inputs.scm === "github")
          ? {
              property: inputs.level === "group" ? "level" : "scm",
              reason: `${inputs.platform} cannot connect ${inputs.scm} at ${inputs.level} level through an API. Fix: ${requirement.guidance ?? "use a supported combination"}`,
            }
          : undefined;
      try {
        if (known(inputs.platform)) currentServices().platform(inputs.platform, logger);
      } catch (e) {
        failures.push(errorFailure(e, "platform"));
      }
      if (
        unsupported &&
        requirement &&
        failures.length === 0 &&
        endpoint &&
        !result.hasUnknowns &&
        requirement.required.length > 0
      ) {
        // Snyk group level: nothing can be registered through an API, but the token the user will paste
        // into Snyk's UI can still be checked against what that setup needs, so the refusal says both.
        failures.push({
          ...unsupported,
          reason: `${unsupported.reason}. ${await groupTokenVerdict(inputs, news, endpoint.apiUrl)}`,
        });
      } else if (unsupported) {
        failures.push(unsupported);
      }
      if (failures.length > 0) return { failures };
      // During a preview the token may come from another resource and not be known yet.
      if (result.hasUnknowns || !endpoint || !requirement) return { inputs: { ...inputs, ...internal } };

      const checked: Props = { ...inputs, ...(inputs.baseUrl !== undefined ? { baseUrl: endpoint.baseUrl } : {}) };
      try {
        const findings = await findingsFor(inputs, news);
        logger.finding("info", tokenFinding(findings, endpoint.apiUrl));
        for (const warning of findings.warnings) logger.warn(warning);
        // How the platform will register this endpoint, where a reviewer must know it (Snyk × GitHub).
        const registration = currentServices()
          .platform(inputs.platform, logger)
          .registrationNotes?.({ platformOrg: inputs.platformOrg, level: inputs.level, endpoint });
        for (const note of registration?.notes ?? []) logger.info(note);
        for (const warning of registration?.warnings ?? []) logger.warn(warning);
        if (findings.blocking) return { failures: [{ property: "token", reason: findings.blocking }] };
        if (Object.keys(olds).length > 0) rememberOwnObject(KIND, news.resourceName, integrationObjectKey(olds));
        if (requirement.supported && !sameIntegration(olds, { ...inputs, resourceName: news.resourceName })) {
          // A new resource (or one moving to another org / type): an integration already there was not
          // made by it. Read-only look-up; taking it over needs the opt-in, which the preview shows.
          const existing = await currentServices()
            .platform(inputs.platform, logger)
            .findIntegration({ platformOrg: inputs.platformOrg, level: inputs.level, endpoint });
          if (existing && !inputs.adoptExisting) return { failures: [takeoverRefusal(existing, KEPT_ON_DELETE)] };
          if (existing) logger.warn(takeoverNotice(existing, KEPT_ON_DELETE));
        }
        if (!requirement.supported) {
          // Semgrep × GitHub cloud: only an installed Semgrep GitHub App makes this work; the adapter
          // looks for it (read-only) and otherwise says how to install it.
          await currentServices().platform(inputs.platform, logger).preflightIntegration?.({
            platformOrg: inputs.platformOrg,
            level: inputs.level,
            endpoint,
            token: inputs.token,
          });
        }
      } catch (e) {
        return { failures: [errorFailure(e, "token")] };
      }
      return { inputs: { ...checked, ...internal } };
    }),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(integrationReplaceOnChanges, olds, news);
    const compared = withoutUnheldTokens(olds, news, integrationSecretInputPaths);
    const changed = changedKeys(olds, compared, INPUT_KEYS).length > 0;
    if (!changed && replaces.length === 0) return { changes: false };
    // Leave `changes` unset: the engine then diffs old and new inputs itself and shows the reviewer
    // which properties change (a dynamic provider cannot return a property-level diff).
    // Delete before replace: on Snyk the replacement is the same (org, type) integration, so deleting
    // the old one after creating the new would wipe the new credentials.
    return replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {};
  }),

  create: guarded(KIND, async (inputs) => register(inputs)),

  update: guarded(KIND, async (id, olds, news) => ({ outs: (await register(news, id, olds.adopted === true)).outs })),

  read: guarded(KIND, async (id, props) => {
    const inputs = parse(pickInputs(props, INPUT_KEYS));
    const logger = resourceLogger(KIND, props.resourceName);
    const platform = currentServices().platform(inputs.platform, logger);
    const state = await platform.readIntegration(inputs.platformOrg, endpointOf(inputs), id);
    if (!state) {
      logger.warn(`integration ${id} no longer exists on ${inputs.platform}; the next up creates it again`);
      return {};
    }
    const outputs: Props = { ...props, integrationId: state.integrationId };
    if (state.integrationId !== id) {
      logger.warn(`integration ${id} was replaced out of band by ${state.integrationId}`);
    }
    return { id: state.integrationId, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (id, props) => {
    const logger = resourceLogger(KIND, props.resourceName);
    if (props.adopted === true) {
      // Taken over, not made here: give it back as it is (its credentials are the last token set).
      // Nothing is sent, so nothing is parsed: an imported one may hold no token (unread-tokens.ts).
      logger.info(
        `left ${String(props.platform)} integration ${id} and its credentials in place: it existed before this resource took it over (adoptExisting)`,
      );
      return;
    }
    const inputs = parse(pickInputs(props, INPUT_KEYS));
    const kept = await currentServices()
      .platform(inputs.platform, logger)
      .removeIntegration(inputs.platformOrg, endpointOf(inputs), id);
    if (kept !== undefined) {
      logger.warn(`left the credentials of ${inputs.platform} integration ${id} in place: ${kept}`);
      return;
    }
    logger.info(`removed the credentials of ${inputs.platform} integration ${id}`);
  }),
};
