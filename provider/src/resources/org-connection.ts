// OrgConnection: "this platform org is connected to this SCM organization / group".
// Proves the integration's token can see the organization with the role the platform needs; on
// Semgrep creates (or takes over) the SCM configuration and reports Semgrep's own check of it.
import { ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import { rememberSecret } from "../core/redact";
import type { ConnectionRequest, ConnectionState } from "../platforms/types";
import type { OrgAccess, ScmClient, ScmEndpoint } from "../scm/types";
import {
  compact,
  errorFailure,
  guarded,
  knownReplacementKeys,
  shieldSecretFailures,
  unknownOnlyAt,
  internalFields,
  pickInputs,
  withInternal,
} from "./common";
import type { Props, ResourceHandler } from "./handler";
import {
  orgConnectionDefaults,
  orgConnectionInputKeys,
  orgConnectionInputsSchema,
  orgConnectionReplaceOnChanges,
  orgConnectionSecretOutputs,
  type CheckedOrgConnectionInputs,
  type OrgConnectionOutputs,
} from "./schema.generated";
import { checkInputs, UNKNOWN_VALUE } from "./schema-support";
import { currentServices, resourceLogger, scmTargetOf } from "./services";
import { organizationFailures, referenceFailures } from "./input-checks";

const KIND = "OrgConnection";
const INPUT_KEYS = [...orgConnectionInputKeys, "resourceName"] as const;
const GITLAB_MAINTAINER = 40;

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
// Semgrep lets only the SCM an organization signs in with manage its membership (reference
// platform-apis.md §3.4), so two OrgConnections with `manageMembership: true` on one deployment
// contradict each other. Where this is enforced, and why here:
// - Not against Semgrep's state: its SCM config API has no field saying which config manages
//   membership (it follows the sign-in SCM, set in the UI), so there is nothing to read or compare.
// - Not in the SDK: an SDK-side registry lives in the program's process, which the Automation API
//   reuses for every run of an inline program (claims of the last run would linger), and it would
//   bind only programs written with this SDK.
// - Here, in check: the engine sends every resource of one deployment (preview, up) to one
//   dynamic-provider process, and check runs for every OrgConnection the program declares before
//   anything is created from it. The claims this process has seen are therefore the program's, and the
//   second claimant fails the preview with both names. A resource is known by its name (the SDK sends
//   `resourceName`), so checking the same resource twice is not a conflict.
// Limits: two stacks that each declare one manager are not seen (nothing remote records the claim), and
// a deployment is known by platformOrg as written (slug and numeric id are not unified before the
// integration exists).
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
    ...(state.status ? { checkStatus: compact({ ...state.status }) as OrgConnectionOutputs["checkStatus"] } : {}),
    ...(state.tokenScopes ? { scmTokenScopes: state.tokenScopes } : {}),
  };
  return withInternal(compact(outputs as unknown as Props), props);
}

async function connect(props: Props): Promise<{ id: string; outs: Props }> {
  const ctx = contextOf(parse(props), props);
  const access = await ctx.client.getOrgAccess(ctx.inputs.organization);
  const judged = judgeAccess(ctx.inputs, access);
  if (judged.blocking) throw new ScmIntegrationError("no-access", judged.blocking, { field: "organization" });
  const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
  const state = await platform.connect(ctx.request);
  ctx.logger.info(
    `connected ${ctx.inputs.integration.platform} ${ctx.inputs.integration.platformOrg} to ${ctx.endpoint.webUrl}/${access.organization} (role ${access.role})`,
  );
  return { id: state.connectionId, outs: outputsOf(ctx, props, access, state, judged.warnings) };
}

export const orgConnectionHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldSecretFailures(orgConnectionSecretOutputs, async (_olds, news) => {
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
        // The endpoint rules name `baseUrl`; here it is the integration reference's field.
        const failure = errorFailure(e, "integration.baseUrl");
        const property = failure.property.startsWith("integration.")
          ? failure.property
          : `integration.${failure.property}`;
        return { failures: [{ ...failure, property }] };
      }
      try {
        const access = await ctx.client.getOrgAccess(inputs.organization);
        const judged = judgeAccess(inputs, access);
        ctx.logger.info(
          `${ctx.endpoint.webUrl}/${access.organization}: token owner is ${access.role}${access.state ? ` (${access.state})` : ""}`,
        );
        for (const warning of judged.warnings) ctx.logger.warn(warning);
        if (judged.blocking) return { failures: [{ property: "organization", reason: judged.blocking }] };
        if (inputs.integration.platform === "semgrep" && inputs.integration.scm === "github") {
          // Semgrep connects github.com only through its GitHub App: fails with install guidance when absent.
          await currentServices().platform("semgrep", ctx.logger).upsertIntegration({
            platformOrg: inputs.integration.platformOrg,
            level: "organization",
            endpoint: ctx.endpoint,
            token: inputs.integration.token,
          });
        }
      } catch (e) {
        return { failures: [errorFailure(e, "organization")] };
      }
      return { inputs: { ...inputs, ...internal } };
    }),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(orgConnectionReplaceOnChanges, olds, news);
    const changed = INPUT_KEYS.some((key) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null));
    if (!changed && replaces.length === 0) return { changes: false };
    // `changes` left unset so the engine shows which inputs change (see integration.ts).
    return replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {};
  }),

  create: guarded(KIND, async (inputs) => connect(inputs)),

  update: guarded(KIND, async (_id, _olds, news) => ({ outs: (await connect(news)).outs })),

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
    const outputs: Props = {
      ...props,
      connectionId: state.connectionId,
      ...(state.status ? { checkStatus: compact({ ...state.status }) } : {}),
      ...(state.tokenScopes ? { scmTokenScopes: state.tokenScopes } : {}),
    };
    return { id: state.connectionId, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (id, props) => {
    const ctx = contextOf(parse(pickInputs(props, INPUT_KEYS)), props);
    await currentServices().platform(ctx.inputs.integration.platform, ctx.logger).disconnect(ctx.request, id);
    ctx.logger.info(`disconnected ${ctx.inputs.organization} (${id})`);
  }),
};
