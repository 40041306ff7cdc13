// A thin typed client for the Semgrep Web API (v1 deployments and projects, v2 projects/list) and the
// experimental SCM API (`/api/scm`, `/api/tasks`). No official TypeScript SDK exists; every request goes through the shared
// request policy (timeouts, retries on 5xx / 429 honouring Retry-After, a rate limiter per API key) and
// every answer is parsed with zod.
import type { z } from "zod";
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { systemClock, type Clock } from "../../core/clock";
import { createFetch, defaultHttpPolicy, sendWithPolicy, type FetchLike, type HttpPolicy } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { API_TOKEN_FIELD, httpError, webApiScopeError, withContext } from "./errors";
import { listSsoProvidersSchema, type SemgrepSsoProviders } from "./login-scm";
import { semgrepLimiterFor, type SemgrepRateLimit } from "./rate-limit";
import {
  PROJECT_STATUS_NOT_SETUP,
  PROJECT_STATUS_SETUP,
  anyBodySchema,
  checkConfigSchema,
  configEnvelopeSchema,
  configPageSchema,
  deleteProjectSchema,
  listDeploymentsSchema,
  listProjectsSchema,
  listProjectsV2Schema,
  listScmAppsSchema,
  projectEnvelopeSchema,
  syncConfigSchema,
  taskResultSchema,
  type SemgrepConfigCheck,
  type SemgrepDeployment,
  type SemgrepProject,
  type SemgrepProjectV2,
  type SemgrepScmApp,
  type SemgrepScmConfig,
  type SemgrepScmType,
  type SemgrepTaskResult,
} from "./schemas";

export const DEFAULT_SEMGREP_API_URL = "https://semgrep.dev";

export interface SemgrepClientOptions {
  token: string;
  /** Host root serving /api/v1 and /api/scm; default https://semgrep.dev. */
  apiUrl?: string;
  logger?: Logger;
  /** What every wait goes through (rate limiter, retries, Retry-After, task polls); default the system clock. */
  clock?: Clock;
  fetch?: FetchLike;
  rateLimit?: SemgrepRateLimit;
  policy?: Partial<Omit<HttpPolicy, "limiter" | "clock">>;
  /** v1 project pages fetched at once while listing (the API has no total count, so a window is read ahead). */
  pageWindow?: number;
  /** v2 projects/list: projects per page (the API allows 1..3000; default 100). */
  v2PageSize?: number;
  /** v2 projects/list: names sent in one `filter.names` (the API states no limit; default 50). */
  namesPerRequest?: number;
}

export interface ProjectsV2Filter {
  names?: string[];
  statuses?: string[];
}

export interface ManagedScanToggle {
  diffScan: boolean;
  fullScan: boolean;
}

export interface CreateConfigInput {
  type: SemgrepScmType;
  namespace: string;
  baseUrl: string;
  accessToken: string;
  autoScan?: boolean;
  subscribe?: boolean;
}

export interface ConfigFilter {
  namespace?: string;
  type?: SemgrepScmType;
}

export type TaskOutcome = { state: "completed" | "failed"; detail?: string; status: string };

interface CallOptions<S extends z.ZodType> {
  operation: string;
  method: string;
  path: string;
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  schema: S;
  /** 404 on this call means "no such object" (once the token's scope is proven) and yields null. */
  nullOn404?: boolean;
  idempotent?: boolean;
}

export class SemgrepClient {
  readonly apiRoot: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly policy: HttpPolicy;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly pageWindow: number;
  private readonly v2PageSize: number;
  private readonly namesPerRequest: number;
  private scopeProof?: Promise<SemgrepDeployment[]>;

  constructor(options: SemgrepClientOptions) {
    if (!options.token) {
      throw new ScmIntegrationError("invalid-input", "no Semgrep API token is configured", {
        field: API_TOKEN_FIELD,
        fix: `set it with \`pulumi config set --secret ${API_TOKEN_FIELD} <token>\` or the SEMGREP_APP_TOKEN environment variable`,
      });
    }
    rememberSecret(options.token);
    this.token = options.token;
    this.apiRoot = (options.apiUrl ?? DEFAULT_SEMGREP_API_URL).replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? createFetch();
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.pageWindow = Math.max(1, options.pageWindow ?? 4);
    this.v2PageSize = Math.min(3000, Math.max(1, options.v2PageSize ?? 100));
    this.namesPerRequest = Math.max(1, options.namesPerRequest ?? 50);
    this.policy = {
      ...defaultHttpPolicy,
      ...options.policy,
      limiter: semgrepLimiterFor(this.apiRoot, options.token, options.rateLimit, this.clock),
      clock: this.clock,
      onRetry: (info) =>
        this.logger.info(`Semgrep: retrying after ${info.reason} (attempt ${info.attempt}, waiting ${info.waitMs} ms)`),
    };
  }

