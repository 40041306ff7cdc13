// Integration: "this platform may use this SCM endpoint with this token".
import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./provider-stub";
import { resourceProps, deletedBeforeReplaced, withSecretOutputs, type OutputProperties } from "./resource-props";
import {
  integrationAdditionalSecretOutputs,
  integrationOutputOnlyProperties,
  type IntegrationArgs,
  type IntegrationOutputs,
} from "./types.generated";

// Declaration merging types every output from the generated IntegrationOutputs, so the class cannot drift
// from schema.json; the engine sets the fields (declared outputs are never initialised here).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Integration extends OutputProperties<IntegrationOutputs> {}

/**
 * Connects a code-security platform (Snyk, Semgrep) to an SCM endpoint with a token. The token is
 * always stored as a secret; changing it rotates the credential in place.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Integration extends pulumi.dynamic.Resource {
  /** The platform the program gave (plain while the program runs, unlike the output): RepositoryImport's replace order. */
  readonly declaredPlatform: IntegrationArgs["platform"];

  constructor(name: string, args: IntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("Integration"),
      name,
      resourceProps(name, args, integrationOutputOnlyProperties, { token: pulumi.secret(args.token) }),
      withSecretOutputs(deletedBeforeReplaced(opts), integrationAdditionalSecretOutputs),
      "scm-integrations",
      "Integration",
    );
    this.declaredPlatform = args.platform;
  }
}
