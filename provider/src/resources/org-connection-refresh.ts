// OrgConnection's read (refresh): is the connection still there, and does the platform's own check of
// it still pass? A check that newly fails is flagged so that the next diff plans an update.
import type { Props, ReadResult } from "./handler";
import { contextOf, INPUT_KEYS, parseOrgConnection, REFRESH_FOUND } from "./org-connection-context";
import { compact, pickInputs } from "./props";
import { currentServices } from "./services";

export async function readOrgConnection(id: string, props: Props): Promise<ReadResult> {
  const ctx = contextOf(parseOrgConnection(pickInputs(props, INPUT_KEYS)), props);
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
}
