// The Semgrep platform adapter. Semgrep's three steps map as follows:
// - Integration: nothing remote of its own; validates the deployment and that the SCM kind can be
//   connected by token, and records a deterministic local id.
// - OrgConnection: the SCM config (`/api/scm/deployments/{id}/configs`), adopted when one exists.
// - RepositoryImport: projects. A repository becomes a project when its SCM config is synced, and is
//   scanned by turning Managed Scans on. A sync-created project is PROJECT_STATUS_NOT_SETUP: the v1 list
//   (`GET /api/v1/deployments/{slug}/projects`, "projects that have been scanned or onboarded to Managed
//   Scans") does not show it, so an import finds it with v2 `POST /api/v2/deployments/{id}/projects/list`
//   (filter `names`); the v1 list still serves listImports, where only onboarded projects matter. (On self-hosted SCMs Semgrep can also onboard a repository
//   through a CI job committed by pull / merge request; that path is out of scope here.)
import pLimit from "p-limit";
import { ScmIntegrationError, errorMessage, isScmIntegrationError } from "../../core/errors";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import type { ScmEndpoint } from "../../scm/types";
import type {
  ConnectionRequest,
  ConnectionState,
  ExistingObject,
  ImportListing,
  ImportOutcome,
  ImportOptions,
  ImportScope,
  IntegrationRequest,
  IntegrationState,
  LoginScm,
  Platform,
  PlatformConfig,
  PlatformImport,
  RepositoryToImport,
  ScmOrganizationFacts,
} from "../types";
import { SemgrepClient, type SemgrepClientOptions } from "./client";
import { withContext } from "./errors";
import { loginScmConnections, loginScmOf, type SemgrepSsoProviders } from "./login-scm";
import { managedScansVerdict, type ManagedScansFacts, type ManagedScansVerdict } from "./managed-scans";
import type {
  SemgrepConfigCheck,
  SemgrepDeployment,
  SemgrepProject,
  SemgrepProjectV2,
  SemgrepScmConfig,
} from "./schemas";
import {
  GITHUB_APP_GUIDANCE,
  SCM_TYPE_BY_KIND,
  hostOf,
  integrationIdFor,
  parseIntegrationId,
  sameBaseUrl,
} from "./scm-kinds";

/** Test and tuning knobs beyond PlatformConfig (fetch, rate limit, poll timings). */
export interface SemgrepPlatformOptions extends Partial<Omit<SemgrepClientOptions, "token" | "apiUrl">> {
  /** Concurrent project reads while listing imports. */
  readConcurrency?: number;
  /** Sync task polling: first wait and the longest total wait, in ms. */
  syncFirstWaitMs?: number;
  syncMaxWaitMs?: number;
}

/**
 * Project tag marking the stack and resource that onboarded a project: `pulumi-owner:<project>/<stack>/<resource>`.
 * Semgrep project tags are free strings, created on first use (PUT …/projects/{projectName}/tags, "Any
 * project tags that do not already exist for the deployment will be created automatically"); which
 * characters a tag may hold is not documented (UNVERIFIED), so the marker keeps to the ones a stack
 * and resource name use.
 */
export const OWNER_TAG_PREFIX = "pulumi-owner:";

function ownerOf(tags: readonly string[] | null | undefined): string | undefined {
  const tag = (tags ?? []).find((t) => t.startsWith(OWNER_TAG_PREFIX));
  return tag === undefined ? undefined : tag.slice(OWNER_TAG_PREFIX.length);
}

const MANAGED_SCANS_ON = { diffScan: true, fullScan: true };
const MANAGED_SCANS_OFF = { diffScan: false, fullScan: false };

export function createSemgrepPlatform(config: PlatformConfig, options: SemgrepPlatformOptions = {}): Platform {
  const logger: Logger = config.logger ?? options.logger ?? silentLogger;
  const client = new SemgrepClient({
    ...options,
    token: config.apiToken,
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    logger,
    ...(config.clock ? { clock: config.clock } : {}),
  });
  return new SemgrepPlatform(client, logger, options);
}

class SemgrepPlatform implements Platform {
  readonly name = "semgrep" as const;

  constructor(
    private readonly client: SemgrepClient,
    private readonly logger: Logger,
    private readonly options: SemgrepPlatformOptions,
  ) {}