  // ---- deployments -------------------------------------------------------------------------------

  /** The deployments this token sees (Semgrep: exactly one). A 404 here means the token lacks the Web API scope. */
  listDeployments(): Promise<SemgrepDeployment[]> {
    // Memoised: it also proves the token's scope, which later 404s rely on.
    if (!this.scopeProof) {
      this.scopeProof = this.call({
        operation: "GET /api/v1/deployments",
        method: "GET",
        path: "/api/v1/deployments",
        schema: listDeploymentsSchema,
      }).then((r) => r.deployments);
      this.scopeProof.catch(() => (this.scopeProof = undefined));
    }
    return this.scopeProof;
  }

  // ---- v1 projects -------------------------------------------------------------------------------

  async listProjectsPage(deploymentSlug: string, page: number, pageSize: number): Promise<SemgrepProject[]> {
    const r = await this.call({
      operation: `list projects of deployment "${deploymentSlug}" (page ${page})`,
      method: "GET",
      path: `/api/v1/deployments/${enc(deploymentSlug)}/projects`,
      query: { page, page_size: pageSize },
      schema: listProjectsSchema,
    });
    return r.projects;
  }

  /**
   * Every (non-archived) project of the deployment. Pages are numbered from 0 and carry no total, so a
   * window of pages is fetched at once and the listing ends at the first short page. Any failed page
   * throws: a partial listing must never look complete.
   */
  async listAllProjects(deploymentSlug: string, pageSize = 100): Promise<SemgrepProject[]> {
    const byId = new Map<string, SemgrepProject>();
    for (let first = 0; ; first += this.pageWindow) {
      const pages = await Promise.all(
        Array.from({ length: this.pageWindow }, (_, i) => this.listProjectsPage(deploymentSlug, first + i, pageSize)),
      );
      for (const page of pages) {
        for (const project of page) byId.set(project.id, project);
        if (page.length < pageSize) return [...byId.values()];
      }
    }
  }

  // ---- v2 projects (experimental) -----------------------------------------------------------------

  /**
   * Every project matching the filter, following the opaque `pageToken` (Semgrep API v2:
   * POST /api/v2/deployments/{deploymentId}/projects/list). Unlike the v1 list this includes projects a
   * sync only inferred (PROJECT_STATUS_NOT_SETUP). `filter.names` match as substrings.
   */
  async listProjectsV2(deploymentId: string, filter: ProjectsV2Filter): Promise<SemgrepProjectV2[]> {
    const operation = `list projects of deployment ${deploymentId} (v2)`;
    const all: SemgrepProjectV2[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.call({
        operation,
        method: "POST",
        path: `/api/v2/deployments/${enc(deploymentId)}/projects/list`,
        body: { pageSize: this.v2PageSize, ...(pageToken ? { pageToken } : {}), filter },
        schema: listProjectsV2Schema,
        // A listing reads only.
        idempotent: true,
      });
      const projects = page.projects ?? [];
      all.push(...projects);
      const next = page.pageToken || undefined;
      if (!next || projects.length === 0) return all;
      if (seen.has(next)) {
        throw new ScmIntegrationError("protocol", `Semgrep repeated the page token while paging through ${operation}`, {
          fix: "retry; if it persists, report it to Semgrep support",
        });
      }
      seen.add(next);
      pageToken = next;
    }
  }

  /**
   * The projects named exactly (case-insensitively) as given, in any status but archived, keyed by lower-case
   * name. The names go in batches; since the API matches them as substrings, look-alikes are dropped here.
   */
  async findProjectsByName(deploymentId: string, names: string[]): Promise<Map<string, SemgrepProjectV2>> {
    const wanted = [...new Set(names)];
    const wantedLower = new Set(wanted.map((n) => n.toLowerCase()));
    const found = new Map<string, SemgrepProjectV2>();
    for (let i = 0; i < wanted.length; i += this.namesPerRequest) {
      const batch = wanted.slice(i, i + this.namesPerRequest);
      const projects = await this.listProjectsV2(deploymentId, {
        names: batch,
        statuses: [PROJECT_STATUS_SETUP, PROJECT_STATUS_NOT_SETUP],
      });
      for (const p of projects) {
        const key = p.name.toLowerCase();
        if (wantedLower.has(key) && !found.has(key)) found.set(key, p);
      }
    }
    return found;
  }

