// SnykCodeSettings: "Snyk Code is on (or off) in this Snyk organization".
import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./provider-stub";
import { resourceProps, deletedBeforeReplaced, withSecretOutputs, type OutputProperties } from "./resource-props";
import {
  snykCodeSettingsAdditionalSecretOutputs,
  snykCodeSettingsOutputOnlyProperties,
  type SnykCodeSettingsArgs,
  type SnykCodeSettingsOutputs,
} from "./types.generated";

// Declaration merging types every output from the generated SnykCodeSettingsOutputs, so the class cannot
// drift from schema.json; the engine sets the fields (declared outputs are never initialised here).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface SnykCodeSettings extends OutputProperties<SnykCodeSettingsOutputs> {}

/**
 * Snyk Code on (default) or off in one Snyk organization. One per organization; destroy gives the
 * organization back the value found before this resource changed it (`enabledBefore`). A replacement
 * deletes before it creates, so the new resource records the organization's own earlier value, not the
 * value the old resource set.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SnykCodeSettings extends pulumi.dynamic.Resource {
  constructor(name: string, args: SnykCodeSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("SnykCodeSettings"),
      name,
      resourceProps(name, args, snykCodeSettingsOutputOnlyProperties),
      withSecretOutputs(deletedBeforeReplaced(opts), snykCodeSettingsAdditionalSecretOutputs),
      "scm-integrations",
      "SnykCodeSettings",
    );
  }
}
