// Semgrep's experimental SCM API (ScmService, ScmAppsService) and the task endpoint, as described in
// public_v2.openapi.yaml: configs (201 on create, 200 on patch, 204 on delete), `check`, `_sync` → a task
// token polled at /api/tasks/v2/{token}, and the SCM apps list. Error statuses and bodies are guesses.
import type { FastifyInstance } from "fastify";
import { sendError } from "./routes-v1";
import { defaultBaseUrl, type SemgrepState } from "./state";
import { SCM_TYPES, type ScmType } from "./types";

interface DeploymentParams {
  deploymentId: string;
}
interface ConfigParams extends DeploymentParams {
  configId: string;
}

const SELF_HOSTED = new Set<string>([
  "SCM_TYPE_GITHUB_ENTERPRISE",
  "SCM_TYPE_GITLAB_SELFMANAGED",
  "SCM_TYPE_BITBUCKET_DATACENTER",
]);

export function registerScmRoutes(app: FastifyInstance, state: SemgrepState): void {
  const deploymentOk = (id: string) => id === String(state.seed.deployment.id);

  const page = (items: ReturnType<SemgrepState["sortedConfigs"]>, cursor: string | undefined, limitRaw: unknown) => {
    const limit = limitRaw === undefined || limitRaw === "" ? 100 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) return { error: "limit must be a positive integer" } as const;
    let offset = 0;
    if (cursor) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
      if (!decoded) return { error: "invalid cursor" } as const;
      offset = Number(decoded[1]);
    }
    const slice = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString("base64url") : "";
    return { configs: slice.map((c) => state.wireConfig(c)), cursor: next } as const;
  };

  app.get<{ Params: DeploymentParams; Querystring: { limit?: string; cursor?: string } }>(
    "/api/scm/deployments/:deploymentId/configs",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      const result = page(state.sortedConfigs(), req.query.cursor, req.query.limit);
      if ("error" in result) return sendError(reply, 400, result.error as string);
      return result;
    },
  );

  app.post<{
    Params: DeploymentParams;
    Body: { cursor?: string; limit?: string; filter?: { namespace?: string; type?: string; statusOk?: boolean } };
  }>("/api/scm/deployments/:deploymentId/configs/search", async (req, reply) => {
    if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
    const filter = req.body?.filter ?? {};
    const matching = state
      .sortedConfigs()
      .filter((c) => filter.namespace === undefined || c.namespace === filter.namespace)
      .filter((c) => filter.type === undefined || c.type === filter.type)
      .filter((c) => filter.statusOk === undefined || c.status.ok === filter.statusOk);
    const result = page(matching, req.body?.cursor, req.body?.limit);
    if ("error" in result) return sendError(reply, 400, result.error as string);
    return result;
  });

  app.post<{
    Params: DeploymentParams;
    Body: { type?: string; namespace?: string; baseUrl?: string; accessToken?: string; autoScan?: boolean };
  }>("/api/scm/deployments/:deploymentId/configs", async (req, reply) => {
    if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
    const body = req.body ?? {};
    if (!body.type || !(SCM_TYPES as readonly string[]).includes(body.type)) {
      return sendError(reply, 400, `type must be one of ${SCM_TYPES.join(", ")}`);
    }
    const type = body.type as ScmType;
    if (!body.namespace) return sendError(reply, 400, "namespace is required");
    if (type === "SCM_TYPE_GITHUB") {
      // UNVERIFIED whether Semgrep accepts a token-based GitHub Cloud config without its GitHub App:
      // the emulator takes the conservative view that GitHub Cloud is connected by installing the app.
      return sendError(reply, 400, "GitHub Cloud organizations are connected by installing the Semgrep GitHub App");
    }
    if (SELF_HOSTED.has(type) && !body.baseUrl)
      return sendError(reply, 400, "baseUrl is required for self-hosted SCMs");
    if (!body.accessToken) return sendError(reply, 400, "accessToken is required");
    const baseUrl = body.baseUrl || defaultBaseUrl(type);
    if (state.findConfig(type, body.namespace, baseUrl)) {
      return sendError(reply, 409, `an SCM config for ${body.namespace} already exists`);
    }
    const config = state.addConfig({
      type,
      namespace: body.namespace,
      baseUrl,
      accessToken: body.accessToken,
      installed: false,
      autoScan: body.autoScan ?? false,
    });
    return reply.code(201).send({ config: state.wireConfig(config) });
  });

  app.patch<{
    Params: ConfigParams;
    Body: {
      accessToken?: string;
      autoScan?: boolean;
      namespace?: string;
      useNetworkBroker?: boolean;
      subscribe?: boolean;
    };
  }>("/api/scm/deployments/:deploymentId/configs/:configId", async (req, reply) => {
    if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
    const config = state.configs.get(req.params.configId);
    if (!config) return sendError(reply, 404, "SCM config not found");
    const body = req.body ?? {};
    if (body.accessToken !== undefined) {
      if (typeof body.accessToken !== "string" || !body.accessToken)
        return sendError(reply, 400, "accessToken must not be empty");
      config.accessToken = body.accessToken;
      config.status = { ok: false };
      delete config.tokenScopes;
    }
    if (body.autoScan !== undefined) config.autoScan = body.autoScan;
    if (body.namespace !== undefined) config.namespace = body.namespace;
    return { config: state.wireConfig(config) };
  });

  app.delete<{ Params: ConfigParams }>("/api/scm/deployments/:deploymentId/configs/:configId", async (req, reply) => {
    if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
    if (!state.configs.delete(req.params.configId)) return sendError(reply, 404, "SCM config not found");
    return reply.code(204).send();
  });

  app.get<{ Params: ConfigParams }>(
    "/api/scm/deployments/:deploymentId/configs/:configId/check",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      const config = state.configs.get(req.params.configId);
      if (!config) return sendError(reply, 404, "SCM config not found");
      return state.check(config);
    },
  );

  app.post<{ Params: ConfigParams }>(
    "/api/scm/deployments/:deploymentId/configs/:configId/_sync",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      const config = state.configs.get(req.params.configId);
      if (!config) return sendError(reply, 404, "SCM config not found");
      return { taskTokenJwt: state.startSync(config) };
    },
  );

  app.get<{ Params: { taskTokenJwt: string } }>("/api/tasks/v2/:taskTokenJwt", async (req, reply) => {
    const task = state.pollTask(req.params.taskTokenJwt);
    if (!task) return sendError(reply, 404, "Task not found");
    return { taskResult: { status: task.status, ...(task.resultString ? { resultString: task.resultString } : {}) } };
  });

  app.get<{ Params: DeploymentParams }>("/api/scm/deployments/:deploymentId/scm_apps", async (req, reply) => {
    if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
    return { apps: state.wireScmApps() };
  });
}