  getProject(deploymentSlug: string, projectName: string): Promise<SemgrepProject | null> {
    return this.call({
      operation: `get project "${projectName}"`,
      method: "GET",
      path: projectPath(deploymentSlug, projectName),
      schema: projectEnvelopeSchema,
      nullOn404: true,
    }).then((r) => r?.project ?? null);
  }

  /** Deletes the project and ALL its findings. Returns false when it did not exist. */
  async deleteProject(deploymentSlug: string, projectName: string): Promise<boolean> {
    const r = await this.call({
      operation: `delete project "${projectName}"`,
      method: "DELETE",
      path: projectPath(deploymentSlug, projectName),
      schema: deleteProjectSchema,
      nullOn404: true,
    });
    return r !== null;
  }

  /** Returns false when the project does not exist. */
  async setManagedScan(deploymentSlug: string, projectName: string, toggle: ManagedScanToggle): Promise<boolean> {
    const r = await this.call({
      operation: `turn managed scans ${toggle.fullScan || toggle.diffScan ? "on" : "off"} for project "${projectName}"`,
      method: "PATCH",
      path: `${projectPath(deploymentSlug, projectName)}/managed-scan`,
      body: { diff_scan: { enabled: toggle.diffScan }, full_scan: { enabled: toggle.fullScan } },
      schema: anyBodySchema,
      nullOn404: true,
      // Setting a flag to a given value is safe to repeat.
      idempotent: true,
    });
    return r !== null;
  }

  updateProject(
    deploymentSlug: string,
    projectName: string,
    patch: { primary_branch?: string; tags?: string[] },
  ): Promise<SemgrepProject | null> {
    return this.call({
      operation: `update project "${projectName}"`,
      method: "PATCH",
      path: projectPath(deploymentSlug, projectName),
      body: patch,
      schema: projectEnvelopeSchema,
      nullOn404: true,
      idempotent: true,
    }).then((r) => r?.project ?? null);
  }

  addProjectTags(deploymentSlug: string, projectName: string, tags: string[]): Promise<SemgrepProject | null> {
    return this.call({
      operation: `tag project "${projectName}"`,
      method: "PUT",
      path: `${projectPath(deploymentSlug, projectName)}/tags`,
      // AddProjectTagsRequest requires deployment_slug and project_name in the body as well as the path.
      body: { deployment_slug: deploymentSlug, project_name: projectName, tags },
      schema: projectEnvelopeSchema,
      nullOn404: true,
    }).then((r) => r?.project ?? null);
  }

  removeProjectTags(deploymentSlug: string, projectName: string, tags: string[]): Promise<SemgrepProject | null> {
    return this.call({
      operation: `untag project "${projectName}"`,
      method: "DELETE",
      path: `${projectPath(deploymentSlug, projectName)}/tags`,
      query: { tags },
      schema: projectEnvelopeSchema,
      nullOn404: true,
    }).then((r) => r?.project ?? null);
  }

  // ---- SCM configs (experimental API) ------------------------------------------------------------

  async createConfig(deploymentId: string, input: CreateConfigInput): Promise<SemgrepScmConfig> {
    const r = await this.call({
      operation: `create ${input.type} SCM config for "${input.namespace}"`,
      method: "POST",
      path: `${configsPath(deploymentId)}`,
      body: input,
      schema: configEnvelopeSchema,
    });
    return r.config;
  }

  /** Every config of the deployment, following the opaque cursor. */
  async listConfigs(deploymentId: string, limit = 100): Promise<SemgrepScmConfig[]> {
    return this.followCursor("list SCM configs", (cursor) =>
      this.call({
        operation: "list SCM configs",
        method: "GET",
        path: configsPath(deploymentId),
        query: { limit, cursor },
        schema: configPageSchema,
      }),
    );
  }

