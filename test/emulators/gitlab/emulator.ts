// The GitLab emulator: the REST routes the provider uses under `/api/v4`, for gitlab.com ("cloud")
// or a self-managed instance of a given version (older versions lack /metadata (< 15.2) and
// /personal_access_tokens/self (< 15.5)). Faithful to https://docs.gitlab.com/api/rest/: error bodies, offset
// pagination headers, with_shared / include_subgroups defaults, RateLimit-* and 429 + Retry-After.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EmulatorHost, requestOrigin } from "../host";
import { authenticate, isExpired, READ_API, READ_USER, Throttle, type Caller, type RouteScopes } from "./auth";
import {
  branchBody,
  errors,
  groupBody,
  memberBody,
  namespaceDetailBody,
  projectBody,
  tokenSelfBody,
  userBody,
} from "./bodies";
import { paginate, paginateKeyset, readPageRequest } from "./pagination";
import { MergeRequestNotes, registerMergeRequestNoteRoutes } from "./notes";
import {
  MergeRequests,
  mergeRequestBody,
  registerMergeRequestRoutes,
  type StoredMergeRequest,
} from "./routes-merge-requests";
import { ProjectGit, registerRepositoryRoutes } from "./routes-repository";
import { ProjectVariables, registerVariableRoutes } from "./routes-variables";
import { emptyGitLabSeed, type GitLabSeed } from "./seed";
import { GitLabState, type ProjectRecord } from "./state";

export interface GitLabEmulatorOptions {
  /** Self-managed mode with this version (e.g. "17.11.2", "15.4.0"); absent = gitlab.com. */
  selfManaged?: { version: string; enterprise?: boolean };
  /** Relative URL root, e.g. "/gitlab" (API under /gitlab/api/v4). */
  pathPrefix?: string;
  initialSeed?: GitLabSeed;
}

const CLOUD_VERSION = "18.6.0-pre";

/** The GitLab emulator with in-process control of what people do in GitLab outside the API client under test. */
export interface GitLabEmulator extends EmulatorHost<GitLabSeed> {
  /** Merges an open merge request (a merge commit lands on the target branch); undefined when none is open by that IID. */
  mergeMergeRequest(project: string | number, iid: number): StoredMergeRequest | undefined;
  /** Closes an open merge request without merging it; undefined when none is open by that IID. */
  closeMergeRequest(project: string | number, iid: number): StoredMergeRequest | undefined;
  /** Branches with their files for every project written to, merge requests, and CI/CD variables in plaintext. */
  repositoryState(): GitLabRepositoryState;
}

export interface GitLabRepositoryState {
  /** Per project written to or read: its branches with head and files. */
  repositories: unknown[];
  mergeRequests: unknown[];
  variables: unknown[];
}

/** Compares dotted versions numerically ("15.10.1" > "15.5"); suffixes like "-pre" are ignored. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parse = (v: string) =>
    v
      .split("-")[0]!
      .split(".")
      .map((n) => Number.parseInt(n, 10) || 0);
  const a = parse(version);
  const b = parse(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

type Query = Record<string, string | undefined>;

// Grape coerces `Grape::API::Boolean` params with dry-types' Params::Bool (dry-rb/dry-types,
// lib/dry/types/coercions/params.rb): TRUE_VALUES 1 on On ON t true True TRUE T y yes Yes YES Y,
// FALSE_VALUES 0 off Off OFF f false False FALSE F n no No NO N. Anything else fails validation
// with 400 `<name> is invalid`. (Mixed case such as `tRuE` is not in either list.)
const GRAPE_TRUE = new Set(["1", "on", "On", "ON", "t", "true", "True", "TRUE", "T", "y", "yes", "Yes", "YES", "Y"]);
const GRAPE_FALSE = new Set([
  "0",
  "off",
  "Off",
  "OFF",
  "f",
  "false",
  "False",
  "FALSE",
  "F",
  "n",
  "no",
  "No",
  "NO",
  "N",
]);

function isGrapeBoolean(value: string): boolean {
  return GRAPE_TRUE.has(value) || GRAPE_FALSE.has(value);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  return GRAPE_TRUE.has(value);
}

/** The first boolean param of `names` whose value Grape would reject. */
function invalidBoolean(query: Query, names: readonly string[]): string | undefined {
  return names.find((name) => {
    const v = query[name];
    return v !== undefined && v !== "" && !isGrapeBoolean(v);
  });
}