  // ---- Integration ---------------------------------------------------------------------------------

  async upsertIntegration(request: IntegrationRequest): Promise<IntegrationState> {
    rememberSecret(request.token);
    const { deployment, adopted } = await this.integrationPreconditions(request);
    return { integrationId: integrationIdFor(deployment.id, request.endpoint), adopted };
  }

  /** Read-only, for check: what `upsertIntegration` would refuse, refused now (it writes nothing either). */
  async preflightIntegration(request: IntegrationRequest): Promise<void> {
    await this.integrationPreconditions(request);
  }

  /** The deployment, once the request is one Semgrep can serve; `adopted` when the GitHub App connection is used. */
  private async integrationPreconditions(
    request: IntegrationRequest,
  ): Promise<{ deployment: { id: string; slug: string }; adopted: boolean }> {
    if (request.level === "group") {
      throw new ScmIntegrationError("unsupported", 'Semgrep has no group-level SCM integrations (level "group")', {
        field: "level",
        fix: 'use level "organization": a Semgrep deployment connects SCM organizations / groups one by one',
      });
    }
    if (!request.token) {
      throw new ScmIntegrationError("invalid-input", "the SCM token is empty", {
        field: "token",
        fix: "pass the SCM personal access token Semgrep should use",
      });
    }
    const deployment = await this.resolveDeployment(request.platformOrg);
    let adopted = false;
    if (request.endpoint.scm === "github") {
      // github.com is connected through the Semgrep GitHub App, never by token: only an existing app
      // connection can be used, and none is ever faked.
      if (!(await this.hasGitHubAppConnection(deployment.id))) {
        throw new ScmIntegrationError(
          "unsupported",
          `Semgrep connects github.com through the Semgrep GitHub App, not with a token, and deployment "${deployment.slug}" has no GitHub App connection`,
          { field: "scm", fix: GITHUB_APP_GUIDANCE },
        );
      }
      adopted = true;
    }
    return { deployment, adopted };
  }

  async findIntegration(): Promise<ExistingObject | null> {
    return null; // no remote object of its own (the SCM config belongs to OrgConnection)
  }

  async readIntegration(
    platformOrg: string,
    endpoint: ScmEndpoint,
    integrationId: string,
  ): Promise<IntegrationState | null> {
    const parsed = parseIntegrationId(integrationId);
    if (!parsed) return null;
    const deployment = await this.findDeployment(platformOrg);
    if (!deployment || deployment.id !== parsed.deploymentId) return null;
    if (integrationIdFor(deployment.id, endpoint) !== integrationId) return null;
    if (endpoint.scm === "github" && !(await this.hasGitHubAppConnection(deployment.id))) return null;
    return { integrationId, adopted: endpoint.scm === "github" };
  }

  async integrationIdFor(platformOrg: string, endpoint: ScmEndpoint): Promise<string | null> {
    const deployment = await this.findDeployment(platformOrg);
    return deployment ? integrationIdFor(deployment.id, endpoint) : null;
  }

  async removeIntegration(): Promise<string | undefined> {
    // Nothing remote: the integration is a local record (the SCM config belongs to OrgConnection).
    return undefined;
  }

  // ---- OrgConnection -------------------------------------------------------------------------------

