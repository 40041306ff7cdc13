// OrgConnection: "this platform org is connected to this SCM organization / group".
// Proves the integration's token can see the organization with the role the platform needs; on
// Semgrep creates (or takes over) the SCM configuration and reports Semgrep's own check of it.
import { ScmIntegrationError, errorMessage } from "../core/errors";
import type { Logger } from "../core/log";
import { rememberSecret } from "../core/redact";
import type { ConnectionRequest, ConnectionState } from "../platforms/types";
import type { OrgAccess, ScmClient, ScmEndpoint } from "../scm/types";
import { compact, knownReplacementKeys, unknownOnlyAt, internalFields, pickInputs, withInternal } from "./props";
import { referenceFailure, guarded, shieldFailures } from "./failures";
import type { Props, ResourceHandler } from "./handler";
import {
  orgConnectionDefaults,
  orgConnectionInputKeys,
  orgConnectionInputsSchema,
  orgConnectionReplaceOnChanges,
  orgConnectionSecretInputPaths,
  orgConnectionSecretOutputs,
  type CheckedOrgConnectionInputs,
  type OrgConnectionOutputs,
} from "./schema.generated";
import { changedKeys, checkInputs, UNKNOWN_VALUE } from "./schema-support";
import { currentServices, resourceLogger, scmTargetOf } from "./services";
import { organizationFailures, referenceFailures } from "./input-checks";
import { sameObjectAsBefore, takeoverNotice, takeoverRefusal } from "./ownership";
import { loginScmFailure } from "./semgrep-login-scm";
import { groupPlanFacts } from "./scm-facts";
import { withoutUnheldTokens } from "./unread-tokens";

const KIND = "OrgConnection";
const INPUT_KEYS = [...orgConnectionInputKeys, "resourceName"] as const;
const GITLAB_MAINTAINER = 40;
/**
 * How refresh marks a warning about what it found broken out of band; the next diff sees it and plans
 * an update, which gives the platform the connection's token again (and an update rewrites warnings).
 */
export const REFRESH_FOUND = "refresh found: ";

/** What deleting an adopted connection leaves (the refusal and the notice say it). */
const KEPT_ON_DELETE = "leaves the SCM config in place";

