// Entry point of the installed provider package, loaded at call time by the stub in sdk/provider-stub.ts.
// Resource modules are required lazily so a process serving one kind does not load the others' clients.
import type { ResourceHandler } from "./resources/handler";
import type * as IntegrationModule from "./resources/integration";
import type * as OrgConnectionModule from "./resources/org-connection";
import type * as RepositoryImportModule from "./resources/repository-import";
import type * as SnykCodeSettingsModule from "./resources/snyk-code-settings";
import { configureProvider, type ConfigureRequest } from "./resources/provider-config";

export type ResourceKind = "Integration" | "OrgConnection" | "RepositoryImport" | "SnykCodeSettings";

export interface ProviderModule {
  configure(request: ConfigureRequest): Promise<void>;
  handler(kind: ResourceKind): ResourceHandler;
}

export async function configure(request: ConfigureRequest): Promise<void> {
  configureProvider(request);
}

export function handler(kind: ResourceKind): ResourceHandler {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see the header comment */
  switch (kind) {
    case "Integration":
      return (require("./resources/integration") as typeof IntegrationModule).integrationHandler;
    case "OrgConnection":
      return (require("./resources/org-connection") as typeof OrgConnectionModule).orgConnectionHandler;
    case "RepositoryImport":
      return (require("./resources/repository-import") as typeof RepositoryImportModule).repositoryImportHandler;
    case "SnykCodeSettings":
      return (require("./resources/snyk-code-settings") as typeof SnykCodeSettingsModule).snykCodeSettingsHandler;
    default:
      throw new Error(`unknown resource kind ${String(kind)}`);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}
