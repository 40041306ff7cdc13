// OrgConnection's delete: disconnect what this resource connected; leave an adopted object as it is.
import type { Props } from "./handler";
import { contextOf, INPUT_KEYS, KIND, parseOrgConnection } from "./org-connection-context";
import { pickInputs } from "./props";
import { currentServices, resourceLogger } from "./services";

export async function deleteOrgConnection(id: string, props: Props): Promise<void> {
  if (props.adopted === true) {
    // Taken over, not made here: leave it for whoever made it (it keeps the last token set).
    // Nothing is sent, so nothing is parsed: an imported one may hold no token (unread-tokens.ts).
    const platform = String((props.integration as Props | undefined)?.platform);
    resourceLogger(KIND, props.resourceName).info(
      `left ${platform} connection ${id} in place: it existed before this resource took it over (adoptExisting)`,
    );
    return;
  }
  const ctx = contextOf(parseOrgConnection(pickInputs(props, INPUT_KEYS)), props);
  const kept = await currentServices()
    .platform(ctx.inputs.integration.platform, ctx.logger)
    .disconnect(ctx.request, id);
  if (kept !== undefined) {
    ctx.logger.warn(`left ${ctx.inputs.integration.platform} connection ${id} in place: ${kept}`);
    return;
  }
  ctx.logger.info(`disconnected ${ctx.inputs.organization} (${id})`);
}
