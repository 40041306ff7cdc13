// The Snyk side of the three steps. Integration: the org's V1 integration of the SCM's type (upsert,
// credentials removal). OrgConnection: nothing on Snyk's side (the SCM-side proof is the resource's).
// RepositoryImport: V1 import jobs, REST targets, REST project tags as ownership markers (owner-tags.ts).
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import type { FetchLike, HttpPolicy } from "../../core/http";
import { silentLogger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import type { ScmEndpoint } from "../../scm/types";
import type {
  ConnectionRequest,
  ConnectionState,
  ExistingObject,
  ImportListing,
  ImportOptions,
  ImportOutcome,
  ImportScope,
  IntegrationRequest,
  IntegrationState,
  Platform,
  PlatformConfig,
  PlatformImport,
  RepositoryToImport,
} from "../types";
import { memoryJournal, openFileJournal } from "../job-journal";
import { DEFAULT_POLL_SCHEDULE, runImports, type PollSchedule } from "./import-jobs";
import { snykIntegrationPlan, snykIntegrationType, snykRegistrationNotes } from "./integration-types";
import { holdersFromMarks, markTargets, ownerFromMarkers, readOwnerMarkers } from "./owner-marks";
import type { SnykRateBudget } from "./rate-budget";
import { SnykRestClient } from "./rest-client";
import { readSnykCode, writeSnykCode } from "./sast-settings";
import { createSnykTransport } from "./transport";
import { SnykV1Client } from "./v1-client";

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface SnykPlatformTuning {
  rateBudget?: SnykRateBudget;
  http?: Partial<Omit<HttpPolicy, "limiter" | "clock">>;
  pollSchedule?: Partial<PollSchedule>;
  fetch?: FetchLike;
}

export function createSnykPlatform(config: PlatformConfig, tuning: SnykPlatformTuning = {}): Platform {
  const logger = config.logger ?? silentLogger;
  const transport = createSnykTransport({
    apiToken: config.apiToken,
    ...(config.region !== undefined ? { region: config.region } : {}),
    ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
    logger,
    ...(config.clock !== undefined ? { clock: config.clock } : {}),
    ...(tuning.rateBudget ? { rateBudget: tuning.rateBudget } : {}),
    ...(tuning.http ? { http: tuning.http } : {}),
    ...(tuning.fetch ? { fetch: tuning.fetch } : {}),
  });
  const v1 = new SnykV1Client(transport);
  const rest = new SnykRestClient(transport);
  const schedule: PollSchedule = { ...DEFAULT_POLL_SCHEDULE, ...tuning.pollSchedule };

  /** `has_broker` when the REST integrations API tells it; undefined otherwise (it is Early Access). */
  async function brokeredOrUnknown(orgId: string, integrationId: string): Promise<boolean | undefined> {
    try {
      return await rest.integrationHasBroker(orgId, integrationId);
    } catch (e) {
      if (isScmIntegrationError(e) && (e.kind === "bad-credentials" || e.kind === "rate-limited")) throw e;
      logger.warn(
        `Snyk: could not read whether integration ${integrationId} is brokered (${e instanceof Error ? e.message : String(e)})`,
      );
      return undefined;
    }
  }

  async function readIntegration(
    platformOrg: string,
    endpoint: ScmEndpoint,
    integrationId: string,
  ): Promise<IntegrationState | null> {
    const type = snykIntegrationType(endpoint);
    const map = await v1.listIntegrations(platformOrg);
    if (map[type] !== integrationId) return null;
    const brokered = await brokeredOrUnknown(platformOrg, integrationId);
    return { integrationId, adopted: false, integrationType: type, ...(brokered !== undefined ? { brokered } : {}) };
  }

  async function listOrgTargets(scope: ImportScope, recent?: { createdGte: string }): Promise<PlatformImport[]> {
    return (await listOrgTargetPages(scope, recent)).targets;
  }

  async function listOrgTargetPages(
    scope: ImportScope,
    recent?: { createdGte: string },
  ): Promise<{ targets: PlatformImport[]; pages: number }> {
    const { sourceTypes } = snykIntegrationPlan(scope.endpoint, "");
    // Only targets of this integration and of this SCM organization belong to this connection: in
    // authoritative mode everything listed here that is not desired gets deleted. Filtering is done
    // here, not with the server's `display_name` filter, whose prefix semantics are not confirmed.
    // A target whose integration id is null (the REST description allows it: a target made without an
    // integration, e.g. by the CLI) was not made by this connection's imports: it is never listed as
    // ours, so planning never removes it, and an import of the same repository gets its own target.
    const prefix = `${scope.organization.toLowerCase()}/`;
    return rest.listTargets(
      scope.platformOrg,
      sourceTypes,
      (t): PlatformImport | undefined =>
        // Provisional (ids unknown at preview): the org's one integration of the type holds every target
        // of its source type that names an integration.
        (scope.provisional
          ? typeof t.relationships?.integration?.data?.id === "string"
          : t.relationships?.integration?.data?.id === scope.integrationId) &&
        t.attributes.display_name.toLowerCase().startsWith(prefix)
          ? {
              fullName: t.attributes.display_name,
              platformId: t.id,
              // Listing each target's projects to see whether all are deactivated would cost one request
              // per target; a listed target is reported as scanning (Snyk's `sync` deactivates, never hides).
              scanning: true,
            }
          : undefined,
      recent,
    );
  }

  /**
   * Tag the projects of these imports with the scope's owner marker and holder; a failure is a
   * warning, never an error. Returns the names of the imports not (fully) tagged.
   */
  async function markImported(
    scope: ImportScope,
    imports: { fullName: string; platformId: string }[],
    concurrency: number,
  ): Promise<string[]> {
    if (scope.owner === undefined || imports.length === 0) return [];
    const result = await markTargets(
      rest,
      scope.platformOrg,
      { owner: scope.owner, ...(scope.holder !== undefined ? { holder: scope.holder } : {}) },
      imports.map((i) => i.platformId),
      concurrency,
    );
    if (result.failed.length === 0) return [];
    const names = new Map(imports.map((i) => [i.platformId, i.fullName]));
    const shown = result.failed
      .slice(0, 10)
      .map((f) => `${names.get(f.targetId) ?? f.targetId} (${f.error})`)
      .join("; ");
    logger.warn(
      `Snyk: ${result.failed.length} of ${imports.length} imports could not be marked with their owner ${scope.owner}: ${shown}` +
        `${result.failed.length > 10 ? ` and ${result.failed.length - 10} more` : ""}. They are imported and owned by this resource's state; ` +
        "the next pulumi up that applies this resource marks them again (until then other stacks do not see who imported them)",
    );
    return result.failed.map((f) => names.get(f.targetId) ?? f.targetId);
  }

  return {
    name: "snyk",

    async upsertIntegration(request: IntegrationRequest): Promise<IntegrationState> {
      rememberSecret(request.token);
      if (request.level === "group") {
        throw new ScmIntegrationError(
          "unsupported",
          "Snyk has no public API for group-level (Snyk Essentials) SCM integrations",
          {
            field: "level",
            fix: 'set level to "organization", or configure the integration by hand in the Snyk group\'s Integrations page',
          },
        );
      }
      const plan = snykIntegrationPlan(request.endpoint, request.token);
      const existing = await v1.findIntegrationId(request.platformOrg, plan.type);
      if (existing === null) {
        const integrationId = await v1.createIntegration(request.platformOrg, plan.type, plan.credentials);
        logger.info(`Snyk: created the ${plan.type} integration ${integrationId} of org ${request.platformOrg}`);
        return { integrationId, adopted: false, brokered: false, integrationType: plan.type };
      }
      const brokered = await brokeredOrUnknown(request.platformOrg, existing);
      if (brokered === true) {
        throw new ScmIntegrationError(
          "conflict",
          `the ${plan.type} integration ${existing} of Snyk org ${request.platformOrg} is brokered, and Snyk does not accept credential updates for brokered integrations; nothing was changed`,
          {
            field: "token",
            fix: "rotate the SCM token in the Snyk Broker client's configuration instead, or disable the broker for this integration in Snyk first",
            details: { integrationId: existing, integrationType: plan.type },
          },
        );
      }
      const integrationId = await v1.updateIntegrationCredentials(
        request.platformOrg,
        existing,
        plan.type,
        plan.credentials,
      );
      logger.info(
        `Snyk: updated the credentials of the ${plan.type} integration ${integrationId} of org ${request.platformOrg}`,
      );
      return { integrationId, adopted: true, brokered: false, integrationType: plan.type };
    },

    async findIntegration(request: Omit<IntegrationRequest, "token">): Promise<ExistingObject | null> {
      if (request.level === "group") return null; // refused at check with the UI steps instead
      const type = snykIntegrationType(request.endpoint);
      const existing = await v1.findIntegrationId(request.platformOrg, type);
      if (existing === null) return null;
      // Snyk's integration object has no owner, tag or URL field (V1 GET /org/{orgId}/integrations/{type}
      // returns only `id`), and removing credentials keeps the id: whoever made it cannot be told.
      const oneType =
        type === "github-enterprise"
          ? "Snyk keeps one github-enterprise integration per org, serving github.com or one GitHub Enterprise Server instance, and no Snyk API returns its URL or whether it holds credentials, so it may serve another server whose projects stop working once its token is replaced"
          : "Snyk keeps one gitlab integration per org, serving GitLab.com or one GitLab Self-Managed instance, and no Snyk API returns its URL or whether it holds credentials";
      return {
        id: existing,
        description: `the ${type} integration ${existing} of Snyk org ${request.platformOrg}`,
        provenance: `it was not created by this resource: made in Snyk's UI, by another stack, or left without credentials by an earlier destroy (Snyk integrations carry no marker of who made them). ${oneType}`,
        takeover: `up would give it this resource's token for ${request.endpoint.apiUrl}, replacing any credentials it holds`,
        changesOnTakeover: true,
      };
    },

    registrationNotes(request: Omit<IntegrationRequest, "token">) {
      return request.level === "group"
        ? { notes: [], warnings: [] }
        : snykRegistrationNotes(request.endpoint, request.platformOrg);
    },

    readIntegration,

    async removeIntegration(
      platformOrg: string,
      endpoint: ScmEndpoint,
      integrationId: string,
    ): Promise<string | undefined> {
      // Imports still made through it belong to someone else: the engine deletes a stack's
      // RepositoryImports (which remove what they imported) before its Integration, and a replaced
      // Integration is deleted while its stack's imports stay. Removing the credentials would break
      // those imports (Snyk integrations carry no marker saying who else relies on them), so they stay.
      const { sourceTypes } = snykIntegrationPlan(endpoint, "");
      const { targets } = await rest.listTargets(platformOrg, sourceTypes, (t) =>
        t.relationships?.integration?.data?.id === integrationId ? t.attributes.display_name : undefined,
      );
      if (targets.length > 0) {
        const shown = targets.slice(0, 5).join(", ") + (targets.length > 5 ? ` and ${targets.length - 5} more` : "");
        return `${targets.length} import${targets.length === 1 ? "" : "s"} still go${targets.length === 1 ? "es" : ""} through it (${shown}), made by hand, by another stack or kept by a replacement`;
      }
      // V1 has no integration delete: removing the credentials is the delete (the id stays in Snyk).
      const removed = await v1.deleteIntegrationCredentials(platformOrg, integrationId);
      if (!removed) logger.info(`Snyk: integration ${integrationId} of org ${platformOrg} was already gone`);
      return undefined;
    },

    async connect(request: ConnectionRequest): Promise<ConnectionState> {
      // Snyk keeps no object for "this org is connected": the id is local. The integration must still exist.
      const integration = await readIntegration(request.platformOrg, request.endpoint, request.integrationId);
      if (!integration) {
        throw new ScmIntegrationError(
          "not-found",
          `Snyk org ${request.platformOrg} has no ${snykIntegrationType(request.endpoint)} integration with id ${request.integrationId}`,
          {
            field: "integration",
            fix: "apply the Integration resource first (pulumi up), or refresh it if it was changed in Snyk",
          },
        );
      }
      return { connectionId: `${request.integrationId}:${request.organization}` };
    },

    async findConnection(): Promise<ExistingObject | null> {
      return null; // nothing remote (see connect)
    },

    async readCodeAnalysis(platformOrg: string): Promise<boolean> {
      return (await readSnykCode(rest, platformOrg)).enabled;
    },

    async setCodeAnalysis(platformOrg: string, enabled: boolean): Promise<boolean> {
      const after = await writeSnykCode(rest, platformOrg, enabled);
      logger.info(`Snyk: Snyk Code is now ${after.enabled ? "on" : "off"} in org ${platformOrg}`);
      return after.enabled;
    },

    async readConnection(request: ConnectionRequest, connectionId: string): Promise<ConnectionState | null> {
      const integration = await readIntegration(request.platformOrg, request.endpoint, request.integrationId);
      return integration ? { connectionId } : null;
    },

    async disconnect(): Promise<string | undefined> {
      // Nothing remote to remove (see connect).
      return undefined;
    },

    async listImports(scope: ImportScope): Promise<ImportListing> {
      // A failed page throws (kind "incomplete"), so a returned listing is always whole. The markers
      // (owner-tags.ts) come from one listing of the org's marked projects, beside the targets'.
      const [imports, markers] = await Promise.all([
        listOrgTargets(scope),
        readOwnerMarkers(rest, scope.platformOrg, logger),
      ]);
      for (const item of imports) {
        const marks = markers?.get(item.platformId);
        const owner = ownerFromMarkers(marks?.markers, scope.owner);
        if (owner !== undefined) item.owner = owner;
        const holders = holdersFromMarks(marks?.holders, scope.holder);
        if (holders.length > 0) item.holders = holders;
      }
      return { imports, complete: true };
    },

    async markOwned(scope: ImportScope, imports: PlatformImport[], concurrency: number): Promise<string[]> {
      return markImported(scope, imports, concurrency);
    },

    async importRepositories(
      scope: ImportScope,
      repositories: RepositoryToImport[],
      options: ImportOptions,
    ): Promise<ImportOutcome[]> {
      const kind =
        scope.endpoint.scm === "gitlab" || scope.endpoint.scm === "gitlab-self-managed" ? "gitlab" : "github";
      const outcomes = await runImports(v1, repositories, {
        orgId: scope.platformOrg,
        integrationId: scope.integrationId,
        scmKind: kind,
        concurrency: options.concurrency,
        schedule,
        clock: transport.clock,
        logger,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        resolveTargets: async () =>
          new Map((await listOrgTargets(scope)).map((t) => [t.fullName.toLowerCase(), t.platformId])),
        listRecentTargets: async (sinceMs) => {
          const listed = await listOrgTargetPages(scope, { createdGte: new Date(sinceMs).toISOString() });
          return {
            targets: new Map(listed.targets.map((t) => [t.fullName.toLowerCase(), t.platformId])),
            pages: listed.pages,
          };
        },
        journal: options.journalDir
          ? await openFileJournal(
              options.journalDir,
              `snyk\n${transport.roots.app}\n${scope.platformOrg}\n${scope.integrationId}`,
              { now: () => transport.clock.now(), logger },
            )
          : memoryJournal(),
      });
      // Marked once the jobs ended and their targets are known; the import stands whatever tagging does.
      await markImported(
        scope,
        outcomes.flatMap((o) =>
          o.platformId !== undefined ? [{ fullName: o.fullName, platformId: o.platformId }] : [],
        ),
        options.concurrency,
      );
      return outcomes;
    },

    async removeImport(scope: ImportScope, item: PlatformImport): Promise<void> {
      // Deleting a Snyk target deletes all its projects; the resource decides when that is wanted.
      const removed = await rest.deleteTarget(scope.platformOrg, item.platformId);
      if (!removed) logger.info(`Snyk: target ${item.platformId} (${item.fullName}) was already gone`);
    },
  };
}
