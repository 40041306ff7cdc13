// RepositoryImport: "exactly these repositories are scanned".
import * as pulumi from "@pulumi/pulumi";
import { OrgConnection } from "./org-connection";
import { providerStub } from "./provider-stub";
import { resourceProps, importReplacementOptions, withSecretOutputs, type OutputProperties } from "./resource-props";
import {
  repositoryImportAdditionalSecretOutputs,
  repositoryImportOutputOnlyProperties,
  type ConnectionReferenceArgs,
  type RepositoryImportArgs as GeneratedArgs,
  type RepositoryImportOutputs,
} from "./types.generated";

export interface RepositoryImportArgs extends Omit<GeneratedArgs, "connection"> {
  /** The OrgConnection whose organization the repositories belong to (or a reference built from its outputs). */
  connection: OrgConnection | pulumi.Input<ConnectionReferenceArgs>;
}

/**
 * Field by field (see integrationReference): the integration fields come from what the connection
 * was given, so they stay known during a preview while the connection itself is being created.
 */
function connectionReference(connection: OrgConnection): pulumi.Input<ConnectionReferenceArgs> {
  const integration = connection.integrationReference;
  if (pulumi.Output.isInstance(integration) || integration instanceof Promise) {
    return pulumi
      .all([connection.connectionId, connection.organization, integration])
      .apply(([connectionId, organization, ref]) => ({
        connectionId,
        organization,
        ...ref,
      }));
  }
  return {
    ...integration,
    connectionId: connection.connectionId,
    organization: connection.organization,
  };
}

// Declaration merging types every output from the generated RepositoryImportOutputs, so the class cannot drift
// from schema.json; the engine sets the fields (declared outputs are never initialised here).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RepositoryImport extends OutputProperties<RepositoryImportOutputs> {}

/**
 * The repositories a platform scans in one SCM organization: an explicit list and/or a selector,
 * resolved at preview time into `resolvedRepositories` so reviewers see each repository added or removed.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RepositoryImport extends pulumi.dynamic.Resource {
  constructor(name: string, args: RepositoryImportArgs, opts?: pulumi.CustomResourceOptions) {
    const connection =
      args.connection instanceof OrgConnection ? connectionReference(args.connection) : args.connection;
    super(
      providerStub("RepositoryImport"),
      name,
      resourceProps(name, args, repositoryImportOutputOnlyProperties, {
        connection,
        // The marker this resource stamps on what it imports (Semgrep project tags), so other stacks and
        // its own next incarnation recognise them: the engine tells the program, not the provider, the stack.
        owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      }),
      withSecretOutputs(
        importReplacementOptions(
          args.connection instanceof OrgConnection
            ? args.connection.declaredPlatform
            : (args.connection as { platform?: unknown }).platform,
          opts,
        ),
        repositoryImportAdditionalSecretOutputs,
      ),
      "scm-integrations",
      "RepositoryImport",
    );
  }
}