  async searchConfigs(deploymentId: string, filter: ConfigFilter, limit = 100): Promise<SemgrepScmConfig[]> {
    return this.followCursor("search SCM configs", (cursor) =>
      this.call({
        operation: "search SCM configs",
        method: "POST",
        path: `${configsPath(deploymentId)}/search`,
        body: { filter, limit: String(limit), ...(cursor ? { cursor } : {}) },
        schema: configPageSchema,
        // A search reads only.
        idempotent: true,
      }),
    );
  }

  patchConfig(
    deploymentId: string,
    configId: string,
    patch: { accessToken?: string; autoScan?: boolean; subscribe?: boolean },
  ): Promise<SemgrepScmConfig | null> {
    return this.call({
      operation: `update SCM config ${configId}`,
      method: "PATCH",
      path: `${configsPath(deploymentId)}/${enc(configId)}`,
      body: patch,
      schema: configEnvelopeSchema,
      nullOn404: true,
      idempotent: true,
    }).then((r) => r?.config ?? null);
  }

  /** Returns false when the config was already gone. */
  async deleteConfig(deploymentId: string, configId: string): Promise<boolean> {
    const r = await this.call({
      operation: `delete SCM config ${configId}`,
      method: "DELETE",
      path: `${configsPath(deploymentId)}/${enc(configId)}`,
      schema: anyBodySchema,
      nullOn404: true,
    });
    return r !== null;
  }

  checkConfig(deploymentId: string, configId: string): Promise<SemgrepConfigCheck | null> {
    return this.call({
      operation: `check SCM config ${configId}`,
      method: "GET",
      path: `${configsPath(deploymentId)}/${enc(configId)}/check`,
      schema: checkConfigSchema,
      nullOn404: true,
    });
  }

  /** Starts a sync of the config's repositories into projects; returns the task token to poll. null = config gone. */
  async syncConfig(deploymentId: string, configId: string): Promise<string | null> {
    const r = await this.call({
      operation: `sync SCM config ${configId}`,
      method: "POST",
      path: `${configsPath(deploymentId)}/${enc(configId)}/_sync`,
      body: {},
      schema: syncConfigSchema,
      nullOn404: true,
      // Starting one more sync of the same config does no harm.
      idempotent: true,
    });
    return r?.taskTokenJwt ?? null;
  }

  getTask(taskTokenJwt: string): Promise<SemgrepTaskResult> {
    return this.call({
      operation: "get sync task status",
      method: "GET",
      path: `/api/tasks/v2/${enc(taskTokenJwt)}`,
      schema: taskResultSchema,
    });
  }

  /**
   * Polls a task until it leaves TASK_STATUS_IN_PROGRESS, with adaptive backoff (short first waits, then
   * growing). Throws kind "incomplete" when it outlasts `maxWaitMs`.
   */
  async waitForTask(
    taskTokenJwt: string,
    options: { firstWaitMs?: number; maxWaitMs?: number; maxIntervalMs?: number } = {},
  ): Promise<TaskOutcome> {
    const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
    const maxIntervalMs = options.maxIntervalMs ?? 10_000;
    let interval = options.firstWaitMs ?? 500;
    let waited = 0;
    for (let poll = 1; ; poll++) {
      const result = await this.getTask(taskTokenJwt);
      const outcome = taskOutcome(result);
      if (outcome) return outcome;
      if (waited >= maxWaitMs) {
        throw new ScmIntegrationError(
          "incomplete",
          `Semgrep's sync task was still running after ${poll} polls over ${Math.round(waited / 1000)} s`,
          { fix: "run again later: the sync continues on Semgrep's side and a later run picks up its projects" },
        );
      }
      await this.clock.sleep(interval);
      waited += interval;
      interval = Math.min(maxIntervalMs, Math.round(interval * 1.6));
    }
  }

  listScmApps(deploymentId: string): Promise<SemgrepScmApp[]> {
    return this.call({
      operation: "list SCM apps",
      method: "GET",
      path: `/api/scm/deployments/${enc(deploymentId)}/scm_apps`,
      schema: listScmAppsSchema,
    }).then((r) => r.apps ?? []);
  }

  /** The deployment's sign-in (SSO) providers; null when Semgrep answers 404 (not available to this token). */
  listSsoProviders(deploymentId: string): Promise<SemgrepSsoProviders | null> {
    return this.call({
      operation: "list SSO providers",
      method: "GET",
      path: `/api/auth/sso/deployments/${enc(deploymentId)}/providers`,
      schema: listSsoProvidersSchema,
      nullOn404: true,
    });
  }

  // ---- transport ---------------------------------------------------------------------------------

