// Integration: "this platform may use this SCM endpoint with this token".
import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./provider-stub";
import { resourceProps, withSecretOutputs, type OutputProperties } from "./resource-props";
import {
  integrationAdditionalSecretOutputs,
  integrationOutputOnlyProperties,
  type IntegrationArgs,
  type IntegrationOutputs,
} from "./types.generated";

export interface Integration extends OutputProperties<IntegrationOutputs> {}

/**
 * Connects a code-security platform (Snyk, Semgrep) to an SCM endpoint with a token. The token is
 * always stored as a secret; changing it rotates the credential in place.
 */
export class Integration extends pulumi.dynamic.Resource {
  constructor(name: string, args: IntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("Integration"),
      name,
      resourceProps(name, args, integrationOutputOnlyProperties, { token: pulumi.secret(args.token) }),
      withSecretOutputs(opts, integrationAdditionalSecretOutputs),
      "scm-integrations",
      "Integration",
    );
  }
}
