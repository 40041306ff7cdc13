// Integration's delete: remove the credentials this resource registered; leave an adopted one as it is.
import type { Props } from "./handler";
import { endpointOf, INPUT_KEYS, KIND, parseIntegration } from "./integration-context";
import { pickInputs } from "./props";
import { currentServices, resourceLogger } from "./services";

export async function deleteIntegration(id: string, props: Props): Promise<void> {
  const logger = resourceLogger(KIND, props.resourceName);
  if (props.adopted === true) {
    // Taken over, not made here: give it back as it is (its credentials are the last token set).
    // Nothing is sent, so nothing is parsed: an imported one may hold no token (unread-tokens.ts).
    logger.info(
      `left ${String(props.platform)} integration ${id} and its credentials in place: it existed before this resource took it over (adoptExisting)`,
    );
    return;
  }
  const inputs = parseIntegration(pickInputs(props, INPUT_KEYS));
  const kept = await currentServices()
    .platform(inputs.platform, logger)
    .removeIntegration(inputs.platformOrg, endpointOf(inputs), id);
  if (kept !== undefined) {
    logger.warn(`left the credentials of ${inputs.platform} integration ${id} in place: ${kept}`);
    return;
  }
  logger.info(`removed the credentials of ${inputs.platform} integration ${id}`);
}