  async connect(request: ConnectionRequest): Promise<ConnectionState> {
    rememberSecret(request.token);
    const deployment = await this.resolveDeployment(request.platformOrg);
    const type = SCM_TYPE_BY_KIND[request.endpoint.scm];
    const existing = await this.findConfig(deployment.id, request.endpoint, request.organization);

    if (request.endpoint.scm === "github") {
      if (!existing) {
        throw new ScmIntegrationError(
          "unsupported",
          `deployment "${deployment.slug}" has no GitHub App connection for the GitHub organization "${request.organization}"`,
          { field: "organization", fix: GITHUB_APP_GUIDANCE },
        );
      }
      // An app connection carries no token of ours: adopt it as it is.
      return { ...(await this.checked(deployment.id, existing.id, "adopted")), adopted: true };
    }

    let config: SemgrepScmConfig;
    let how: "created" | "adopted";
    if (existing) {
      // Adopt instead of duplicating; the token given is the one to use from now on.
      const patched = await this.client.patchConfig(deployment.id, existing.id, { accessToken: request.token });
      if (!patched) {
        throw new ScmIntegrationError(
          "conflict",
          `SCM config ${existing.id} for "${request.organization}" disappeared while it was being adopted`,
          { fix: "run again" },
        );
      }
      config = patched;
      how = "adopted";
    } else {
      try {
        config = await this.client.createConfig(deployment.id, {
          type,
          namespace: request.organization,
          baseUrl: request.endpoint.baseUrl,
          accessToken: request.token,
          ...(request.options?.autoScan !== undefined ? { autoScan: request.options.autoScan } : {}),
        });
        how = "created";
      } catch (e) {
        // A create that failed on the way back (conflict, 5xx, dropped connection) may have happened
        // anyway: look again before reporting, so a retry never makes a second config.
        const again = await this.findConfig(deployment.id, request.endpoint, request.organization).catch(() => null);
        if (!again) throw e;
        this.logger.info(`Semgrep: SCM config for "${request.organization}" exists after a failed create; adopting it`);
        const patched = await this.client.patchConfig(deployment.id, again.id, { accessToken: request.token });
        config = patched ?? again;
        how = "adopted";
      }
    }
    this.logger.info(`Semgrep: ${how} SCM config ${config.id} (${type}, "${request.organization}")`);
    // A config found after a failed create of ours was made by this call: not adopted.
    return { ...(await this.checked(deployment.id, config.id, how)), adopted: existing !== undefined };
  }

  async findConnection(request: ConnectionRequest): Promise<ExistingObject | null> {
    const deployment = await this.findDeployment(request.platformOrg);
    if (!deployment) return null; // connect reports the missing deployment
    const existing = await this.findConfig(deployment.id, request.endpoint, request.organization);
    if (!existing) return null;
    const type = SCM_TYPE_BY_KIND[request.endpoint.scm];
    const app = request.endpoint.scm === "github";
    return {
      id: existing.id,
      description: `the ${app ? "GitHub App connection" : "SCM config"} ${existing.id} (${type}, "${existing.namespace}"${existing.baseUrl ? `, ${existing.baseUrl}` : ""}) of Semgrep deployment "${deployment.slug}"`,
      // The SCM config API has no owner or tag field: who made it cannot be read.
      provenance:
        "it was not created by this resource: made in Semgrep's UI (Settings > Source code managers), by another stack or by another OrgConnection (Semgrep SCM configs carry no marker of who made them)",
      takeover: app
        ? "up would use it as it is (an app connection carries no token of this provider) and never remove it"
        : "up would give it this connection's token, replacing the one it holds, and keep it in place on delete",
      changesOnTakeover: !app,
    };
  }

  async scanPrerequisites(request: ConnectionRequest, facts: ScmOrganizationFacts): Promise<ManagedScansVerdict> {
    const deployment = await this.resolveDeployment(request.platformOrg);
    return managedScansVerdict(
      await this.managedScansFacts(deployment.id, request.endpoint, request.organization, facts),
    );
  }

  async loginScm(platformOrg: string): Promise<LoginScm | null | undefined> {
    const deployment = await this.resolveDeployment(platformOrg);
    let listing: SemgrepSsoProviders | null;
    try {
      listing = await this.client.listSsoProviders(deployment.id);
    } catch (e) {
      // An Experimental endpoint this token may not be allowed to read: not knowing is not a failure.
      if (isScmIntegrationError(e) && e.kind === "no-access") return undefined;
      throw e;
    }
    const login = listing === null ? undefined : loginScmOf(listing);
    if (!login) return login;
    // Which organizations of that SCM the deployment already connects, so a refusal can name them.
    return { ...login, connections: loginScmConnections(login, await this.client.listConfigs(deployment.id)) };
  }

