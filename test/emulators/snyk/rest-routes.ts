// Snyk REST as real clients call it, under `/rest`: `?version=` required and resolved per endpoint,
// JSON:API media type and errors, `snyk-request-id` / `snyk-version-*` headers, cursor pagination with
// relative `links.next` (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api; Snyk REST API description).
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorHost } from "../host";
import type { SnykSeed } from "./seed";
import type { ProjectRecord, SnykState, TargetRecord } from "./state";
import { registerSastRoutes } from "./sast-routes";

const JSON_API = "application/vnd.api+json";
const VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2})(~(beta|experimental))?$/;
const STABILITY_RANK: Record<string, number> = { experimental: 0, beta: 1, ga: 2 };

/** When each endpoint family appeared at each stability. Targets/projects betas are the versions snyk-api-import pins. */
interface EndpointVersions {
  ga?: string;
  beta?: string;
}
const TARGETS: EndpointVersions = { beta: "2022-09-15", ga: "2024-02-21" };
const PROJECTS: EndpointVersions = { beta: "2022-06-08", ga: "2024-05-31" };
const INTEGRATIONS: EndpointVersions = { beta: "2024-10-15" };

type Served = { version: string; stage: "ga" | "beta" };
type RestRequest = FastifyRequest & { snykToken?: string };

export function sendRestError(
  reply: FastifyReply,
  status: number,
  detail: string,
  extra: { title?: string; source?: Record<string, string> } = {},
): FastifyReply {
  return reply
    .code(status)
    .header("content-type", JSON_API)
    .send({
      jsonapi: { version: "1.0" },
      errors: [
        {
          id: randomUUID(),
          status: String(status),
          title: extra.title ?? titleFor(status),
          detail,
          ...(extra.source ? { source: extra.source } : {}),
        },
      ],
    });
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
  };
  return titles[status] ?? "Error";
}

/** Resolve `version` for an endpoint: the newest version at or before the date, at that stability or higher. */
function resolveVersion(requested: string, endpoint: EndpointVersions): Served | undefined {
  const m = VERSION_PATTERN.exec(requested);
  if (!m?.[1]) return undefined;
  const date = m[1];
  const rank = STABILITY_RANK[m[3] ?? "ga"] ?? 2;
  if (endpoint.ga && date >= endpoint.ga) return { version: endpoint.ga, stage: "ga" };
  if (rank <= STABILITY_RANK.beta! && endpoint.beta && date >= endpoint.beta)
    return { version: `${endpoint.beta}~beta`, stage: "beta" };
  return undefined;
}

