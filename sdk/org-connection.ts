// OrgConnection: "this platform org is connected to this SCM organization / group".
import * as pulumi from "@pulumi/pulumi";
import { Integration } from "./integration";
import { providerStub } from "./provider-stub";
import { resourceProps, deletedBeforeReplaced, withSecretOutputs, type OutputProperties } from "./resource-props";
import {
  orgConnectionAdditionalSecretOutputs,
  orgConnectionOutputOnlyProperties,
  type IntegrationReferenceArgs,
  type OrgConnectionArgs as GeneratedArgs,
  type OrgConnectionOutputs,
} from "./types.generated";

export interface OrgConnectionArgs extends Omit<GeneratedArgs, "integration"> {
  /** The Integration this connection uses (or a reference built from its outputs). */
  integration: Integration | pulumi.Input<IntegrationReferenceArgs>;
}

/**
 * A dynamic provider cannot read another resource's state: copy what the connection needs. A plain
 * object of Outputs (not one Output) keeps the fields that are already known known during a
 * preview, so the token and organization can be checked before the integration exists.
 */
export function integrationReference(integration: Integration): IntegrationReferenceArgs {
  return {
    integrationId: integration.integrationId,
    platform: integration.platform,
    platformOrg: integration.platformOrg,
    scm: integration.scm,
    baseUrl: integration.baseUrl as pulumi.Input<string>,
    apiUrl: integration.apiUrl,
    token: pulumi.secret(integration.token),
    caCertificate: integration.caCertificate as pulumi.Input<string>,
  };
}

// Declaration merging types every output from the generated OrgConnectionOutputs, so the class cannot drift
// from schema.json; the engine sets the fields (declared outputs are never initialised here).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface OrgConnection extends OutputProperties<OrgConnectionOutputs> {}

/** Proves the integration's token can see the SCM organization and connects it to the platform org. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class OrgConnection extends pulumi.dynamic.Resource {
  /** The integration reference this connection was given, field by field (RepositoryImport reuses it). */
  readonly integrationReference: pulumi.Input<IntegrationReferenceArgs>;
  /** The platform of its integration as the program gave it (plain, or an Input): RepositoryImport's replace order. */
  readonly declaredPlatform: unknown;

  constructor(name: string, args: OrgConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const integration =
      args.integration instanceof Integration ? integrationReference(args.integration) : args.integration;
    super(
      providerStub("OrgConnection"),
      name,
      resourceProps(name, args, orgConnectionOutputOnlyProperties, { integration }),
      withSecretOutputs(deletedBeforeReplaced(opts), orgConnectionAdditionalSecretOutputs),
      "scm-integrations",
      "OrgConnection",
    );
    this.integrationReference = integration;
    this.declaredPlatform =
      args.integration instanceof Integration
        ? args.integration.declaredPlatform
        : (args.integration as { platform?: unknown } | undefined)?.platform;
  }
}