  async readConnection(request: ConnectionRequest, connectionId: string): Promise<ConnectionState | null> {
    const deployment = await this.findDeployment(request.platformOrg);
    if (!deployment) return null;
    // No GET for one config exists: search its (type, namespace) first, and only when it is not there
    // (renamed in the UI, say) read the whole list before calling it gone.
    const type = SCM_TYPE_BY_KIND[request.endpoint.scm];
    const near = await this.client.searchConfigs(deployment.id, { type, namespace: request.organization });
    if (!near.some((c) => c.id === connectionId)) {
      const all = await this.client.listConfigs(deployment.id);
      if (!all.some((c) => c.id === connectionId)) return null;
    }
    const check = await this.client.checkConfig(deployment.id, connectionId);
    return check ? connectionState(connectionId, check) : null;
  }

  async disconnect(request: ConnectionRequest, connectionId: string): Promise<string | undefined> {
    if (request.endpoint.scm === "github") {
      // The app connection was adopted, not made here; removing it would uninstall Semgrep for everyone.
      this.logger.warn(
        `Semgrep: leaving GitHub App connection ${connectionId} in place (it was adopted; uninstall the app in GitHub to remove it)`,
      );
      return undefined;
    }
    const deployment = await this.findDeployment(request.platformOrg);
    if (!deployment) return undefined;
    // Projects of the organization still scanned belong to someone else: the engine deletes a stack's
    // RepositoryImports (which stop what they onboarded) before its OrgConnection. Deleting the config
    // would cut them off from the SCM, so it stays.
    const { imports } = await this.listImports({
      platformOrg: request.platformOrg,
      integrationId: request.integrationId,
      connectionId,
      endpoint: request.endpoint,
      organization: request.organization,
    });
    const scanned = imports.filter((i) => i.scanning).map((i) => i.fullName);
    if (scanned.length > 0) {
      const shown = scanned.slice(0, 5).join(", ") + (scanned.length > 5 ? ` and ${scanned.length - 5} more` : "");
      return `${scanned.length} project${scanned.length === 1 ? " is" : "s are"} still scanned through it (${shown}), onboarded by hand, by another stack or kept by a replacement`;
    }
    const deleted = await this.client.deleteConfig(deployment.id, connectionId);
    if (!deleted) this.logger.info(`Semgrep: SCM config ${connectionId} was already gone`);
    return undefined;
  }

  // ---- RepositoryImport ----------------------------------------------------------------------------

  async listImports(scope: ImportScope): Promise<ImportListing> {
    const deployment = await this.resolveDeployment(scope.platformOrg);
    let projects: SemgrepProject[];
    try {
      projects = (await this.client.listAllProjects(deployment.slug)).filter((p) => inScope(p, scope));
    } catch (e) {
      throw incomplete(e, `listing the projects of deployment "${deployment.slug}"`);
    }
    // The list endpoint does not report Managed Scans; each project's own record does.
    const limit = pLimit(this.options.readConcurrency ?? 8);
    const imports = await Promise.all(
      projects.map((p) =>
        limit(async (): Promise<PlatformImport | null> => {
          let full: SemgrepProject | null;
          try {
            full = await this.client.getProject(deployment.slug, p.name);
          } catch (e) {
            throw incomplete(e, `reading project "${p.name}"`);
          }
          if (!full) return null; // deleted between the listing and now
          const owner = ownerOf(full.tags);
          return {
            fullName: full.name,
            platformId: full.id,
            scanning: managedScansOn(full),
            ...(owner !== undefined ? { owner } : {}),
          };
        }),
      ),
    );
    return {
      imports: imports
        .filter((i): i is PlatformImport => i !== null)
        .sort((a, b) => a.fullName.localeCompare(b.fullName)),
      complete: true,
    };
  }

