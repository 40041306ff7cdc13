// Snyk V1 as real clients call it, served under both `/v1` and `/api/v1` (older clients such as
// snyk-request-manager default to `https://snyk.io/api/v1`, and import Location URLs use `/api/v1`).
// Auth is `Authorization: token <key>`; errors are `{code,message,error}` with an x-error-reference.
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requestOrigin, type EmulatorHost } from "../host";
import type { SnykSeed } from "./seed";
import type { OrgRecord, SnykState } from "./state";

const SCM_TYPES = new Set([
  "github",
  "github-enterprise",
  "gitlab",
  "bitbucket-cloud",
  "bitbucket-server",
  "azure-repos",
]);
// Required credential fields per type (Snyk V1 API description, *Credentials; `url` for gitlab only when self-hosted).
const REQUIRED_CREDENTIALS: Record<string, string[]> = {
  github: ["token"],
  "github-enterprise": ["token", "url"],
  gitlab: ["token"],
  "bitbucket-cloud": ["username", "password"],
  "bitbucket-server": ["username", "password", "url"],
  "azure-repos": ["url"],
};

export function sendV1Error(reply: FastifyReply, code: number, message: string): FastifyReply {
  return reply
    .code(code)
    .header("x-error-reference", randomUUID())
    .header("content-type", "application/json; charset=utf-8")
    .send({ code, message, error: message });
}

type OrgParams = { orgId: string };

