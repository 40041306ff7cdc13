// Integration's check: the inputs' own syntax first (nothing is sent while any fails), then a
// combination no API can set up, then what the token can do and whether the platform object exists.
import type * as pulumi from "@pulumi/pulumi";
import { validateCaCertificate } from "../core/endpoints";
import type { Logger } from "../core/log";
import type { ScopeRequirement } from "../plan/required-scopes";
import { rememberSecret } from "../core/redact";
import type { ScmEndpoint } from "../scm/types";
import { errorFailure } from "./failures";
import type { CheckResult, Props } from "./handler";
import { referenceFailures } from "./input-checks";
import {
  endpointOf,
  findingsFor,
  integrationObjectKey,
  KEPT_ON_DELETE,
  KIND,
  sameIntegration,
} from "./integration-context";
import { rememberOwnObject, takeoverNotice, takeoverRefusal } from "./ownership";
import { internalFields } from "./props";
import { providerClock } from "./provider-config";
import { integrationDefaults, integrationInputsSchema, type CheckedIntegrationInputs } from "./schema.generated";
import { checkInputs, UNKNOWN_VALUE } from "./schema-support";
import { currentServices, resourceLogger } from "./services";
import { requirementFor, tokenFinding } from "./token-findings";

type Failure = pulumi.dynamic.CheckFailure;

/** Inputs checked against the schema; `hasUnknowns` while a preview still waits on another resource. */
interface Checked {
  inputs: CheckedIntegrationInputs;
  hasUnknowns: boolean;
}

// During a preview any input may still be unknown (it comes from another resource): judge only
// what is known, and never treat the unknown placeholder as a URL, a secret or a combination.
const known = (value: unknown) => value !== UNKNOWN_VALUE;

export async function checkIntegration(olds: Props, news: Props): Promise<CheckResult> {
  const logger = resourceLogger(KIND, news.resourceName);
  const { rest, internal } = internalFields(news);
  const result = checkInputs(integrationInputsSchema(), rest, integrationDefaults);
  if (!result.ok) return { failures: result.failures };
  const { inputs } = result;
  if (known(inputs.token)) rememberSecret(inputs.token);
  const { failures, endpoint, requirement } = await localFailures(result, news, logger);
  if (failures.length > 0) return { failures };
  // During a preview the token may come from another resource and not be known yet.
  if (result.hasUnknowns || !endpoint || !requirement) return { inputs: { ...inputs, ...internal } };

  const checked: Props = { ...inputs, ...(inputs.baseUrl !== undefined ? { baseUrl: endpoint.baseUrl } : {}) };
  try {
    const failure = await remoteFailure(olds, news, inputs, endpoint, requirement, logger);
    if (failure) return { failures: [failure] };
  } catch (e) {
    return { failures: [errorFailure(e, "token")] };
  }
  return { inputs: { ...checked, ...internal } };
}

/**
 * Local syntax (token kind and characters, platformOrg, baseUrl, caCertificate, platform), then a
 * combination no API can set up; the endpoint and scope requirement where the inputs say them.
 */
async function localFailures(
  { inputs, hasUnknowns }: Checked,
  news: Props,
  logger: Logger,
): Promise<{ failures: Failure[]; endpoint?: ScmEndpoint; requirement?: ScopeRequirement }> {
  const failures = referenceFailures(inputs);
  let endpoint: ScmEndpoint | undefined;
  if (known(inputs.scm) && known(inputs.baseUrl)) {
    try {
      endpoint = endpointOf(inputs);
    } catch (e) {
      failures.push(errorFailure(e, "baseUrl"));
    }
  }
  if (typeof inputs.caCertificate === "string" && !hasUnknowns) {
    const problem = validateCaCertificate(inputs.caCertificate, new Date(providerClock().now()));
    if (problem) failures.push({ property: problem.field, reason: `${problem.problem}. Fix: ${problem.fix}` });
  }
  const requirement =
    known(inputs.platform) && known(inputs.scm) && known(inputs.level) ? requirementFor(inputs) : undefined;
  try {
    if (known(inputs.platform)) currentServices().platform(inputs.platform, logger);
  } catch (e) {
    failures.push(errorFailure(e, "platform"));
  }
  const unsupported = requirement && unsupportedFailure(inputs, requirement);
  if (unsupported && requirement) {
    const checkable = failures.length === 0 && !hasUnknowns && requirement.required.length > 0;
    // Snyk group level: nothing can be registered through an API, but the token the user will paste
    // into Snyk's UI can still be checked against what that setup needs, so the refusal says both.
    failures.push(
      checkable && endpoint
        ? { ...unsupported, reason: `${unsupported.reason}. ${await groupTokenVerdict(inputs, news, endpoint.apiUrl)}` }
        : unsupported,
    );
  }
  return { failures, ...(endpoint ? { endpoint } : {}), ...(requirement ? { requirement } : {}) };
}

/** A combination no API can set up (one set up through the platform's own app is judged by its adapter's preflight). */
function unsupportedFailure(inputs: CheckedIntegrationInputs, requirement: ScopeRequirement): Failure | undefined {
  if (requirement.supported || requirement.viaPlatformApp) return undefined;
  return {
    property: inputs.level === "group" ? "level" : "scm",
    reason: `${inputs.platform} cannot connect ${inputs.scm} at ${inputs.level} level through an API. Fix: ${requirement.guidance ?? "use a supported combination"}`,
  };
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

/** What the token can do, how the platform registers the endpoint, and an object already there. */
async function remoteFailure(
  olds: Props,
  news: Props,
  inputs: CheckedIntegrationInputs,
  endpoint: ScmEndpoint,
  requirement: ScopeRequirement,
  logger: Logger,
): Promise<Failure | undefined> {
  const findings = await findingsFor(inputs, news);
  logger.finding("info", tokenFinding(findings, endpoint.apiUrl));
  for (const warning of findings.warnings) logger.warn(warning);
  // A fresh adapter for each call, as before: an adapter holds per-client state (rate limits, caches).
  const platform = () => currentServices().platform(inputs.platform, logger);
  const request = { platformOrg: inputs.platformOrg, level: inputs.level, endpoint };
  // How the platform will register this endpoint, where a reviewer must know it (Snyk × GitHub).
  const registration = platform().registrationNotes?.(request);
  for (const note of registration?.notes ?? []) logger.info(note);
  for (const warning of registration?.warnings ?? []) logger.warn(warning);
  if (findings.blocking) return { property: "token", reason: findings.blocking };
  if (Object.keys(olds).length > 0) rememberOwnObject(KIND, news.resourceName, integrationObjectKey(olds));
  if (requirement.supported && !sameIntegration(olds, { ...inputs, resourceName: news.resourceName })) {
    // A new resource (or one moving to another org / type): an integration already there was not
    // made by it. Read-only look-up; taking it over needs the opt-in, which the preview shows.
    const existing = await platform().findIntegration(request);
    if (existing && !inputs.adoptExisting) return takeoverRefusal(existing, KEPT_ON_DELETE);
    if (existing) logger.warn(takeoverNotice(existing, KEPT_ON_DELETE));
  }
  if (requirement.viaPlatformApp) {
    // Only the platform's own app makes this work (Semgrep's GitHub App on github.com): the adapter
    // looks for it (read-only) and otherwise says how to install it.
    await platform().preflightIntegration?.({ ...request, token: inputs.token });
  }
  return undefined;
}
