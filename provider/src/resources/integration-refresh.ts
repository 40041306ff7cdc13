// Integration's read (refresh): is the integration still on the platform, and under the same id?
import type { Props, ReadResult } from "./handler";
import { endpointOf, INPUT_KEYS, KIND, parseIntegration } from "./integration-context";
import { pickInputs } from "./props";
import { currentServices, resourceLogger } from "./services";

export async function readIntegration(id: string, props: Props): Promise<ReadResult> {
  const inputs = parseIntegration(pickInputs(props, INPUT_KEYS));
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
}
