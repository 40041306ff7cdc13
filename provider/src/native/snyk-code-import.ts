// `pulumi import` of a SnykCodeSettings: the id is the Snyk organization id, and the state is the
// organization's Snyk Code setting as Snyk holds it now. Importing takes over what is there, so the
// value found is also the one a later delete gives back (`enabledBefore`): the organization is left as
// it was (README.md, "Ownership").
import { ScmIntegrationError } from "../core/errors";
import { platformOrgProblem } from "../plan/input-syntax";
import type { Props } from "../resources/handler";
import { currentServices, resourceLogger } from "../resources/services";
import type { ImportedState } from "./import-read";

export const SNYK_CODE_IMPORT_ID_FORMAT = "<platformOrg> (the Snyk organization id)";

export async function importSnykCodeSettings(name: string, id: string): Promise<ImportedState> {
  const problem = platformOrgProblem(id, "snyk");
  if (problem) {
    throw new ScmIntegrationError("invalid-input", `import id ${JSON.stringify(id)}: ${problem.problem}`, {
      fix: `give the SnykCodeSettings id as ${SNYK_CODE_IMPORT_ID_FORMAT}: ${problem.fix}`,
    });
  }
  const logger = resourceLogger("SnykCodeSettings", name);
  const platform = currentServices().platform("snyk", logger);
  if (!platform.readCodeAnalysis) {
    throw new ScmIntegrationError("unsupported", "this Snyk adapter cannot read Snyk Code settings");
  }
  const enabled = await platform.readCodeAnalysis(id);
  const inputs: Props = { platformOrg: id, enabled };
  logger.info(`imported the Snyk Code setting of Snyk org ${id}: ${enabled ? "on" : "off"}`);
  return { id, inputs, props: { ...inputs, enabledBefore: enabled } };
}