/** Same platform object as the old inputs: one Semgrep SCM config per (deployment, type, namespace, base URL). */
function sameConnection(olds: Props, news: Props): boolean {
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

function parse(props: Props): CheckedOrgConnectionInputs {
  const result = checkInputs(orgConnectionInputsSchema(), internalFields(props).rest, orgConnectionDefaults);
  if (!result.ok) {
    throw new ScmIntegrationError("invalid-input", result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  rememberSecret(result.inputs.integration.token);
  return result.inputs;
}

interface Context {
  inputs: CheckedOrgConnectionInputs;
  logger: Logger;
  endpoint: ScmEndpoint;
  client: ScmClient;
  request: ConnectionRequest;
}

function contextOf(inputs: CheckedOrgConnectionInputs, props: Props): Context {
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

/** What the platform needs of the token owner's membership; problems that block, and warnings. */
function judgeAccess(inputs: CheckedOrgConnectionInputs, access: OrgAccess): { blocking?: string; warnings: string[] } {
  const warnings: string[] = [];
  const platform = inputs.integration.platform;
  if (access.state === "pending") {
    return {
      blocking: `the token's owner has a pending invitation to ${access.organization}; accept it in the SCM, then run again`,
      warnings,
    };
  }
  if (access.accessLevel !== undefined) {
    if (platform === "snyk" && access.accessLevel < GITLAB_MAINTAINER) {
      return {
        blocking: `Snyk needs the token's owner to be Maintainer or Owner of ${access.organization} (it is ${access.role}); raise the role or use another token`,
        warnings,
      };
    }
    if (inputs.pullRequestComments && access.accessLevel < 50) {
      warnings.push(`merge request comments on GitLab need an Owner token; the token's owner is ${access.role}`);
    }
  } else if (access.role !== "admin") {
    warnings.push(
      `the token's owner is ${access.role} of ${access.organization}: ${platform} can list repositories, but installing webhooks needs admin on each repository`,
    );
  }
  return { warnings };
}

// ---- Semgrep: one SCM manages an organization's membership ---------------------------------------
//
// Semgrep lets only the SCM an organization signs in with manage its membership
// (https://semgrep.dev/docs/deployment/connect-scm), so two OrgConnections with `manageMembership: true` on one deployment
// contradict each other. Where this is enforced, and why here:
// - Against Semgrep's state as far as it tells: its SCM config API has no field saying which config
//   manages membership (it follows the sign-in SCM, set in the UI); the sign-in providers it lists are
//   compared in semgrep-login-scm.ts, which refuses a connection to another SCM. This process-wide rule
//   still catches two connections to the sign-in SCM in one program.
// - Not in the SDK: an SDK-side registry lives in the program's process, which the Automation API
//   reuses for every run of an inline program (claims of the last run would linger), and it would
//   bind only programs written with this SDK.
// - Here, in check: the engine sends every resource of one deployment (preview, up) to one
//   dynamic-provider process, and check runs for every OrgConnection the program declares before
//   anything is created from it. The claims this process has seen are therefore the program's, and the
//   second claimant fails the preview with both names. A resource is known by its name (the SDK sends
//   `resourceName`), so checking the same resource twice is not a conflict.
// Limits: two stacks that each declare a manager on the sign-in SCM (two of its organizations) are not
// seen (nothing remote records the claim), and a deployment is known by platformOrg as written (slug
// and numeric id are not unified before the integration exists).
const membershipClaims = new Map<string, string>();

function membershipConflict(inputs: CheckedOrgConnectionInputs, props: Props): string | undefined {
  if (inputs.integration.platform !== "semgrep" || inputs.manageMembership !== true) return undefined;
  const deployment = inputs.integration.platformOrg;
  if (typeof deployment !== "string" || deployment === UNKNOWN_VALUE) return undefined;
  const key = deployment.toLowerCase();
  const claimant =
    typeof props.resourceName === "string" && props.resourceName
      ? props.resourceName
      : `${inputs.integration.scm} ${String(inputs.integration.baseUrl ?? "")} ${inputs.organization}`;
  const holder = membershipClaims.get(key);
  if (holder === undefined || holder === claimant) {
    membershipClaims.set(key, claimant);
    return undefined;
  }
  return (
    `OrgConnection "${holder}" already manages the membership of Semgrep deployment "${deployment}", and Semgrep ` +
    "lets only one SCM (the one the organization signs in with) manage it. Fix: set manageMembership to true on " +
    `one OrgConnection of this deployment only; leave it unset or false on "${claimant}"`
  );
}

/** Tests: forget the membership claims this process has seen (a new command starts with none). */
export function forgetMembershipClaims(): void {
  membershipClaims.clear();
}

function outputsOf(ctx: Context, props: Props, access: OrgAccess, state: ConnectionState, warnings: string[]): Props {
  const outputs: OrgConnectionOutputs = {
    ...ctx.inputs,
    connectionId: state.connectionId,
    adopted: state.adopted === true,
    organizationId: access.id,
    role: access.role,
    warnings: [
      ...warnings,
      ...(state.status && !state.status.ok
        ? [`${ctx.inputs.integration.platform} check failed: ${state.status.error ?? "no reason given"}`]
        : []),
    ],
    ...(access.accessLevel !== undefined ? { accessLevel: access.accessLevel } : {}),
    ...(access.state !== undefined ? { membershipState: access.state } : {}),
    ...(access.webUrl !== undefined ? { webUrl: access.webUrl } : {}),
    ...(state.status ? { checkStatus: compact({ ...state.status }) } : {}),
    ...(state.tokenScopes ? { scmTokenScopes: state.tokenScopes } : {}),
  };
  return withInternal(compact(outputs as unknown as Props), props);
}

/**
 * `adoptedBefore`: the resource took the object over earlier (update keeps that). On create, check has
 * already refused an existing object without `adoptExisting` unless it is this resource's own (a
 * replace): an existing one is recorded as adopted only with the opt-in (or when it is a GitHub App
 * connection, which is only ever used as it is).
 */
async function connect(props: Props, adoptedBefore = false): Promise<{ id: string; outs: Props }> {
  const ctx = contextOf(parse(props), props);
  const access = await ctx.client.getOrgAccess(ctx.inputs.organization);
  const judged = judgeAccess(ctx.inputs, access);
  if (judged.blocking) throw new ScmIntegrationError("no-access", judged.blocking, { field: "organization" });
  const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
  const found = await platform.connect(ctx.request);
  const appConnection = ctx.inputs.integration.platform === "semgrep" && ctx.inputs.integration.scm === "github";
  const state: ConnectionState = {
    ...found,
    adopted: adoptedBefore || (found.adopted === true && (ctx.inputs.adoptExisting || appConnection)),
  };
  if (found.adopted && !state.adopted) {
    ctx.logger.info(`${state.connectionId} existed already; check found it to be this resource's own (a replacement)`);
  }
  ctx.logger.info(
    `connected ${ctx.inputs.integration.platform} ${ctx.inputs.integration.platformOrg} to ${ctx.endpoint.webUrl}/${access.organization} (role ${access.role})`,
  );
  const scanning = (await scanPrerequisiteLines(ctx, access)).filter((l) => l.level === "warn").map((l) => l.text);
  return { id: state.connectionId, outs: outputsOf(ctx, props, access, state, [...judged.warnings, ...scanning]) };
}

/**
 * What the platform's scanning of the organization still needs (Semgrep Managed Scans), as preview lines:
 * warnings, not failures — the connection is useful without it, and the import refuses to turn scans on
 * while anything is missing (platforms/semgrep/managed-scans.ts says why). A failed read is a warning too:
 * it must not block the connection it only advises on.
 */
async function scanPrerequisiteLines(
  ctx: Context,
  access: OrgAccess,
): Promise<{ level: "warn" | "info"; text: string }[]> {
  const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
  if (!platform.scanPrerequisites) return [];
  try {
    const verdict = await platform.scanPrerequisites(ctx.request, {
      ...(access.accessLevel !== undefined ? { accessLevel: access.accessLevel } : {}),
      role: access.role,
      ...(await groupPlanFacts(ctx.client, access.organization)),
    });
    return [
      ...verdict.missing.map((text) => ({ level: "warn" as const, text: `Semgrep Managed Scans: ${text}` })),
      ...verdict.unverified.map((text) => ({ level: "info" as const, text })),
    ];
  } catch (e) {
    return [{ level: "warn", text: `could not read what Semgrep Managed Scans need here: ${errorMessage(e)}` }];
  }
}

export const orgConnectionHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: orgConnectionSecretOutputs, inputs: orgConnectionInputKeys }, async (olds, news) => {
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
      let ctx: Context;
      try {
        ctx = contextOf(inputs, news);
      } catch (e) {
        return { failures: [referenceFailure(e, "integration.")] };
      }
      try {
        const access = await ctx.client.getOrgAccess(inputs.organization);
        const judged = judgeAccess(inputs, access);
        ctx.logger.finding("info", {
          type: "connection-access",
          url: `${ctx.endpoint.webUrl}/${access.organization}`,
          role: access.role,
          ...(access.state ? { state: access.state } : {}),
        });
        for (const warning of judged.warnings) ctx.logger.warn(warning);
        if (judged.blocking) return { failures: [{ property: "organization", reason: judged.blocking }] };
        // manageMembership against the SCM Semgrep says the deployment signs in with (semgrep-login-scm.ts).
        const notLoginScm = await loginScmFailure(inputs, ctx.endpoint, ctx.logger);
        if (notLoginScm) return { failures: [notLoginScm] };
        if (!sameConnection(olds, inputs as unknown as Props)) {
          // A new resource (or one moving to another object): a connection already there was not made
          // by it. Read-only look-up; taking it over needs the opt-in, which the preview shows.
          const existing = await currentServices()
            .platform(inputs.integration.platform, ctx.logger)
            .findConnection(ctx.request);
          if (existing?.changesOnTakeover && !inputs.adoptExisting) {
            return { failures: [takeoverRefusal(existing, KEPT_ON_DELETE)] };
          }
          if (existing) ctx.logger.warn(takeoverNotice(existing, KEPT_ON_DELETE));
        }
        if (inputs.integration.platform === "semgrep" && inputs.integration.scm === "github") {
          // Semgrep connects github.com only through its GitHub App: fails with install guidance when absent.
          await currentServices().platform("semgrep", ctx.logger).upsertIntegration({
            platformOrg: inputs.integration.platformOrg,
            level: "organization",
            endpoint: ctx.endpoint,
            token: inputs.integration.token,
          });
        }
        for (const line of await scanPrerequisiteLines(ctx, access)) ctx.logger[line.level](line.text);
      } catch (e) {
        return { failures: [referenceFailure(e, "integration.", "organization")] };
      }
      return { inputs: { ...inputs, ...internal } };
    }),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(orgConnectionReplaceOnChanges, olds, news);
    const compared = withoutUnheldTokens(olds, news, orgConnectionSecretInputPaths);
    const changed = changedKeys(olds, compared, INPUT_KEYS).length > 0;
    const brokenOutOfBand =
      Array.isArray(olds.warnings) && olds.warnings.some((w) => String(w).startsWith(REFRESH_FOUND));
    if (!changed && replaces.length === 0) return { changes: brokenOutOfBand };
    // `changes` left unset so the engine shows which inputs change (see integration.ts).
    return replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {};
  }),

  create: guarded(KIND, async (inputs) => connect(inputs)),

  update: guarded(KIND, async (_id, olds, news) => ({ outs: (await connect(news, olds.adopted === true)).outs })),

  read: guarded(KIND, async (id, props) => {
    const ctx = contextOf(parse(pickInputs(props, INPUT_KEYS)), props);
    const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
    const state = await platform.readConnection(ctx.request, id);
    if (!state) {
      ctx.logger.warn(
        `connection ${id} no longer exists on ${ctx.inputs.integration.platform}; the next up creates it again`,
      );
      return {};
    }
    // Semgrep checks the config with the token it holds: a check that fails now but passed at the last
    // apply means the token was revoked, replaced or removed out of band (no API says which).
    const wasOk = (props.checkStatus as { ok?: unknown } | undefined)?.ok === true;
    const recorded = Array.isArray(props.warnings) ? props.warnings.map(String) : [];
    const flaggedBefore = recorded.some((w) => w.startsWith(REFRESH_FOUND));
    const broken =
      state.status && !state.status.ok && (wasOk || flaggedBefore) && ctx.inputs.integration.scm !== "github";
    const warnings = recorded.filter((w) => !w.startsWith(REFRESH_FOUND));
    if (broken) {
      const found =
        `${REFRESH_FOUND}Semgrep's check of SCM config ${id} now fails (${state.status?.error ?? "no reason given"}): ` +
        "its token stopped working or was replaced or removed out of band; the next pulumi up gives it the integration's token again";
      ctx.logger.warn(found);
      warnings.push(found);
    }
    const outputs: Props = {
      ...props,
      connectionId: state.connectionId,
      ...(state.status ? { checkStatus: compact({ ...state.status }) } : {}),
      ...(state.tokenScopes ? { scmTokenScopes: state.tokenScopes } : {}),
      warnings,
    };
    return { id: state.connectionId, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (id, props) => {
    if (props.adopted === true) {
      // Taken over, not made here: leave it for whoever made it (it keeps the last token set).
      // Nothing is sent, so nothing is parsed: an imported one may hold no token (unread-tokens.ts).
      const platform = String((props.integration as Props | undefined)?.platform);
      resourceLogger(KIND, props.resourceName).info(
        `left ${platform} connection ${id} in place: it existed before this resource took it over (adoptExisting)`,
      );
      return;
    }
    const ctx = contextOf(parse(pickInputs(props, INPUT_KEYS)), props);
    const kept = await currentServices()
      .platform(ctx.inputs.integration.platform, ctx.logger)
      .disconnect(ctx.request, id);
    if (kept !== undefined) {
      ctx.logger.warn(`left ${ctx.inputs.integration.platform} connection ${id} in place: ${kept}`);
      return;
    }
    ctx.logger.info(`disconnected ${ctx.inputs.organization} (${id})`);
  }),
};
