// `pulumi import` by id (formats in import-ids.ts): the state a read of the platform gives when
// nothing but the id is known. Only what the platforms return is recorded: the SCM token is never
// readable from Snyk, so the imported state has none, and the first `pulumi up` after the import
// sets the token the program declares (the preview marks that one property). Importing is taking
// over what someone else made, so it is recorded as adopted (`adoptExisting: true`): deleting the
// resource later leaves the platform's objects as they were (README.md, "Ownership"). Snyk only:
// Semgrep's SCM configs and projects are not importable yet.
import { ScmIntegrationError } from "../core/errors";
import type { ResourceKind } from "../index";
import type { Props } from "../resources/handler";
import { orgConnectionDefaults, repositoryImportDefaults, type Platform } from "../resources/schema.generated";
import { currentServices, resourceLogger } from "../resources/services";
import { parseImportId, type ImportId } from "./import-ids";
import { importSnykCodeSettings } from "./snyk-code-import";

export interface ImportedState {
  id?: string;
  props?: Props;
  inputs?: Props;
}

function snykOnly(kind: ResourceKind, platform: Platform): void {
  if (platform !== "snyk") {
    throw new ScmIntegrationError("invalid-input", `import of a ${platform} ${kind} is not supported`, {
      fix: `declare the ${kind} with adoptExisting: true and run pulumi up: it takes over what exists`,
    });
  }
}

async function readIntegration(kind: ResourceKind, name: string, id: string, parsed: ImportId) {
  const logger = resourceLogger(kind, name);
  const endpoint = currentServices().endpoint(parsed.scm, parsed.baseUrl);
  const state = await currentServices()
    .platform(parsed.platform, logger)
    .readIntegration(parsed.platformOrg, endpoint, parsed.integrationId);
  if (!state) {
    throw new ScmIntegrationError(
      "not-found",
      `import id ${JSON.stringify(id)}: ${parsed.platform} org ${parsed.platformOrg} has no integration ${parsed.integrationId} for ${parsed.scm} at ${endpoint.apiUrl}`,
      { fix: "check the organization id and the integration id (Snyk: Settings > Integrations > the SCM)" },
    );
  }
  return { logger, endpoint, state };
}

/** The Integration fields a reference (OrgConnection.integration, RepositoryImport.connection) holds, token aside. */
function referenceOf(parsed: ImportId, apiUrl: string, baseUrl: string): Props {
  return {
    integrationId: parsed.integrationId,
    platform: parsed.platform,
    platformOrg: parsed.platformOrg,
    scm: parsed.scm,
    ...(parsed.baseUrl !== undefined ? { baseUrl } : {}),
    apiUrl,
  };
}

async function importIntegration(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("Integration", id);
  const { logger, endpoint, state } = await readIntegration("Integration", name, id, parsed);
  const inputs: Props = {
    platform: parsed.platform,
    platformOrg: parsed.platformOrg,
    level: "organization",
    scm: parsed.scm,
    ...(parsed.baseUrl !== undefined ? { baseUrl: endpoint.baseUrl } : {}),
    adoptExisting: true,
  };
  logger.info(`imported ${parsed.platform} integration ${state.integrationId}; its token cannot be read back`);
  return {
    id: state.integrationId,
    inputs,
    props: {
      ...inputs,
      integrationId: state.integrationId,
      integrationType: state.integrationType ?? parsed.scm,
      apiUrl: endpoint.apiUrl,
      adopted: true,
      warnings: ["imported: the platform does not return the token; the next up sets the token the program declares"],
    },
  };
}

async function importOrgConnection(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("OrgConnection", id);
  snykOnly("OrgConnection", parsed.platform);
  const { endpoint } = await readIntegration("OrgConnection", name, id, parsed);
  const organization = parsed.organization!;
  // Snyk keeps no object for a connection: its id is the integration's and the organization's.
  const connectionId = `${parsed.integrationId}:${organization}`;
  const inputs: Props = {
    ...orgConnectionDefaults,
    integration: referenceOf(parsed, endpoint.apiUrl, endpoint.baseUrl),
    organization,
    adoptExisting: true,
  };
  return { id: connectionId, inputs, props: { ...inputs, connectionId } };
}

async function importRepositoryImport(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("RepositoryImport", id);
  snykOnly("RepositoryImport", parsed.platform);
  const { logger, endpoint } = await readIntegration("RepositoryImport", name, id, parsed);
  const organization = parsed.organization!;
  const connectionId = `${parsed.integrationId}:${organization}`;
  const listing = await currentServices().platform(parsed.platform, logger).listImports({
    platformOrg: parsed.platformOrg,
    integrationId: parsed.integrationId,
    connectionId,
    endpoint,
    organization,
  });
  if (!listing.complete) {
    throw new ScmIntegrationError(
      "incomplete",
      `the ${parsed.platform} listing of imports did not complete; nothing was imported`,
      {
        fix: "run pulumi import again",
      },
    );
  }
  const scanned = listing.imports.filter((i) => i.scanning);
  const names = scanned.map((i) => i.fullName).sort();
  const inputs: Props = {
    ...repositoryImportDefaults,
    connection: { connectionId, organization, ...referenceOf(parsed, endpoint.apiUrl, endpoint.baseUrl) },
    repositories: names,
    adoptExisting: true,
    resolvedRepositories: Object.fromEntries(names.map((n) => [n, "repositories"])),
  };
  logger.info(`imported ${names.length} imports of ${organization} from ${parsed.platform} org ${parsed.platformOrg}`);
  return {
    // A RepositoryImport's id is local to the stack, as when it is created.
    id: `ri-import-${parsed.integrationId}-${encodeURIComponent(organization)}`,
    inputs,
    props: {
      ...inputs,
      desiredCount: names.length,
      importedCount: names.length,
      failedCount: 0,
      failures: {},
      imported: Object.fromEntries(scanned.map((i) => [i.fullName, i.platformId])),
      owned: [],
      adopted: names,
      listingComplete: true,
    },
  };
}

const IMPORTERS: Record<ResourceKind, (name: string, id: string) => Promise<ImportedState>> = {
  Integration: importIntegration,
  OrgConnection: importOrgConnection,
  RepositoryImport: importRepositoryImport,
  SnykCodeSettings: importSnykCodeSettings,
};

export function importedState(kind: ResourceKind, name: string, id: string): Promise<ImportedState> {
  return IMPORTERS[kind](name, id);
}
