// `pulumi import` by id (formats in import-ids.ts): the state a read of the platform gives when
// nothing but the id is known, with no write to the platform. Only what the platforms return is
// recorded: no platform returns an SCM token, so the imported state has none, and a diff does not
// count the token the program declares as a change (resources/unread-tokens.ts): the platform keeps
// the token it holds until the program's token changes, whose update then gives it that token.
// Importing is taking over what someone else made, so it is recorded as adopted (`adoptExisting:
// true`): deleting the resource later leaves the platform's objects as they were (README.md,
// "Ownership"). Semgrep: the Integration has no object of its own (its id is derived from the
// deployment), the OrgConnection is the organization's SCM config and the RepositoryImport the
// projects Semgrep scans for that organization.
import { ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import type { ResourceKind } from "../index";
import type { ScmEndpoint } from "../scm/types";
import type { Props } from "../resources/handler";
import { orgConnectionDefaults, repositoryImportDefaults } from "../resources/schema.generated";
import { currentServices, resourceLogger } from "../resources/services";
import { parseImportId, type ImportId } from "./import-ids";
import { importSnykCodeSettings } from "./snyk-code-import";

export interface ImportedState {
  id?: string;
  props?: Props;
  inputs?: Props;
}

interface ReadIntegration {
  logger: Logger;
  endpoint: ScmEndpoint;
  integrationId: string;
  integrationType?: string;
}

async function readIntegration(
  kind: ResourceKind,
  name: string,
  id: string,
  parsed: ImportId,
): Promise<ReadIntegration> {
  const logger = resourceLogger(kind, name);
  const endpoint = currentServices().endpoint(parsed.scm, parsed.baseUrl);
  const platform = currentServices().platform(parsed.platform, logger);
  // Semgrep ids carry no integration id: it is the one `up` would record for this deployment and endpoint.
  const integrationId =
    parsed.integrationId ?? (await platform.integrationIdFor?.(parsed.platformOrg, endpoint)) ?? undefined;
  const state =
    integrationId === undefined ? null : await platform.readIntegration(parsed.platformOrg, endpoint, integrationId);
  if (!state) {
    const what = parsed.integrationId === undefined ? "" : ` ${parsed.integrationId}`;
    throw new ScmIntegrationError(
      "not-found",
      `import id ${JSON.stringify(id)}: ${parsed.platform} org ${parsed.platformOrg} has no integration${what} for ${parsed.scm} at ${endpoint.apiUrl}`,
      {
        fix:
          parsed.platform === "semgrep"
            ? "check the deployment slug or id (Semgrep: Settings > Deployment) and, for github, that the Semgrep GitHub App is installed"
            : "check the organization id and the integration id (Snyk: Settings > Integrations > the SCM)",
      },
    );
  }
  return {
    logger,
    endpoint,
    integrationId: state.integrationId,
    ...(state.integrationType !== undefined ? { integrationType: state.integrationType } : {}),
  };
}

/**
 * The connection's id: Snyk keeps no object for a connection (its id is the integration's and the
 * organization's); Semgrep's is the organization's SCM config, found as `up` finds it (read-only).
 */
async function connectionIdOf(id: string, parsed: ImportId, read: ReadIntegration): Promise<string> {
  const organization = parsed.organization!;
  if (parsed.platform === "snyk") return `${read.integrationId}:${organization}`;
  const existing = await currentServices().platform(parsed.platform, read.logger).findConnection({
    platformOrg: parsed.platformOrg,
    integrationId: read.integrationId,
    endpoint: read.endpoint,
    token: "",
    organization,
  });
  if (!existing) {
    throw new ScmIntegrationError(
      "not-found",
      `import id ${JSON.stringify(id)}: ${parsed.platform} deployment ${parsed.platformOrg} has no SCM config for ${parsed.scm} organization ${JSON.stringify(organization)} at ${read.endpoint.webUrl}`,
      { fix: "check the organization and the SCM (Semgrep: Settings > Source code managers)" },
    );
  }
  return existing.id;
}

/** The Integration fields a reference (OrgConnection.integration, RepositoryImport.connection) holds, token aside. */
function referenceOf(parsed: ImportId, read: ReadIntegration): Props {
  return {
    integrationId: read.integrationId,
    platform: parsed.platform,
    platformOrg: parsed.platformOrg,
    scm: parsed.scm,
    ...(parsed.baseUrl !== undefined ? { baseUrl: read.endpoint.baseUrl } : {}),
    apiUrl: read.endpoint.apiUrl,
  };
}

async function importIntegration(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("Integration", id);
  const { logger, endpoint, ...state } = await readIntegration("Integration", name, id, parsed);
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
      warnings: [
        "imported: the platform does not return the token, so the integration keeps the token it holds until the program's token changes; to give it the declared token, change (rotate) that token",
      ],
    },
  };
}

async function importOrgConnection(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("OrgConnection", id);
  const read = await readIntegration("OrgConnection", name, id, parsed);
  const organization = parsed.organization!;
  const connectionId = await connectionIdOf(id, parsed, read);
  const inputs: Props = {
    ...orgConnectionDefaults,
    integration: referenceOf(parsed, read),
    organization,
    adoptExisting: true,
  };
  read.logger.info(`imported ${parsed.platform} connection ${connectionId} of ${organization}`);
  return { id: connectionId, inputs, props: { ...inputs, connectionId, adopted: true } };
}

async function importRepositoryImport(name: string, id: string): Promise<ImportedState> {
  const parsed = parseImportId("RepositoryImport", id);
  const read = await readIntegration("RepositoryImport", name, id, parsed);
  const { logger, endpoint, integrationId } = read;
  const organization = parsed.organization!;
  const connectionId = await connectionIdOf(id, parsed, read);
  const listing = await currentServices().platform(parsed.platform, logger).listImports({
    platformOrg: parsed.platformOrg,
    integrationId,
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
    connection: { connectionId, organization, ...referenceOf(parsed, read) },
    repositories: names,
    adoptExisting: true,
    resolvedRepositories: Object.fromEntries(names.map((n) => [n, "repositories"])),
  };
  logger.info(`imported ${names.length} imports of ${organization} from ${parsed.platform} org ${parsed.platformOrg}`);
  return {
    // A RepositoryImport's id is local to the stack, as when it is created.
    id: `ri-import-${integrationId}-${encodeURIComponent(organization)}`,
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