  async importRepositories(
    scope: ImportScope,
    repositories: RepositoryToImport[],
    options: Pick<ImportOptions, "concurrency" | "onProgress" | "scmFacts">,
  ): Promise<ImportOutcome[]> {
    if (repositories.length === 0) return [];
    const deployment = await this.resolveDeployment(scope.platformOrg);
    const nothingDone = `nothing was imported (0 of ${repositories.length} repositories)`;

    // 0. Managed Scans are turned on only where their prerequisites hold (GitHub: the private Semgrep
    //    GitHub app with code access); otherwise nothing is started and the error says what to fix.
    const prerequisites = managedScansVerdict(
      await this.managedScansFacts(deployment.id, scope.endpoint, scope.organization, options.scmFacts),
    );
    if (prerequisites.missing.length > 0) {
      throw new ScmIntegrationError(
        "no-access",
        `Semgrep Managed Scans cannot be turned on for "${scope.organization}": ${prerequisites.missing.join("; ")}; ${nothingDone}`,
        {
          field: "connection",
          fix: "complete the missing prerequisite in Semgrep and the SCM as described, then run `pulumi up` again",
        },
      );
    }

    // 1. Sync the SCM config so Semgrep creates projects for the namespace's repositories.
    let taskToken: string | null;
    try {
      taskToken = await this.client.syncConfig(deployment.id, scope.connectionId);
    } catch (e) {
      throw withContext(
        asError(e),
        `Semgrep could not start the sync of SCM config ${scope.connectionId}; ${nothingDone}`,
      );
    }
    if (!taskToken) {
      throw new ScmIntegrationError(
        "not-found",
        `SCM config ${scope.connectionId} no longer exists in deployment "${deployment.slug}"; ${nothingDone}`,
        {
          field: "connection",
          fix: "run `pulumi up` so the OrgConnection re-creates the SCM config, then import again",
        },
      );
    }
    let outcome;
    try {
      outcome = await this.client.waitForTask(taskToken, {
        ...(this.options.syncFirstWaitMs !== undefined ? { firstWaitMs: this.options.syncFirstWaitMs } : {}),
        ...(this.options.syncMaxWaitMs !== undefined ? { maxWaitMs: this.options.syncMaxWaitMs } : {}),
      });
    } catch (e) {
      throw withContext(asError(e), `the sync of SCM config ${scope.connectionId} did not finish; ${nothingDone}`);
    }
    if (outcome.state === "failed") {
      throw new ScmIntegrationError(
        "server-error",
        `Semgrep's sync of SCM config ${scope.connectionId} ended with ${outcome.status}${
          outcome.detail ? ` (${outcome.detail})` : ""
        }; ${nothingDone}`,
        {
          fix: "check the connection's token and its access to the organization (OrgConnection tokenScopes), then run again",
        },
      );
    }

    // 2. Find the projects the sync made. They are PROJECT_STATUS_NOT_SETUP until onboarded, so the v1 list
    //    (scanned or onboarded projects only) does not have them: v2 projects/list, filtered by name, does.
    let found: Map<string, SemgrepProjectV2>;
    try {
      found = await this.client.findProjectsByName(
        deployment.id,
        repositories.map((r) => r.fullName),
      );
    } catch (e) {
      throw withContext(asError(e), `the sync finished but the projects could not be listed; ${nothingDone}`);
    }
    const byName = new Map([...found].filter(([, p]) => inScope(p, scope)));

    // 3. Turn Managed Scans on for each desired project, a bounded number at a time.
    const limit = pLimit(Math.max(1, options.concurrency));
    let done = 0;
    let failed = 0;
    const finish = (o: ImportOutcome): ImportOutcome => {
      done++;
      if (!o.ok) failed++;
      options.onProgress?.(done, repositories.length, failed);
      return o;
    };
    return Promise.all(
      repositories.map((repo) =>
        limit(async (): Promise<ImportOutcome> => {
          const project = byName.get(repo.fullName.toLowerCase());
          if (!project) {
            return finish({
              fullName: repo.fullName,
              ok: false,
              error:
                `${repo.fullName} did not appear as a Semgrep project after syncing SCM config ${scope.connectionId}: ` +
                `check that it belongs to "${scope.organization}", that the connection's token can read it ` +
                `and that its project is not archived in Semgrep`,
            });
          }
          try {
            if (repo.branch) {
              await this.client.updateProject(deployment.slug, project.name, {
                primary_branch: `refs/heads/${repo.branch}`,
              });
            }
            const found = await this.client.setManagedScan(deployment.slug, project.name, MANAGED_SCANS_ON);
            if (!found) {
              return finish({
                fullName: repo.fullName,
                ok: false,
                error: `project ${project.name} disappeared before Managed Scans could be turned on`,
              });
            }
            await this.markOwner(deployment.slug, project.name, scope.owner);
            return finish({ fullName: repo.fullName, ok: true, platformId: project.id });
          } catch (e) {
            return finish({
              fullName: repo.fullName,
              ok: false,
              platformId: project.id,
              error: `project ${project.name} exists but Managed Scans could not be turned on: ${errorMessage(e)}`,
            });
          }
        }),
      ),
    );
  }

