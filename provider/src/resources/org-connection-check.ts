// OrgConnection's check: the inputs' own syntax first (nothing is sent while any fails), one manager
// of Semgrep membership per deployment, then the token owner's role in the organization, the SCM the
// deployment signs in with, an object already there, and what scanning still needs.
import type * as pulumi from "@pulumi/pulumi";
import { rememberSecret } from "../core/redact";
import type { CheckResult, Props } from "./handler";
import { referenceFailure } from "./failures";
import { organizationFailures, referenceFailures } from "./input-checks";
import { judgeAccess } from "./org-connection-access";
import { contextOf, KEPT_ON_DELETE, sameConnection, type ConnectionContext } from "./org-connection-context";
import { membershipConflict } from "./org-connection-membership";
import { scanPrerequisiteLines } from "./org-connection-scans";
import { takeoverNotice, takeoverRefusal } from "./ownership";
import { internalFields, unknownOnlyAt } from "./props";
import { orgConnectionDefaults, orgConnectionInputsSchema, type CheckedOrgConnectionInputs } from "./schema.generated";
import { checkInputs } from "./schema-support";
import { loginScmFailure } from "./semgrep-login-scm";
import { currentServices } from "./services";

type Failure = pulumi.dynamic.CheckFailure;

export async function checkOrgConnection(olds: Props, news: Props): Promise<CheckResult> {
  const { rest, internal } = internalFields(news);
  const result = checkInputs(orgConnectionInputsSchema(), rest, orgConnectionDefaults);
  if (!result.ok) return { failures: result.failures };
  const inputs = result.inputs;
  // The integration's ids are unknown while it is created in the same run; the token and organization
  // are known, so the access check still runs in the preview.
  // Local syntax first (token, platformOrg, organization), on the values known now: nothing is sent
  // while any fails.
  const syntax = [
    ...referenceFailures(inputs.integration, "integration."),
    ...organizationFailures(inputs.organization, inputs.integration.scm, "organization"),
  ];
  if (syntax.length > 0) return { failures: syntax };
  const conflict = membershipConflict(inputs, news);
  if (conflict) return { failures: [{ property: "manageMembership", reason: conflict }] };
  const idsPending = result.hasUnknowns && unknownOnlyAt(rest, ["integration.integrationId", "integration.apiUrl"]);
  if (result.hasUnknowns && !idsPending) return { inputs: { ...inputs, ...internal } };
  rememberSecret(inputs.integration.token);
  let ctx: ConnectionContext;
  try {
    ctx = contextOf(inputs, news);
  } catch (e) {
    return { failures: [referenceFailure(e, "integration.")] };
  }
  try {
    const failure = await remoteFailure(ctx, olds, inputs);
    if (failure) return { failures: [failure] };
  } catch (e) {
    return { failures: [referenceFailure(e, "integration.", "organization")] };
  }
  return { inputs: { ...inputs, ...internal } };
}

/** The token owner's role, the sign-in SCM, an object already there, and what scanning still needs. */
async function remoteFailure(
  ctx: ConnectionContext,
  olds: Props,
  inputs: CheckedOrgConnectionInputs,
): Promise<Failure | undefined> {
  const access = await ctx.client.getOrgAccess(inputs.organization);
  const judged = judgeAccess(
    inputs,
    access,
    currentServices().platform(inputs.integration.platform, ctx.logger).gitlabAccessNeeded,
  );
  ctx.logger.finding("info", {
    type: "connection-access",
    url: `${ctx.endpoint.webUrl}/${access.organization}`,
    role: access.role,
    ...(access.state ? { state: access.state } : {}),
  });
  for (const warning of judged.warnings) ctx.logger.warn(warning);
  if (judged.blocking) return { property: "organization", reason: judged.blocking };
  // manageMembership against the SCM Semgrep says the deployment signs in with (semgrep-login-scm.ts).
  const notLoginScm = await loginScmFailure(inputs, ctx.endpoint, ctx.logger);
  if (notLoginScm) return notLoginScm;
  if (!sameConnection(olds, inputs as unknown as Props)) {
    // A new resource (or one moving to another object): a connection already there was not made
    // by it. Read-only look-up; taking it over needs the opt-in, which the preview shows.
    const existing = await currentServices()
      .platform(inputs.integration.platform, ctx.logger)
      .findConnection(ctx.request);
    if (existing?.changesOnTakeover && !inputs.adoptExisting) return takeoverRefusal(existing, KEPT_ON_DELETE);
    if (existing) ctx.logger.warn(takeoverNotice(existing, KEPT_ON_DELETE));
  }
  if (inputs.integration.platform === "semgrep" && inputs.integration.scm === "github") {
    // Semgrep connects github.com only through its GitHub App: the adapter's read-only preflight fails
    // with install guidance when the app is absent (what registering the integration would refuse).
    await currentServices().platform("semgrep", ctx.logger).preflightIntegration?.({
      platformOrg: inputs.integration.platformOrg,
      level: "organization",
      endpoint: ctx.endpoint,
      token: inputs.integration.token,
    });
  }
  for (const line of await scanPrerequisiteLines(ctx, access)) ctx.logger[line.level](line.text);
  return undefined;
}
