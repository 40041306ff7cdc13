// Entry point of the installed provider package, loaded at call time by the stub in sdk/provider-stub.ts.
// Resource modules are required lazily so a process serving one kind does not load the others' clients.
import type { ResourceHandler } from "./resources/handler";
import { configureProvider, type ConfigureRequest } from "./resources/provider-config";

export type ResourceKind = "Integration" | "OrgConnection" | "RepositoryImport";

export interface ProviderModule {
  configure(request: ConfigureRequest): Promise<void>;
  handler(kind: ResourceKind): ResourceHandler;
}

export async function configure(request: ConfigureRequest): Promise<void> {
  configureProvider(request);
}

export function handler(kind: ResourceKind): ResourceHandler {
  switch (kind) {
    case "Integration":
      return (require("./resources/integration") as typeof import("./resources/integration")).integrationHandler;
    case "OrgConnection":
      return (require("./resources/org-connection") as typeof import("./resources/org-connection")).orgConnectionHandler;
    case "RepositoryImport":
      return (require("./resources/repository-import") as typeof import("./resources/repository-import"))
        .repositoryImportHandler;
    default:
      throw new Error(`unknown resource kind ${String(kind)}`);
  }
}