export function registerRestRoutes(scope: FastifyInstance, state: SnykState, _host: EmulatorHost<SnykSeed>): void {
  scope.removeContentTypeParser("application/json");
  scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    done(null, body === "" ? undefined : body);
  });

  scope.addHook("onRequest", async (req: RestRequest, reply) => {
    reply.header("snyk-request-id", randomUUID());
    const auth = /^(token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const token = auth?.[2];
    if (!token || !state.apiKeys.has(token))
      return sendRestError(reply, 401, "Authentication credentials not recognized, or user access is not provisioned.");
    req.snykToken = token;
    const window = state.hit(token, "rest");
    if (!window.allowed) {
      // The REST spec declares no Retry-After for the general limit; the observed limit header is kept.
      reply.header("x-ratelimit-limit", `${window.limit}`);
      return sendRestError(reply, 429, "Too many requests: the per-key rate limit was exceeded");
    }
    const version = (req.query as Record<string, unknown>).version;
    if (typeof version !== "string" || version === "") {
      return sendRestError(reply, 400, "The version query parameter is required", { source: { parameter: "version" } });
    }
    if (!VERSION_PATTERN.test(version)) {
      return sendRestError(
        reply,
        400,
        `Invalid version ${version}: expected YYYY-MM-DD with an optional ~beta or ~experimental`,
        {
          source: { parameter: "version" },
        },
      );
    }
    reply.header("snyk-version-requested", version);
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (hasBody && !(req.headers["content-type"] ?? "").toLowerCase().startsWith(JSON_API)) {
      return sendRestError(reply, 400, "Client request did not conform to OpenAPI specification");
    }
    return undefined;
  });

  scope.setNotFoundHandler((req, reply) =>
    sendRestError(reply, 404, `No REST endpoint ${req.method} ${req.url.split("?")[0] ?? ""}`),
  );

  const served = (req: FastifyRequest, reply: FastifyReply, endpoint: EndpointVersions): Served | undefined => {
    const version = String((req.query as Record<string, unknown>).version);
    const result = resolveVersion(version, endpoint);
    if (!result) {
      sendRestError(reply, 404, `No version of this endpoint matches version ${version}`);
      return undefined;
    }
    reply
      .header("snyk-version-served", result.version)
      .header("snyk-version-lifecycle-stage", result.stage === "ga" ? "ga" : "beta");
    reply.header("content-type", JSON_API);
    return result;
  };

  const orgAllowed = (req: RestRequest, reply: FastifyReply, orgId: string): boolean => {
    if (state.mayUse(req.snykToken ?? "", orgId)) return true;
    sendRestError(
      reply,
      404,
      `Org ${orgId} was not found or you may not have the correct permissions to access the org.`,
    );
    return false;
  };

  scope.get<{ Params: { orgId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    "/orgs/:orgId/targets",
    async (req, reply) => {
      const version = served(req, reply, TARGETS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      state.settleJobs();
      const q = req.query;
      const legacy = version.stage === "beta";
      const limit = parseLimit(one(q.limit), { min: 1, max: 100, def: 10, multipleOf: 1 });
      if (limit === undefined)
        return sendRestError(reply, 400, "limit must be an integer from 1 to 100", { source: { parameter: "limit" } });
      const sourceTypes = many(legacy ? (q.origin ?? q.source_types) : (q.source_types ?? q["source_types[]"]));
      const excludeEmpty = (one(legacy ? (q.excludeEmpty ?? q.exclude_empty) : q.exclude_empty) ?? "true") !== "false";
      const displayName = one(legacy ? (q.displayName ?? q.display_name) : q.display_name);
      const url = one(legacy ? (q.remoteUrl ?? q.url) : q.url);
      const isPrivate = one(legacy ? (q.isPrivate ?? q.is_private) : q.is_private);
      // `created_gte`: "Return only targets which have been created at or after the specified date" (date-time).
      const createdGte = one(q.created_gte);
      const createdFrom = createdGte === undefined ? undefined : Date.parse(createdGte);
      if (createdFrom !== undefined && Number.isNaN(createdFrom))
        return sendRestError(reply, 400, "created_gte must be a date-time", { source: { parameter: "created_gte" } });
      const matches = (t: TargetRecord) =>
        t.orgId === req.params.orgId &&
        (sourceTypes.length === 0 || sourceTypes.includes(t.integrationType)) &&
        (!excludeEmpty || state.hasProjects(t.id)) &&
        (displayName === undefined || t.displayName.toLowerCase().startsWith(displayName.toLowerCase())) &&
        (url === undefined || t.url === url) &&
        (isPrivate === undefined || String(t.isPrivate) === isPrivate) &&
        (createdFrom === undefined || Date.parse(t.createdAt) >= createdFrom);
      // A page starts where its cursor points (binary search) and walks only as far as the page: a
      // real server answers from an index, and organizations of 100,000 targets are benchmarked —
      // the emulator must not be what bounds them.
      const page = cursorPage((after) => state.targetsAfter(after), matches, one(q.starting_after), limit);
      const body: Record<string, unknown> = {
        jsonapi: { version: "1.0" },
        data: page.items.map((t) => (legacy ? legacyTargetJson(t) : targetJson(t))),
        links: pageLinks(req, `/orgs/${req.params.orgId}/targets`, page),
      };
      if (one(q.count) === "true") body.meta = { count: [...state.targets.values()].filter(matches).length };
      return body;
    },
  );

  scope.get<{ Params: { orgId: string; targetId: string } }>("/orgs/:orgId/targets/:targetId", async (req, reply) => {
    const version = served(req, reply, TARGETS);
    if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
    const target = state.targets.get(req.params.targetId);
    if (!target || target.orgId !== req.params.orgId)
      return sendRestError(reply, 404, `Target ${req.params.targetId} not found`);
    return {
      jsonapi: { version: "1.0" },
      data: version.stage === "beta" ? legacyTargetJson(target) : targetJson(target),
    };
  });

  scope.delete<{ Params: { orgId: string; targetId: string } }>(
    "/orgs/:orgId/targets/:targetId",
    async (req, reply) => {
      const version = served(req, reply, TARGETS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      const target = state.targets.get(req.params.targetId);
      if (!target || target.orgId !== req.params.orgId)
        return sendRestError(reply, 404, `Target ${req.params.targetId} not found`);
      // Deleting a target deletes all its projects (UNVERIFIED; deleteOrgsTarget needs `Remove Projects`).
      state.deleteTarget(target.id);
      return reply.code(204).send();
    },
  );

  scope.get<{ Params: { orgId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    "/orgs/:orgId/projects",
    async (req, reply) => {
      const version = served(req, reply, PROJECTS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      const q = req.query;
      const limit = parseLimit(one(q.limit), { min: 10, max: 100, def: 10, multipleOf: 10 });
      if (limit === undefined) {
        return sendRestError(reply, 400, "limit must be a multiple of 10 from 10 to 100", {
          source: { parameter: "limit" },
        });
      }
      const targetIds = many(q.target_id ?? q["target_id[]"]);
      // `tags`: "key:value" pairs; a project matches when it carries every one of them (UNVERIFIED: the
      // description names the parameter, not whether several tags combine by and or by or).
      const tags = many(q.tags ?? q["tags[]"])
        .flatMap((t) => t.split(","))
        .filter((t) => t !== "");
      const all = [...state.projects.values()].filter(
        (p) =>
          p.orgId === req.params.orgId &&
          (targetIds.length === 0 || targetIds.includes(p.targetId)) &&
          tags.every((t) => (p.tags ?? []).some((tag) => `${tag.key}:${tag.value}` === t)),
      );
      const page = pageOf(all, one(q.starting_after), limit);
      return {
        jsonapi: { version: "1.0" },
        data: page.items.map((p) => (version.stage === "beta" ? legacyProjectJson(p) : projectJson(p))),
        links: pageLinks(req, `/orgs/${req.params.orgId}/projects`, page),
      };
    },
  );

  scope.delete<{ Params: { orgId: string; projectId: string } }>(
    "/orgs/:orgId/projects/:projectId",
    async (req, reply) => {
      const version = served(req, reply, PROJECTS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      const project = state.projects.get(req.params.projectId);
      if (!project || project.orgId !== req.params.orgId)
        return sendRestError(reply, 404, `Project ${req.params.projectId} not found`);
      state.deleteProject(project.id);
      return reply.code(204).send();
    },
  );

  // updateOrgProject (PATCH, GA 2024-05-31; View Organization, View Projects and Edit Projects): the
  // body is a `PatchProjectRequest` ({data: {type: "project", id, attributes, relationships}}, no other
  // members); an attribute it carries replaces the project's value, as JSON:API defines PATCH
  // (https://jsonapi.org/format/#crud-updating-resources), so `tags` is the project's whole tag list.
  // The REST description gives tags no limits; the V1 `Tag` description's (key up to 30, value up to
  // 50, alphanumeric with - and _) are applied to the same project tags (UNVERIFIED for REST).
  scope.patch<{ Params: { orgId: string; projectId: string }; Body: unknown }>(
    "/orgs/:orgId/projects/:projectId",
    async (req, reply) => {
      const version = served(req, reply, PROJECTS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      const project = state.projects.get(req.params.projectId);
      if (!project || project.orgId !== req.params.orgId)
        return sendRestError(reply, 404, `Project ${req.params.projectId} not found`);
      const patch = projectPatchOf(req.body, req.params.projectId);
      if (typeof patch === "string") return sendRestError(reply, 400, patch, { source: { pointer: "/data" } });
      if (patch.tags !== undefined) project.tags = patch.tags;
      return {
        jsonapi: { version: "1.0" },
        data: projectJson(project),
        links: { self: `/orgs/${req.params.orgId}/projects/${project.id}?version=${version.version}` },
      };
    },
  );

  // Early Access, read-only for SCM types; never returns credentials (UNVERIFIED: not in Snyk's GA REST description).
  scope.get<{ Params: { orgId: string } }>("/orgs/:orgId/integrations", async (req, reply) => {
    const version = served(req, reply, INTEGRATIONS);
    if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
    const org = state.orgs.get(req.params.orgId);
    return {
      jsonapi: { version: "1.0" },
      data: [...(org?.integrations.values() ?? [])].map((i) => integrationJson(req.params.orgId, i)),
      links: {
        self: `/orgs/${req.params.orgId}/integrations?version=${String((req.query as { version?: string }).version)}`,
      },
    };
  });

  scope.get<{ Params: { orgId: string; integrationId: string } }>(
    "/orgs/:orgId/integrations/:integrationId",
    async (req, reply) => {
      const version = served(req, reply, INTEGRATIONS);
      if (!version || !orgAllowed(req, reply, req.params.orgId)) return reply;
      const org = state.orgs.get(req.params.orgId);
      const integration = org ? state.integrationById(org, req.params.integrationId) : undefined;
      if (!integration) return sendRestError(reply, 404, `Integration ${req.params.integrationId} not found`);
      return { jsonapi: { version: "1.0" }, data: integrationJson(req.params.orgId, integration) };
    },
  );

  registerSastRoutes(scope, state, { served, orgAllowed, sendError: sendRestError });
}

function integrationJson(
  orgId: string,
  i: { id: string; type: string; brokered: boolean; createdAt: string; updatedAt: string },
) {
  return {
    type: "integration",
    id: i.id,
    attributes: {
      integration_type: i.type,
      profile_name: null,
      has_broker: i.brokered,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    },
    relationships: { org: { data: { type: "org", id: orgId } } },
  };
}

// Snyk REST `PublicTarget` (GET /orgs/{org_id}/targets, version 2024-02-21): `relationships` requires
// both `organization` and `integration`; `integration.data` is required with `id`, `type` and
// `attributes.integration_type`, and `data.id` is `nullable: true`: a target made without an
// integration (e.g. from the CLI) is served with `id: null`, not without the relationship.
function targetJson(t: TargetRecord) {
  return {
    type: "target",
    id: t.id,
    attributes: { display_name: t.displayName, url: t.url, is_private: t.isPrivate, created_at: t.createdAt },
    relationships: {
      integration: {
        data: { id: t.integrationId, type: "integration", attributes: { integration_type: t.integrationType } },
      },
      organization: { data: { id: t.orgId, type: "organization" } },
    },
  };
}

/** The pre-GA (beta) shape that snyk-api-import reads: camelCase attributes and `origin`. */
function legacyTargetJson(t: TargetRecord) {
  return {
    type: "target",
    id: t.id,
    attributes: { displayName: t.displayName, isPrivate: t.isPrivate, origin: t.integrationType, remoteUrl: t.url },
    relationships: { org: { data: { id: t.orgId, type: "org" }, links: {}, meta: {} } },
  };
}

function projectJson(p: ProjectRecord) {
  return {
    type: "project",
    id: p.id,
    attributes: {
      name: p.name,
      type: p.type,
      target_file: p.targetFile,
      // The description (ProjectAttributes, version 2024-05-31) requires a string: a project without
      // a branch is served with "" (UNVERIFIED: what Snyk answers then is not documented).
      target_reference: p.targetReference ?? "",
      origin: p.origin,
      created: p.created,
      status: p.status,
      read_only: false,
      tags: (p.tags ?? []).map((t) => ({ ...t })),
      // ProjectSettings20240531 requires both `recurring_tests` and `pull_requests`.
      settings: { recurring_tests: { frequency: "daily" }, pull_requests: {} },
    },
    // Each `Relationship` requires `data` and `links`.
    relationships: {
      target: { data: { type: "target", id: p.targetId }, links: {} },
      organization: { data: { type: "org", id: p.orgId }, links: {} },
    },
  };
}

function legacyProjectJson(p: ProjectRecord) {
  return {
    type: "project",
    id: p.id,
    attributes: {
      name: p.name,
      type: p.type,
      origin: p.origin,
      created: p.created,
      status: p.status,
      targetReference: p.targetReference,
      businessCriticality: [],
      environment: [],
      lifecycle: [],
      tags: (p.tags ?? []).map((t) => ({ ...t })),
    },
    relationships: {
      target: { data: { type: "target", id: p.targetId } },
      org: { data: { type: "org", id: p.orgId } },
    },
  };
}

const TAG_KEY = /^[A-Za-z0-9_-]{1,30}$/;
const TAG_VALUE = /^[A-Za-z0-9_-]{1,50}$/;

/** The tags a `PatchProjectRequest` sets (undefined: it sets none), or what is wrong with the body. */
function projectPatchOf(body: unknown, projectId: string): { tags?: { key: string; value: string }[] } | string {
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return "The request body is not JSON";
    }
  }
  if (typeof parsed !== "object" || parsed === null) return "data is required";
  const top = Object.keys(parsed).find((k) => k !== "data");
  if (top !== undefined) return `${top} is not a member of a project update`;
  const data = (parsed as { data?: unknown }).data as Record<string, unknown> | undefined;
  if (typeof data !== "object" || data === null) return "data is required";
  const allowed = new Set(["type", "id", "attributes", "relationships"]);
  const extra = Object.keys(data).find((k) => !allowed.has(k));
  if (extra !== undefined) return `data.${extra} is not a member of a project update`;
  if (data.type !== "project") return 'data.type must be "project"';
  if (data.id !== projectId) return `data.id must be the project id of the path (${projectId})`;
  const attributes = data.attributes as Record<string, unknown> | undefined;
  if (typeof attributes !== "object" || attributes === null) return "data.attributes is required";
  if (typeof data.relationships !== "object" || data.relationships === null) return "data.relationships is required";
  if (attributes.tags === undefined) return {};
  if (!Array.isArray(attributes.tags)) return "data.attributes.tags must be an array";
  const tags: { key: string; value: string }[] = [];
  for (const tag of attributes.tags as { key?: unknown; value?: unknown }[]) {
    if (typeof tag?.key !== "string" || !TAG_KEY.test(tag.key))
      return "a tag key is alphanumeric with - and _, up to 30 characters";
    if (typeof tag.value !== "string" || !TAG_VALUE.test(tag.value))
      return "a tag value is alphanumeric with - and _, up to 50 characters";
    if (!tags.some((t) => t.key === tag.key && t.value === tag.value)) tags.push({ key: tag.key, value: tag.value });
  }
  return { tags };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function many(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseLimit(
  raw: string | undefined,
  rule: { min: number; max: number; def: number; multipleOf: number },
): number | undefined {
  if (raw === undefined) return rule.def;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= rule.min && n <= rule.max && n % rule.multipleOf === 0 ? n : undefined;
}

function encodeCursor(seq: number): string {
  return `v1.${Buffer.from(JSON.stringify({ seq })).toString("base64url")}`;
}

function decodeCursor(cursor: string): number | undefined {
  if (!cursor.startsWith("v1.")) return undefined;
  try {
    const seq = (JSON.parse(Buffer.from(cursor.slice(3), "base64url").toString("utf8")) as { seq?: unknown }).seq;
    return typeof seq === "number" ? seq : undefined;
  } catch {
    return undefined;
  }
}

function pageOf<T extends { seq: number }>(all: T[], startingAfter: string | undefined, limit: number) {
  const after = startingAfter === undefined ? 0 : (decodeCursor(startingAfter) ?? 0);
  const rest = all.filter((x) => x.seq > after).sort((a, b) => a.seq - b.seq);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return { items, limit, next: rest.length > limit && last ? encodeCursor(last.seq) : undefined };
}

/** One cursor page: the first `limit` matches after the cursor, and a next cursor when more match. */
function cursorPage<T extends { seq: number }>(
  recordsAfter: (seq: number) => Iterable<T>,
  matches: (record: T) => boolean,
  startingAfter: string | undefined,
  limit: number,
) {
  const after = startingAfter === undefined ? 0 : (decodeCursor(startingAfter) ?? 0);
  const items: T[] = [];
  for (const record of recordsAfter(after)) {
    if (!matches(record)) continue;
    if (items.length === limit) {
      const last = items[items.length - 1];
      return { items, limit, next: last ? encodeCursor(last.seq) : undefined };
    }
    items.push(record);
  }
  return { items, limit, next: undefined };
}

/** Links relative to `/rest`, as the REST docs show them; every filter of the request is kept. */
function pageLinks(req: FastifyRequest, path: string, page: { limit: number; next: string | undefined }) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query as Record<string, string | string[] | undefined>)) {
    if (k === "starting_after" || k === "ending_before" || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) query.append(k, value);
  }
  query.set("limit", String(page.limit));
  const self = `${path}?${query.toString()}`;
  const links: Record<string, string> = { self, first: self };
  if (page.next) {
    const next = new URLSearchParams(query);
    next.set("starting_after", page.next);
    links.next = `${path}?${next.toString()}`;
  }
  return links;
}