export function registerV1Routes(scope: FastifyInstance, state: SnykState, _host: EmulatorHost<SnykSeed>): void {
  // Some clients send `Content-Type: application/json` with an empty body on GET/DELETE: accept it.
  scope.removeContentTypeParser("application/json");
  scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, body === "" ? undefined : JSON.parse(body as string));
    } catch (e) {
      (e as { statusCode?: number }).statusCode = 400;
      done(e as Error, undefined);
    }
  });

  scope.addHook("onRequest", async (req, reply) => {
    const token = /^token\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token || !state.apiKeys.has(token)) {
      // Body as documented for a missing or invalid key.
      return reply.code(401).send({ code: 401, error: "Not authorised", message: "Not authorised" });
    }
    (req as FastifyRequest & { snykToken?: string }).snykToken = token;
    const window = state.hit(token, "v1");
    if (!window.allowed) {
      // The V1 docs give no Retry-After for the general limit; clients must back off on their own.
      return sendV1Error(reply, 429, "Too many requests, please try again later");
    }
    return undefined;
  });

  scope.setNotFoundHandler((req, reply) =>
    sendV1Error(reply, 404, `No V1 endpoint ${req.method} ${req.url.split("?")[0] ?? ""}`),
  );

  const orgOf = (req: FastifyRequest<{ Params: OrgParams }>, reply: FastifyReply): OrgRecord | undefined => {
    const token = (req as FastifyRequest & { snykToken?: string }).snykToken ?? "";
    const org = state.orgs.get(req.params.orgId);
    if (!org || !state.mayUse(token, req.params.orgId)) {
      const message = `Org ${req.params.orgId} was not found or you may not have the correct permissions to access the org.`;
      sendV1Error(reply, 404, message);
      return undefined;
    }
    return org;
  };

  scope.get<{ Params: OrgParams }>("/org/:orgId/integrations", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    return Object.fromEntries([...org.integrations.values()].map((i) => [i.type, i.id]));
  });

  scope.get<{ Params: OrgParams & { type: string } }>("/org/:orgId/integrations/:type", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const integration = org.integrations.get(req.params.type);
    if (!integration) return sendV1Error(reply, 404, `No ${req.params.type} integration found for org ${org.id}`);
    return { id: integration.id };
  });

  scope.post<{
    Params: OrgParams;
    Body: { type?: string; credentials?: Record<string, string>; broker?: { enabled?: boolean } };
  }>("/org/:orgId/integrations", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const body = req.body ?? {};
    if (!body.type || !SCM_TYPES.has(body.type))
      return sendV1Error(reply, 400, `Invalid integration type: ${String(body.type)}`);
    // Duplicate POST for an existing type: real behaviour UNVERIFIED; answering 409 makes a client
    // that relies on it fail visibly instead of silently sharing an integration.
    if (org.integrations.has(body.type)) {
      return sendV1Error(reply, 409, `Org ${org.id} already has a ${body.type} integration`);
    }
    const brokered = body.broker?.enabled === true;
    if (!brokered) {
      const missing = missingCredentials(body.type, body.credentials);
      if (missing) return sendV1Error(reply, 400, missing);
    }
    const now = new Date().toISOString();
    const id = randomUUID();
    org.integrations.set(body.type, {
      id,
      type: body.type,
      brokered,
      ...(!brokered && body.credentials ? { credentials: { ...body.credentials } } : {}),
      createdAt: now,
      updatedAt: now,
    });
    return brokered ? { id, brokerToken: randomUUID() } : { id };
  });

  scope.put<{
    Params: OrgParams & { integrationId: string };
    Body: { type?: string; credentials?: Record<string, string>; broker?: { enabled?: boolean } };
  }>("/org/:orgId/integrations/:integrationId", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const integration = state.integrationById(org, req.params.integrationId);
    if (!integration) return sendV1Error(reply, 404, `Integration ${req.params.integrationId} not found`);
    const body = req.body ?? {};
    if (body.type && body.type !== integration.type) {
      return sendV1Error(reply, 400, `Integration ${integration.id} is of type ${integration.type}, not ${body.type}`);
    }
    const now = new Date().toISOString();
    if (body.broker?.enabled === true) {
      integration.brokered = true;
      delete integration.credentials;
      integration.updatedAt = now;
      return { id: integration.id, brokerToken: randomUUID() };
    }
    if (body.broker?.enabled === false) {
      // Disabling the broker must carry credentials in the same body (Snyk V1 API description, Update
      // existing integration).
      const missing = missingCredentials(integration.type, body.credentials);
      if (missing) return sendV1Error(reply, 400, `Disabling the broker requires credentials: ${missing}`);
      integration.brokered = false;
      integration.credentials = { ...(body.credentials as Record<string, string>) };
      integration.updatedAt = now;
      return { id: integration.id };
    }
    if (integration.brokered) {
      // Credentials of brokered integrations cannot be updated (Snyk V1 API description, Update existing
      // integration); status UNVERIFIED.
      return sendV1Error(reply, 400, `Credentials cannot be updated for brokered integration ${integration.id}`);
    }
    const missing = missingCredentials(integration.type, body.credentials);
    if (missing) return sendV1Error(reply, 400, missing);
    integration.credentials = { ...(body.credentials as Record<string, string>) };
    integration.updatedAt = now;
    return { id: integration.id };
  });

  scope.delete<{ Params: OrgParams & { integrationId: string } }>(
    "/org/:orgId/integrations/:integrationId/authentication",
    async (req, reply) => {
      const org = orgOf(req, reply);
      if (!org) return reply;
      const integration = state.integrationById(org, req.params.integrationId);
      if (!integration) return sendV1Error(reply, 404, `Integration ${req.params.integrationId} not found`);
      // No effect on brokered integrations (Snyk V1 API description, Deletecredentials).
      if (!integration.brokered) delete integration.credentials;
      return reply.code(200).send();
    },
  );

  // Project tags (V1 POST /org/{orgId}/project/{projectId}/tags and …/tags/remove): the body is a `Tag`,
  // key "Alphanumeric including - and _ with a limit of 30 characters", value the same with a limit of
  // 50; the answer is the project's tags. Adding a tag it already has changes nothing (UNVERIFIED).
  const TAG_KEY = /^[A-Za-z0-9_-]{1,30}$/;
  const TAG_VALUE = /^[A-Za-z0-9_-]{1,50}$/;
  const tagOf = (req: FastifyRequest<{ Params: OrgParams & { projectId: string }; Body: unknown }>) => {
    const body = (req.body ?? {}) as { key?: unknown; value?: unknown };
    return typeof body.key === "string" &&
      TAG_KEY.test(body.key) &&
      typeof body.value === "string" &&
      TAG_VALUE.test(body.value)
      ? { key: body.key, value: body.value }
      : undefined;
  };
  for (const [suffix, add] of [
    ["tags", true],
    ["tags/remove", false],
  ] as const) {
    scope.post<{ Params: OrgParams & { projectId: string }; Body: unknown }>(
      `/org/:orgId/project/:projectId/${suffix}`,
      async (req, reply) => {
        const org = orgOf(req, reply);
        if (!org) return reply;
        const project = state.projects.get(req.params.projectId);
        if (!project || project.orgId !== org.id)
          return sendV1Error(reply, 404, `Project ${req.params.projectId} not found`);
        const tag = tagOf(req);
        if (!tag) {
          return sendV1Error(
            reply,
            400,
            "A tag needs a key (alphanumeric, - and _, up to 30 characters) and a value (the same, up to 50)",
          );
        }
        const others = (project.tags ?? []).filter((t) => t.key !== tag.key || t.value !== tag.value);
        project.tags = add ? [...others, tag] : others;
        return { tags: project.tags.map((t) => ({ ...t })) };
      },
    );
  }

  scope.post<{
    Params: OrgParams & { integrationId: string };
    Body: { target?: Record<string, unknown>; files?: unknown; exclusionGlobs?: unknown };
  }>("/org/:orgId/integrations/:integrationId/import", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const integration = state.integrationById(org, req.params.integrationId);
    if (!integration) return sendV1Error(reply, 404, `Integration ${req.params.integrationId} not found`);
    if (!integration.brokered && !integration.credentials) {
      return sendV1Error(reply, 400, `Integration ${integration.id} has no credentials; set them before importing`);
    }
    const target = req.body?.target;
    if (!target || typeof target !== "object") return sendV1Error(reply, 400, "Missing target");
    if (integration.type === "gitlab") {
      if (typeof target.id !== "number" || typeof target.branch !== "string") {
        return sendV1Error(reply, 400, "A GitLab target needs a numeric id and a branch");
      }
    } else if (typeof target.owner !== "string" || typeof target.name !== "string") {
      return sendV1Error(reply, 400, "A target needs owner and name");
    }
    // Rejections before 201 are synchronous; their exact status is UNVERIFIED: 400
    // (https://docs.snyk.io/snyk-api/how-to-use-snyk-api-endpoints/determine-why-api-import-targets-has-failed).
    const repo = state.findRepository(integration.type, target);
    const label =
      integration.type === "gitlab" ? `project ${String(target.id)}` : `${String(target.owner)}/${String(target.name)}`;
    if (!repo)
      return sendV1Error(
        reply,
        400,
        `Could not access repository ${label}: it does not exist or the integration's token cannot see it`,
      );
    const branch =
      typeof target.branch === "string"
        ? target.branch
        : repo.defaultBranch === undefined
          ? "main"
          : repo.defaultBranch;
    if (branch === null) return sendV1Error(reply, 400, `Repository ${label} has no default branch`);
    const branches = new Set([repo.defaultBranch ?? "main", ...(repo.branches ?? [])]);
    if (!branches.has(branch)) return sendV1Error(reply, 400, `Branch ${branch} not found in repository ${label}`);

    const jobId = randomUUID();
    state.startJob({
      id: jobId,
      orgId: org.id,
      integrationId: integration.id,
      repo,
      branch,
      created: new Date().toISOString(),
      createdAtMs: state.now(),
      origin: requestOrigin(req),
      polls: 0,
      pendingPolls: state.pendingPolls,
    });
    const location = `${requestOrigin(req)}/api/v1/org/${org.id}/integrations/${integration.id}/import/${jobId}`;
    return reply.code(201).header("location", location).send();
  });

  scope.get<{ Params: OrgParams & { integrationId: string; jobId: string } }>(
    "/org/:orgId/integrations/:integrationId/import/:jobId",
    async (req, reply) => {
      const org = orgOf(req, reply);
      if (!org) return reply;
      const job = state.jobs.get(req.params.jobId);
      if (!job || job.orgId !== org.id || job.integrationId !== req.params.integrationId) {
        return sendV1Error(reply, 404, `Import job ${req.params.jobId} not found`);
      }
      state.poll(job);
      // Getimportjobdetailsresponse: {id, status, created, logs[]}, each log {name, created, status,
      // truncated?, projects[]}; a pending job's entry is pending with no projects yet.
      return {
        id: job.id,
        status: job.result?.status ?? "pending",
        created: job.created,
        logs: [
          {
            name: job.repo.fullName,
            created: job.created,
            status: job.result?.log.status ?? "pending",
            ...(job.result?.log.truncated !== undefined ? { truncated: job.result.log.truncated } : {}),
            projects: job.result?.log.projects ?? [],
          },
        ],
      };
    },
  );

  scope.get<{ Params: OrgParams & { projectId: string } }>("/org/:orgId/project/:projectId", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const project = state.projects.get(req.params.projectId);
    if (!project || project.orgId !== org.id)
      return sendV1Error(reply, 404, `Project ${req.params.projectId} not found`);
    return {
      id: project.id,
      name: project.name,
      type: project.type,
      origin: project.origin,
      branch: project.targetReference,
      created: project.created,
      isMonitored: project.status === "active",
    };
  });

  scope.delete<{ Params: OrgParams & { projectId: string } }>("/org/:orgId/project/:projectId", async (req, reply) => {
    const org = orgOf(req, reply);
    if (!org) return reply;
    const project = state.projects.get(req.params.projectId);
    if (!project || project.orgId !== org.id)
      return sendV1Error(reply, 404, `Project ${req.params.projectId} not found`);
    state.deleteProject(project.id);
    return reply.code(200).send();
  });
}

function missingCredentials(type: string, credentials: Record<string, string> | undefined): string | undefined {
  const required = REQUIRED_CREDENTIALS[type] ?? ["token"];
  const missing = required.filter((f) => typeof credentials?.[f] !== "string" || credentials[f] === "");
  return missing.length ? `Missing credentials for ${type}: ${missing.join(", ")}` : undefined;
}