// Gitlab::Access levels a `min_access_level` may name (docs.gitlab.com, api/members.md "Roles"):
// minimal 5, guest 10, planner 15, reporter 20, developer 30, maintainer 40, owner 50.
const ACCESS_LEVELS = new Set(["5", "10", "15", "20", "30", "40", "50"]);

/** GitLab's `search` on projects matches name or path, case-insensitively (api/groups.md "List projects"). */
function matchesSearch(search: string | undefined, ...fields: string[]): boolean {
  if (search === undefined || search === "") return true;
  const needle = search.toLowerCase();
  return fields.some((f) => f.toLowerCase().includes(needle));
}

export function createGitLabEmulator(options: GitLabEmulatorOptions = {}): GitLabEmulator {
  const prefix = (options.pathPrefix ?? "").replace(/\/+$/, "");
  const version = options.selfManaged?.version ?? CLOUD_VERSION;
  const hasMetadata = versionAtLeast(version, "15.2");
  const hasTokenSelf = versionAtLeast(version, "15.5");
  let state = new GitLabState(emptyGitLabSeed);
  let throttle: Throttle | undefined;

  const webBase = (req: FastifyRequest) => `${requestOrigin(req)}${prefix}`;
  const auth = (req: FastifyRequest, reply: FastifyReply, scopes: RouteScopes, required = true): Caller | undefined =>
    authenticate(req, reply, state, scopes, required);

  const notes = new MergeRequestNotes();
  const git = new ProjectGit();
  const mergeRequests = new MergeRequests(git);
  const variables = new ProjectVariables();
  let clock: () => number = () => Date.now();
  const at = () => new Date(clock()).toISOString();
  const projectName = (id: number) => state.projects.get(id)?.fullPath ?? String(id);
  const mergeMergeRequest = (project: string | number, iid: number) => {
    const record = state.findProject(String(project));
    return record ? mergeRequests.merge(record, iid, at()) : undefined;
  };
  const closeMergeRequest = (project: string | number, iid: number) => {
    const record = state.findProject(String(project));
    return record ? mergeRequests.close(record, iid, at()) : undefined;
  };
  const repositoryState = (): GitLabRepositoryState => ({
    repositories: git.store.dump(projectName),
    mergeRequests: mergeRequests.dump(),
    variables: variables.dump(projectName),
  });

  function routes(app: FastifyInstance, host: EmulatorHost<GitLabSeed>): void {
    const api = `${prefix}/api/v4`;
    clock = () => host.clock.now();

    // GitLab (Rails/Grape) answers JSON as `Content-Type: application/json`, without a charset
    // parameter; Fastify's default adds `; charset=utf-8`, which some clients refuse.
    app.addHook("onSend", async (req, reply, payload) => {
      if (!req.url.startsWith(`${prefix}/api/`)) return payload;
      const type = reply.getHeader("content-type");
      if (typeof type === "string" && /^application\/json\s*;/i.test(type))
        void reply.header("content-type", "application/json");
      return payload;
    });

    app.addHook("onRequest", async (req, reply) => {
      if (!throttle || !req.url.startsWith(`${prefix}/api/`)) return;
      if (!throttle.check(req, reply, state)) return reply;
    });

    app.get(`${api}/personal_access_tokens/self`, async (req, reply) => {
      if (!hasTokenSelf) return reply.code(404).send(errors.noRoute);
      const caller = auth(req, reply, "any");
      if (!caller?.token) return reply;
      if ((caller.token.kind ?? "pat") !== "pat") return reply.code(400).send(errors.notPersonalAccessToken);
      return tokenSelfBody(caller.token, !caller.token.revoked && !isExpired(caller.token));
    });

    app.get(`${api}/user`, async (req, reply) => {
      const caller = auth(req, reply, READ_USER);
      if (!caller?.user) return reply;
      return userBody(caller.user, webBase(req), caller.user.isAdmin === true);
    });

    const metadata = async (req: FastifyRequest, reply: FastifyReply) => {
      const caller = auth(req, reply, READ_USER);
      if (!caller) return reply;
      return {
        version,
        revision: "6d4a1c2f0e9",
        kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
        enterprise: options.selfManaged?.enterprise ?? true,
      };
    };
    if (hasMetadata) app.get(`${api}/metadata`, metadata);
    app.get(`${api}/version`, metadata);

    app.get(`${api}/groups`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const query = req.query as Query;
      const page = readPageRequest(query);
      if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
      // Boolean params of GET /groups (api/groups.md "List groups").
      const badBool = invalidBoolean(query, [
        "all_available",
        "owned",
        "statistics",
        "with_custom_attributes",
        "top_level_only",
      ]);
      if (badBool) return reply.code(400).send(errors.invalidParam(badBool));
      const minAccess = query["min_access_level"];
      if (minAccess !== undefined && !ACCESS_LEVELS.has(minAccess))
        return reply.code(400).send({ error: "min_access_level does not have a valid value" });
      const owned = bool(query["owned"], false);
      const visible = [...state.groups.values()]
        .filter((g) => state.canSeeGroup(caller.user, g))
        .filter((g) => matchesSearch(query["search"], g.fullPath.split("/").pop() ?? g.fullPath, g.fullPath))
        .filter((g) => minAccess === undefined || state.groupAccess(caller.user, g) >= Number(minAccess))
        .filter((g) => !owned || state.groupAccess(caller.user, g) >= 50)
        .sort((a, b) => a.fullPath.localeCompare(b.fullPath));
      const result = paginate(visible, page, new URL(req.url, requestOrigin(req)));
      void reply.headers(result.headers);
      return result.items.map((g) => groupBody(g, state, webBase(req)));
    });

    app.get(`${api}/groups/:id`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const group = state.findGroup((req.params as { id: string }).id);
      if (!group || !state.canSeeGroup(caller.user, group)) return reply.code(404).send(errors.groupNotFound);
      const body: Record<string, unknown> = groupBody(group, state, webBase(req));
      // Legacy: with_projects defaults to true and embeds the group's projects (deprecated; clients send false).
      const badBool = invalidBoolean(req.query as Query, ["with_projects", "with_custom_attributes"]);
      if (badBool) return reply.code(400).send(errors.invalidParam(badBool));
      if (bool((req.query as Query)["with_projects"], true)) {
        const canSee = (p: ProjectRecord) => state.canSeeProject(caller.user, p);
        body["projects"] = (state.projectsByGroup.get(group.id) ?? [])
          .filter(canSee)
          .slice(0, 100)
          .map((p) => projectBody(p, state, webBase(req), { simple: false, canSee }));
        body["shared_projects"] = (state.sharedInto.get(group.id) ?? [])
          .map((s) => s.project)
          .filter(canSee)
          .map((p) => projectBody(p, state, webBase(req), { simple: false, canSee }));
      }
      return body;
    });

    // Namespaces API (api/namespaces.md): only group namespaces are seeded; the plan exists on gitlab.com
    // only and belongs to the top-level group (a subgroup reports its root's).
    app.get(`${api}/namespaces/:id`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const group = state.findGroup((req.params as { id: string }).id);
      if (!group || !state.canSeeGroup(caller.user, group)) return reply.code(404).send(errors.namespaceNotFound);
      const root = state.ancestorsAndSelf(group).at(-1) ?? group;
      const maintainer = caller.user?.isAdmin === true || state.groupAccess(caller.user, group) >= 40;
      const plan = options.selfManaged ? undefined : (root.plan ?? "free");
      return namespaceDetailBody(group, state, webBase(req), { maintainer, plan });
    });

    app.get(`${api}/groups/:id/members/all/:userId`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const params = req.params as { id: string; userId: string };
      const group = state.findGroup(params.id);
      if (!group || !state.canSeeGroup(caller.user, group)) return reply.code(404).send(errors.groupNotFound);
      const member = state.users.get(Number(params.userId));
      const level = member ? state.groupAccess(member, group) : 0;
      if (!member || level === 0) return reply.code(404).send(errors.notFound);
      return memberBody(member, level, webBase(req));
    });

    app.get(`${api}/groups/:id/projects`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const query = req.query as Query;
      const group = state.findGroup((req.params as { id: string }).id);
      if (!group || !state.canSeeGroup(caller.user, group)) return reply.code(404).send(errors.groupNotFound);
      const page = readPageRequest(query);
      if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
      // Boolean params of GET /groups/:id/projects (api/groups.md "List projects").
      const badBool = invalidBoolean(query, [
        "archived",
        "include_subgroups",
        "with_shared",
        "simple",
        "owned",
        "starred",
        "with_issues_enabled",
        "with_merge_requests_enabled",
        "with_custom_attributes",
        "with_security_reports",
        "include_ancestor_groups",
      ]);
      if (badBool) return reply.code(400).send(errors.invalidParam(badBool));
      const minAccess = query["min_access_level"];
      if (minAccess !== undefined && !ACCESS_LEVELS.has(minAccess))
        return reply.code(400).send({ error: "min_access_level does not have a valid value" });
      const owned = bool(query["owned"], false);
      const visibility = query["visibility"];
      if (visibility !== undefined && !["public", "internal", "private"].includes(visibility)) {
        return reply.code(400).send(errors.invalidParam("visibility"));
      }
      const orderBy = query["order_by"] ?? "created_at";
      if (!["id", "name", "path", "created_at", "updated_at", "last_activity_at"].includes(orderBy)) {
        return reply.code(400).send({ error: "order_by does not have a valid value" });
      }
      const sort = query["sort"] ?? "desc";
      if (sort !== "asc" && sort !== "desc") return reply.code(400).send({ error: "sort does not have a valid value" });

      const groups = bool(query["include_subgroups"], false) ? state.descendantsAndSelf(group) : [group];
      const selected = new Map<number, ProjectRecord>();
      for (const g of groups) for (const p of state.projectsByGroup.get(g.id) ?? []) selected.set(p.id, p);
      if (bool(query["with_shared"], true)) {
        for (const g of groups) for (const s of state.sharedInto.get(g.id) ?? []) selected.set(s.project.id, s.project);
      }
      const archived = query["archived"];
      const canSee = (p: ProjectRecord) => state.canSeeProject(caller.user, p);
      const rows = [...selected.values()].filter(
        (p) =>
          canSee(p) &&
          matchesSearch(query["search"], p.name ?? p.path, p.path) &&
          (minAccess === undefined || state.projectAccess(caller.user, p) >= Number(minAccess)) &&
          (!owned || state.projectAccess(caller.user, p) >= 50) &&
          (archived === undefined || (p.archived === true) === bool(archived, false)) &&
          (visibility === undefined || (p.visibility ?? "private") === visibility),
      );
      const key = (p: ProjectRecord): string | number =>
        orderBy === "name" ? (p.name ?? p.path) : orderBy === "path" ? p.path : p.id;
      rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c =
          typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)) || a.id - b.id;
        return sort === "asc" ? c : -c;
      });
      const requestUrl = new URL(req.url, requestOrigin(req));
      let items: ProjectRecord[];
      if (query["pagination"] === "keyset") {
        // Keyset pagination (docs.gitlab.com, api/rest/index.md "Keyset-based pagination"): projects
        // support it for order_by=id only; other orderings answer 405.
        if (orderBy !== "id") return reply.code(405).send(errors.keysetUnavailable);
        const keyset = paginateKeyset(rows, page.perPage, sort, query, requestUrl);
        if ("invalid" in keyset) return reply.code(400).send(errors.invalidParam(keyset.invalid));
        void reply.headers(keyset.headers);
        items = keyset.items;
      } else {
        const result = paginate(rows, page, requestUrl);
        void reply.headers(result.headers);
        items = result.items;
      }
      const simple = bool(query["simple"], false);
      return items.map((p) => projectBody(p, state, webBase(req), { simple, canSee }));
    });

    app.get(`${api}/projects/:id`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const project = state.findProject((req.params as { id: string }).id);
      const canSee = (p: ProjectRecord) => state.canSeeProject(caller.user, p);
      if (!project || !canSee(project)) return reply.code(404).send(errors.projectNotFound);
      return projectBody(project, state, webBase(req), { simple: false, canSee });
    });

    // api/branches.md "Get single repository branch"; the branch is URL-encoded (`feature%2Fx`).
    app.get(`${api}/projects/:id/repository/branches/:branch`, async (req, reply) => {
      const caller = auth(req, reply, READ_API, false);
      if (!caller) return reply;
      const params = req.params as { id: string; branch: string };
      const project = state.findProject(params.id);
      if (!project || !state.canSeeProject(caller.user, project)) return reply.code(404).send(errors.projectNotFound);
      if (!project.branchNames.has(params.branch)) return reply.code(404).send(errors.branchNotFound);
      return branchBody(
        project,
        params.branch,
        webBase(req),
        git.store.touchedHeadSha(git.view(project), params.branch),
      );
    });

    // Branches beyond the seeded ones, as a push would create them: { project: id or full path, branches }.
    app.post<{ Body: { project?: string | number; branches?: string[] } }>(`/_control/branches`, async (req, reply) => {
      const project = state.findProject(String(req.body?.project));
      const branches = req.body?.branches;
      if (!project || !Array.isArray(branches))
        return reply.code(400).send({ error: "project and branches[] are required" });
      for (const branch of branches) project.branchNames.add(String(branch));
      return { path_with_namespace: project.fullPath, branches: [...project.branchNames] };
    });

    registerMergeRequestNoteRoutes(app, api, {
      notes,
      state: () => state,
      auth,
      webBase,
      origin: requestOrigin,
      now: () => host.clock.now(),
    });

    const repositoryDeps = {
      state: () => state,
      git,
      auth,
      webBase,
      origin: requestOrigin,
      now: () => host.clock.now(),
    };
    registerRepositoryRoutes(app, api, repositoryDeps);
    registerMergeRequestRoutes(app, api, { ...repositoryDeps, mergeRequests });
    registerVariableRoutes(app, api, { ...repositoryDeps, variables });
    // What a person does in GitLab: merge or close a merge request. Body { project: id or full path, iid }.
    for (const action of ["merge", "close"] as const) {
      app.post<{ Body: { project?: string | number; iid?: number } }>(
        `/_control/merge-requests/${action}`,
        async (req, reply) => {
          const { project, iid } = req.body ?? {};
          if (project === undefined || typeof iid !== "number")
            return reply.code(400).send({ error: "project and iid are required" });
          const mr = action === "merge" ? mergeMergeRequest(project, iid) : closeMergeRequest(project, iid);
          if (!mr) return reply.code(409).send({ error: `${String(project)}!${iid} is not an open merge request` });
          return mergeRequestBody(mr, webBase(req));
        },
      );
    }

    app.all(`${prefix}/api/v3/*`, async (_req, reply) => reply.code(410).send(errors.apiV3Gone));
    app.all(`${api}/*`, async (_req, reply) => reply.code(404).send(errors.noRoute));
  }

  const host = new EmulatorHost<GitLabSeed>({
    name: options.selfManaged ? `gitlab-self-managed ${version}` : "gitlab",
    initialSeed: options.initialSeed ?? emptyGitLabSeed,
    contracts: ["gitlab"],
    contractPrefix: prefix,
    routes,
    seed(seed, host) {
      state = new GitLabState(seed);
      notes.clear();
      mergeRequests.clear();
      variables.clear();
      const files = new Map<number, Record<string, string>>();
      for (const p of seed.projects ?? []) if (p.files) files.set(p.id, p.files);
      git.reset(files);
      throttle = seed.rateLimit ? new Throttle(seed.rateLimit, () => host.clock.now()) : undefined;
    },
    dump() {
      return {
        version,
        users: state.users.size,
        tokens: state.tokens.size,
        groups: [...state.groups.values()].map((g) => g.fullPath).sort(),
        projects: state.projects.size,
        ...repositoryState(),
      };
    },
  });
  return Object.assign(host, { mergeMergeRequest, closeMergeRequest, repositoryState });
}