  async removeImport(scope: ImportScope, item: PlatformImport, options: { deleteFindings: boolean }): Promise<void> {
    const deployment = await this.resolveDeployment(scope.platformOrg);
    if (options.deleteFindings) {
      // Deleting a Semgrep project erases all its findings: only on explicit request.
      const existed = await this.client.deleteProject(deployment.slug, item.fullName);
      this.logger.info(`Semgrep: ${existed ? "deleted" : "already gone:"} project ${item.fullName} (findings erased)`);
      return;
    }
    const existed = await this.client.setManagedScan(deployment.slug, item.fullName, MANAGED_SCANS_OFF);
    this.logger.info(`Semgrep: ${existed ? "stopped Managed Scans of" : "already gone:"} project ${item.fullName}`);
    // Scanned by nobody now: it no longer carries this resource's marker, so whoever onboards it next owns it.
    if (existed && item.owner !== undefined && item.owner === scope.owner) {
      try {
        await this.client.removeProjectTags(deployment.slug, item.fullName, [`${OWNER_TAG_PREFIX}${item.owner}`]);
      } catch (e) {
        this.logger.warn(`Semgrep: could not remove the owner tag of project ${item.fullName}: ${errorMessage(e)}`);
      }
    }
  }

  /**
   * Stamp the owner marker on a project this resource onboarded. A failure is reported, not fatal: the
   * project is onboarded and recorded in the state's `owned`; only other stacks' view is less precise.
   */
  private async markOwner(slug: string, projectName: string, owner: string | undefined): Promise<void> {
    if (owner === undefined) return;
    try {
      await this.client.addProjectTags(slug, projectName, [`${OWNER_TAG_PREFIX}${owner}`]);
    } catch (e) {
      this.logger.warn(`Semgrep: could not tag project ${projectName} with its owner: ${errorMessage(e)}`);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private async findDeployment(platformOrg: string): Promise<SemgrepDeployment | undefined> {
    const deployments = await this.client.listDeployments();
    return deployments.find((d) => d.id === platformOrg || d.slug === platformOrg);
  }

  private async resolveDeployment(platformOrg: string): Promise<SemgrepDeployment> {
    const found = await this.findDeployment(platformOrg);
    if (found) return found;
    const seen = (await this.client.listDeployments()).map((d) => `"${d.slug}" (id ${d.id})`).join(", ");
    throw new ScmIntegrationError(
      "not-found",
      `no Semgrep deployment "${platformOrg}" is visible to this API token${seen ? `; it sees ${seen}` : ""}`,
      {
        field: "platformOrg",
        fix: "set platformOrg to the deployment's slug or numeric id (Settings > Deployment), or use a token of that deployment",
      },
    );
  }

  /** What Managed Scans need to be known about this organization (see managed-scans.ts). */
  private async managedScansFacts(
    deploymentId: string,
    endpoint: ScmEndpoint,
    organization: string,
    scm: ScmOrganizationFacts = {},
  ): Promise<ManagedScansFacts> {
    const gitHub = endpoint.scm === "github" || endpoint.scm === "github-enterprise";
    // The config is read with the GET list, not the POST search: a preview with nothing to change sends
    // no POST at all.
    const [configs, apps] = gitHub
      ? await Promise.all([this.client.listConfigs(deploymentId), this.client.listScmApps(deploymentId)])
      : [[], []];
    const config = configs.find((c) => isConfigOf(c, endpoint, organization));
    return {
      scm: endpoint.scm,
      type: SCM_TYPE_BY_KIND[endpoint.scm],
      baseUrl: endpoint.baseUrl,
      organization,
      config,
      apps,
      accessLevel: scm.accessLevel,
      role: scm.role,
      plan: scm.plan,
      planUnread: scm.planUnread,
    };
  }

  private async hasGitHubAppConnection(deploymentId: string): Promise<boolean> {
    const apps = await this.client.listScmApps(deploymentId);
    if (apps.some((a) => a.scmType === "SCM_TYPE_GITHUB")) return true;
    const configs = await this.client.searchConfigs(deploymentId, { type: "SCM_TYPE_GITHUB" });
    return configs.some((c) => c.type === "SCM_TYPE_GITHUB");
  }

  /** The deployment's config for this (type, namespace, baseUrl), if any. */
  private async findConfig(
    deploymentId: string,
    endpoint: ScmEndpoint,
    organization: string,
  ): Promise<SemgrepScmConfig | undefined> {
    const type = SCM_TYPE_BY_KIND[endpoint.scm];
    const configs = await this.client.searchConfigs(deploymentId, { type, namespace: organization });
    return configs.find((c) => isConfigOf(c, endpoint, organization));
  }

  private async checked(deploymentId: string, configId: string, how: string): Promise<ConnectionState> {
    let check: SemgrepConfigCheck | null;
    try {
      check = await this.client.checkConfig(deploymentId, configId);
    } catch (e) {
      // Say what exists, so the engine records it and the next run converges (a create error carrying the id
      // is recorded as created: https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts).
      const error = asError(e);
      throw new ScmIntegrationError(
        error.kind,
        `SCM config ${configId} was ${how}, but checking it failed: ${error.message}`,
        {
          ...(error.status !== undefined ? { status: error.status } : {}),
          details: { connectionId: configId, how },
          cause: e,
        },
      );
    }
    if (!check) {
      throw new ScmIntegrationError(
        "conflict",
        `SCM config ${configId} was ${how} but disappeared before it could be checked`,
        {
          details: { connectionId: configId, how },
          fix: "run again",
        },
      );
    }
    return connectionState(configId, check);
  }
}

/** The config is the one of this (type, namespace, base URL). */
function isConfigOf(config: SemgrepScmConfig, endpoint: ScmEndpoint, organization: string): boolean {
  return (
    config.type === SCM_TYPE_BY_KIND[endpoint.scm] &&
    config.namespace.toLowerCase() === organization.toLowerCase() &&
    // GitHub App configs may carry no baseUrl: github.com is implied.
    (endpoint.scm === "github"
      ? !config.baseUrl || hostOf(config.baseUrl) === "github.com"
      : sameBaseUrl(config.baseUrl, endpoint.baseUrl))
  );
}

function connectionState(configId: string, check: SemgrepConfigCheck): ConnectionState {
  const status = check.status ?? {};
  const tokenScopes: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(check.tokenScopes ?? {})) {
    if (typeof value === "boolean") tokenScopes[name] = value;
  }
  return {
    connectionId: configId,
    status: {
      checked: Boolean(status.checked),
      ok: status.ok === true,
      ...(status.error ? { error: status.error } : {}),
    },
    tokenScopes,
  };
}

/** A project belongs to the scope when its name is under the namespace and (when it has a URL) it lives on the scope's host. */
function inScope(project: { name: string; url?: string | null | undefined }, scope: ImportScope): boolean {
  if (!project.name.toLowerCase().startsWith(`${scope.organization.toLowerCase()}/`)) return false;
  if (project.url) return hostOf(project.url) === hostOf(scope.endpoint.webUrl);
  return true;
}

/**
 * Scanning = Managed Scans on (full or diff). A project without a managed-scan config is counted as not
 * scanning: nothing this provider controls scans it, so an import turns Managed Scans on.
 */
function managedScansOn(project: SemgrepProject): boolean {
  const config = project.managed_scan_config;
  return config?.full_scan?.enabled === true || config?.diff_scan?.enabled === true;
}

function asError(e: unknown): ScmIntegrationError {
  return isScmIntegrationError(e) ? e : new ScmIntegrationError("protocol", errorMessage(e), { cause: e });
}

const CREDENTIAL_KINDS = new Set([
  "bad-credentials",
  "insufficient-scope",
  "no-access",
  "token-expired",
  "token-revoked",
]);

function incomplete(e: unknown, what: string): ScmIntegrationError {
  const error = asError(e);
  // A credential problem is reported as what it is: no page could have succeeded.
  if (CREDENTIAL_KINDS.has(error.kind)) return error;
  return new ScmIntegrationError(
    "incomplete",
    `${what} did not finish, so the listing is incomplete: ${error.message}`,
    {
      ...(error.status !== undefined ? { status: error.status } : {}),
      details: { cause: error.kind },
      cause: e,
    },
  );
}