  private async followCursor(
    operation: string,
    fetchPage: (cursor: string | undefined) => Promise<{ configs?: SemgrepScmConfig[] | null; cursor?: string | null }>,
  ): Promise<SemgrepScmConfig[]> {
    const all: SemgrepScmConfig[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await fetchPage(cursor);
      all.push(...(page.configs ?? []));
      const next = page.cursor || undefined;
      if (!next || (page.configs ?? []).length === 0) return all;
      if (seen.has(next)) {
        throw new ScmIntegrationError("protocol", `Semgrep repeated the cursor while paging through ${operation}`, {
          fix: "retry; if it persists, report it to Semgrep support",
        });
      }
      seen.add(next);
      cursor = next;
    }
  }

  private call<S extends z.ZodType>(options: CallOptions<S> & { nullOn404: true }): Promise<z.infer<S> | null>;
  private call<S extends z.ZodType>(options: CallOptions<S>): Promise<z.infer<S>>;
  private async call<S extends z.ZodType>(options: CallOptions<S>): Promise<z.infer<S> | null> {
    const url = this.apiRoot + options.path + queryString(options.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: "application/json",
      "user-agent": "pulumi-scm-integrations",
    };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await sendWithPolicy(
        {
          method: options.method,
          url,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
        },
        this.policy,
        this.fetchImpl,
      );
    } catch (e) {
      if (isScmIntegrationError(e)) throw withContext(e, `Semgrep ${options.operation}`);
      throw e;
    }
    const text = await response.text();
    if (response.status === 404) return this.onNotFound(options, text);
    if (!response.ok) throw httpError(options.operation, response.status, text);
    let json: unknown = undefined;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        throw protocolError(options.operation, "a body that is not JSON", response.status);
      }
    } else if (response.status !== 204 && (options.schema as z.ZodType) !== anyBodySchema) {
      throw protocolError(options.operation, "an empty body", response.status);
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown shape";
      throw protocolError(options.operation, `an unexpected body (${where})`, response.status);
    }
    return parsed.data;
  }

  /**
   * Semgrep answers 404 both for a missing object and for a token without the Web API scope. The scope is
   * proven by `GET /api/v1/deployments` succeeding; only then is a 404 taken at its word.
   */
  private async onNotFound<S extends z.ZodType>(options: CallOptions<S>, text: string): Promise<null> {
    if (options.path === "/api/v1/deployments") throw webApiScopeError(options.operation);
    try {
      await this.listDeployments();
    } catch (e) {
      if (isScmIntegrationError(e) && e.kind === "insufficient-scope") throw webApiScopeError(options.operation);
      throw e;
    }
    if (options.nullOn404) return null;
    throw httpError(options.operation, 404, text);
  }
}

/** The task's final state, or undefined while it still runs. Unknown statuses are treated as running. */
export function taskOutcome(result: SemgrepTaskResult): TaskOutcome | undefined {
  const single = result.taskResult;
  const group = result.taskGroupResult;
  const status = single?.status ?? group?.status ?? "";
  if (status === "TASK_STATUS_COMPLETED") {
    const detail = single?.resultString ?? undefined;
    return { state: "completed", status, ...(detail ? { detail } : {}) };
  }
  if (status === "TASK_STATUS_FAILED" || status === "TASK_STATUS_TERMINATED") {
    const detail =
      single?.resultString ??
      group?.taskResults
        ?.map((t) => t.resultString)
        .filter((s): s is string => !!s)
        .join("; ") ??
      undefined;
    return { state: "failed", status, ...(detail ? { detail } : {}) };
  }
  return undefined;
}

function protocolError(operation: string, what: string, status: number): ScmIntegrationError {
  return new ScmIntegrationError("protocol", `Semgrep answered ${operation} with ${what} (HTTP ${status})`, {
    status,
    fix: "check that the Semgrep API URL points at Semgrep (scm-integrations:semgrepApiUrl), not a proxy or another service",
  });
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function projectPath(deploymentSlug: string, projectName: string): string {
  // Project names are repository paths (`org/repo`, `group/sub/repo`): the slashes are encoded.
  return `/api/v1/deployments/${enc(deploymentSlug)}/projects/${enc(projectName)}`;
}

function configsPath(deploymentId: string): string {
  return `/api/scm/deployments/${enc(deploymentId)}/configs`;
}

function queryString(query: CallOptions<z.ZodType>["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
