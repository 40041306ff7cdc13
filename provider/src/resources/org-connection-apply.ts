// OrgConnection's create / update: prove the token's owner has the role the platform needs, connect
// (or take over) the platform's object, and record Semgrep's own check of it.
import { ScmIntegrationError } from "../core/errors";
import type { ConnectionState } from "../platforms/types";
import type { OrgAccess } from "../scm/types";
import type { Props } from "./handler";
import { judgeAccess } from "./org-connection-access";
import { contextOf, parseOrgConnection, type ConnectionContext } from "./org-connection-context";
import { scanPrerequisiteLines } from "./org-connection-scans";
import { compact, withInternal } from "./props";
import type { OrgConnectionOutputs } from "./schema.generated";
import { currentServices } from "./services";

function outputsOf(
  ctx: ConnectionContext,
  props: Props,
  access: OrgAccess,
  state: ConnectionState,
  warnings: string[],
): Props {
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
export async function connect(props: Props, adoptedBefore = false): Promise<{ id: string; outs: Props }> {
  const ctx = contextOf(parseOrgConnection(props), props);
  const access = await ctx.client.getOrgAccess(ctx.inputs.organization);
  const platform = currentServices().platform(ctx.inputs.integration.platform, ctx.logger);
  const judged = judgeAccess(ctx.inputs, access, platform.gitlabAccessNeeded);
  if (judged.blocking) throw new ScmIntegrationError("no-access", judged.blocking, { field: "organization" });
  const found = await platform.connect(ctx.request);
  // An app connection (the adapter says which) is used as it is: no opt-in is asked for it.
  const state: ConnectionState = {
    ...found,
    adopted: adoptedBefore || (found.adopted === true && (ctx.inputs.adoptExisting || found.appConnection === true)),
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
