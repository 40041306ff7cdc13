// A thin typed client for Semgrep's experimental SCM API (`/api/scm`: SCM configs, their sync, SCM apps),
// its sync tasks (`/api/tasks`) and the deployment's sign-in providers (`/api/auth/sso`). No official
// TypeScript SDK exists; requests and parsing go through ./transport.
import { listSsoProvidersSchema, type SemgrepSsoProviders } from "./login-scm";
import { followPages } from "./paging";
import {
  anyBodySchema,
  checkConfigSchema,
  configEnvelopeSchema,
  configPageSchema,
  listScmAppsSchema,
  syncConfigSchema,
  taskResultSchema,
  type SemgrepConfigCheck,
  type SemgrepScmApp,
  type SemgrepScmConfig,
  type SemgrepScmType,
  type SemgrepTaskResult,
} from "./schemas";
import { pollTask, type TaskOutcome, type TaskWait } from "./sync-tasks";
import { enc, type SemgrepTransport } from "./transport";

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

export class SemgrepScmClient {
  constructor(private readonly transport: SemgrepTransport) {}

  async createConfig(deploymentId: string, input: CreateConfigInput): Promise<SemgrepScmConfig> {
    const r = await this.transport.call({
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
    return followConfigCursor("list SCM configs", (cursor) =>
      this.transport.call({
        operation: "list SCM configs",
        method: "GET",
        path: configsPath(deploymentId),
        query: { limit, cursor },
        schema: configPageSchema,
      }),
    );
  }

  async searchConfigs(deploymentId: string, filter: ConfigFilter, limit = 100): Promise<SemgrepScmConfig[]> {
    return followConfigCursor("search SCM configs", (cursor) =>
      this.transport.call({
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
    return this.transport
      .call({
        operation: `update SCM config ${configId}`,
        method: "PATCH",
        path: `${configsPath(deploymentId)}/${enc(configId)}`,
        body: patch,
        schema: configEnvelopeSchema,
        nullOn404: true,
        idempotent: true,
      })
      .then((r) => r?.config ?? null);
  }

  /** Returns false when the config was already gone. */
  async deleteConfig(deploymentId: string, configId: string): Promise<boolean> {
    const r = await this.transport.call({
      operation: `delete SCM config ${configId}`,
      method: "DELETE",
      path: `${configsPath(deploymentId)}/${enc(configId)}`,
      schema: anyBodySchema,
      nullOn404: true,
    });
    return r !== null;
  }

  checkConfig(deploymentId: string, configId: string): Promise<SemgrepConfigCheck | null> {
    return this.transport.call({
      operation: `check SCM config ${configId}`,
      method: "GET",
      path: `${configsPath(deploymentId)}/${enc(configId)}/check`,
      schema: checkConfigSchema,
      nullOn404: true,
    });
  }

  /** Starts a sync of the config's repositories into projects; returns the task token to poll. null = config gone. */
  async syncConfig(deploymentId: string, configId: string): Promise<string | null> {
    const r = await this.transport.call({
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
    return this.transport.call({
      operation: "get sync task status",
      method: "GET",
      path: `/api/tasks/v2/${enc(taskTokenJwt)}`,
      schema: taskResultSchema,
    });
  }

  /** Polls a task until it ends (see ./sync-tasks pollTask). */
  waitForTask(taskTokenJwt: string, options: TaskWait = {}): Promise<TaskOutcome> {
    return pollTask(() => this.getTask(taskTokenJwt), this.transport.clock, options);
  }

  listScmApps(deploymentId: string): Promise<SemgrepScmApp[]> {
    return this.transport
      .call({
        operation: "list SCM apps",
        method: "GET",
        path: `/api/scm/deployments/${enc(deploymentId)}/scm_apps`,
        schema: listScmAppsSchema,
      })
      .then((r) => r.apps ?? []);
  }

  /** The deployment's sign-in (SSO) providers; null when Semgrep answers 404 (not available to this token). */
  listSsoProviders(deploymentId: string): Promise<SemgrepSsoProviders | null> {
    return this.transport.call({
      operation: "list SSO providers",
      method: "GET",
      path: `/api/auth/sso/deployments/${enc(deploymentId)}/providers`,
      schema: listSsoProvidersSchema,
      nullOn404: true,
    });
  }
}

function followConfigCursor(
  operation: string,
  fetchPage: (cursor: string | undefined) => Promise<{ configs?: SemgrepScmConfig[] | null; cursor?: string | null }>,
): Promise<SemgrepScmConfig[]> {
  return followPages(operation, "cursor", async (cursor) => {
    const page = await fetchPage(cursor);
    return { items: page.configs ?? [], next: page.cursor };
  });
}

function configsPath(deploymentId: string): string {
  return `/api/scm/deployments/${enc(deploymentId)}/configs`;
}
