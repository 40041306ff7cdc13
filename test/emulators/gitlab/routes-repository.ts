// A project's repository as GitLab's REST API serves it:
// - branches: list and create (https://docs.gitlab.com/api/branches/): POST answers 201, an existing
//   branch is 400 "Branch already exists", an unknown ref 400 "Invalid reference name: <ref>";
// - files: get one (https://docs.gitlab.com/api/repository_files/#get-file-from-repository): base64
//   content with blob_id / commit_id / last_commit_id, 404 "404 File Not Found";
// - commits: create with actions (https://docs.gitlab.com/api/commits/#create-a-commit-with-multiple-files-and-actions):
//   create / update on `branch`, made from `start_branch` when it does not exist yet.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { blobSha, GitStore, type Repository, type StoredCommit, type StoredFile } from "../git-store";
import { READ_API, type Caller, type RouteScopes } from "./auth";
import { branchBody, errors } from "./bodies";
import { paginate, readPageRequest } from "./pagination";
import type { GitLabUserSeed } from "./seed";
import type { GitLabState, ProjectRecord } from "./state";

/** Writing needs the `api` scope: read_api is registered for GET and HEAD only. */
export const WRITE_API: RouteScopes = ["api"];
/** Developer: push to branches, open merge requests (https://docs.gitlab.com/user/permissions/). */
export const DEVELOPER = 30;
/** Maintainer: manage CI/CD variables (https://docs.gitlab.com/user/permissions/). */
export const MAINTAINER = 40;

export interface RepositoryRouteDeps {
  state(): GitLabState;
  git: ProjectGit;
  auth(req: FastifyRequest, reply: FastifyReply, scopes: RouteScopes, required?: boolean): Caller | undefined;
  webBase(req: FastifyRequest): string;
  origin(req: FastifyRequest): string;
  now(): number;
}

/** The git store seen through GitLab projects (their `branchNames` are the store's branches). */
export class ProjectGit {
  readonly store = new GitStore();
  private views = new WeakMap<ProjectRecord, Repository>();

  reset(files: Map<number, Record<string, string>>): void {
    this.store.reset(files);
    this.views = new WeakMap();
  }

  view(project: ProjectRecord): Repository {
    let view = this.views.get(project);
    if (!view) {
      view = {
        id: project.id,
        branches: project.branchNames,
        defaultBranch: project.defaultBranch === undefined ? "main" : project.defaultBranch,
        createdAt: project.createdAt,
      };
      this.views.set(project, view);
    }
    return view;
  }

  head(project: ProjectRecord, branch: string): StoredCommit | undefined {
    return this.store.head(this.view(project), branch);
  }
}

/** The project the route names, or undefined after answering as GitLab does. */
export function visibleProject(
  deps: RepositoryRouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  caller: Caller,
  minimumAccess = 0,
  writes = false,
): ProjectRecord | undefined {
  const project = deps.state().findProject((req.params as { id: string }).id);
  if (!project || !deps.state().canSeeProject(caller.user, project)) {
    void reply.code(404).send(errors.projectNotFound);
    return undefined;
  }
  // An archived project is read-only (https://docs.gitlab.com/user/project/working_with_projects/#archive-a-project).
  if (writes && project.archived === true) {
    void reply.code(403).send(errors.forbidden());
    return undefined;
  }
  if (
    minimumAccess > 0 &&
    caller.user?.isAdmin !== true &&
    deps.state().projectAccess(caller.user, project) < minimumAccess
  ) {
    void reply.code(403).send(errors.forbidden());
    return undefined;
  }
  return project;
}

/** Grape's answer to missing required parameters: 400 `{"error": "a is missing, b is missing"}`. */
export function missing(body: Record<string, unknown>, names: readonly string[]): { error: string } | undefined {
  const absent = names.filter((n) => body[n] === undefined || body[n] === null || body[n] === "");
  return absent.length > 0 ? { error: absent.map((n) => `${n} is missing`).join(", ") } : undefined;
}

export function isoNow(deps: { now(): number }): string {
  return new Date(deps.now()).toISOString();
}

export function commitBody(project: ProjectRecord, commit: StoredCommit, webBase: string, author?: GitLabUserSeed) {
  const name = author?.name ?? author?.username ?? "Emulator";
  const email = author ? `${author.username}@example.com` : "emulator@example.com";
  const title = commit.message.split("\n")[0] ?? "";
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    created_at: commit.date,
    parent_ids: [...commit.parents],
    title,
    message: commit.message,
    author_name: name,
    author_email: email,
    authored_date: commit.date,
    committer_name: name,
    committer_email: email,
    committed_date: commit.date,
    trailers: {},
    extended_trailers: {},
    web_url: `${webBase}/${project.fullPath}/-/commit/${commit.sha}`,
  };
}

function fileBody(path: string, file: StoredFile, ref: string, commit: StoredCommit) {
  return {
    file_name: path.split("/").pop() ?? path,
    file_path: path,
    size: file.content.length,
    encoding: "base64",
    content_sha256: createHash("sha256").update(file.content).digest("hex"),
    ref,
    blob_id: file.sha,
    commit_id: commit.sha,
    // The emulator does not track the last commit per file: the ref's head stands in (UNVERIFIED shape).
    last_commit_id: commit.sha,
    execute_filemode: false,
    content: file.content.toString("base64"),
  };
}

type Action = {
  action?: unknown;
  file_path?: unknown;
  content?: unknown;
  encoding?: unknown;
  last_commit_id?: unknown;
};

export function registerRepositoryRoutes(app: FastifyInstance, api: string, deps: RepositoryRouteDeps): void {
  const base = `${api}/projects/:id/repository`;

  app.get(`${base}/branches`, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API, false);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller);
    if (!project) return reply;
    const query = req.query as Record<string, string | undefined>;
    const page = readPageRequest(query);
    if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
    const search = query["search"]?.toLowerCase();
    const names = [...deps.git.store.branches(deps.git.view(project)).keys()]
      .filter((n) => search === undefined || n.toLowerCase().includes(search))
      .sort();
    const result = paginate(names, page, new URL(req.url, deps.origin(req)));
    void reply.headers(result.headers);
    return result.items.map((n) => branchBody(project, n, deps.webBase(req), deps.git.head(project, n)?.sha));
  });

  app.post(`${base}/branches`, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller, DEVELOPER, true);
    if (!project) return reply;
    // Gitbeaker sends the parameters in the query string; GitLab reads them from either.
    const params = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
    const absent = missing(params, ["branch", "ref"]);
    if (absent) return reply.code(400).send(absent);
    const branch = String(params["branch"]);
    const ref = String(params["ref"]);
    const view = deps.git.view(project);
    const from =
      deps.git.head(project, ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? deps.git.store.commit(view, ref) : undefined);
    if (!from) return reply.code(400).send({ message: `Invalid reference name: ${ref}` });
    if (!deps.git.store.createBranch(view, branch, from.sha))
      return reply.code(400).send({ message: "Branch already exists" });
    return reply.code(201).send(branchBody(project, branch, deps.webBase(req), from.sha));
  });

  app.get(`${base}/files/:file_path`, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API, false);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller);
    if (!project) return reply;
    const ref = (req.query as Record<string, string | undefined>)["ref"];
    if (!ref) return reply.code(400).send({ error: "ref is missing" });
    const path = (req.params as { file_path: string }).file_path;
    const view = deps.git.view(project);
    const commit =
      deps.git.head(project, ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? deps.git.store.commit(view, ref) : undefined);
    const file = commit?.tree.get(path);
    if (!commit || !file) return reply.code(404).send({ message: "404 File Not Found" });
    return fileBody(path, file, ref, commit);
  });

  app.post(`${base}/commits`, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller?.user) return reply;
    const project = visibleProject(deps, req, reply, caller, DEVELOPER, true);
    if (!project) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const absent = missing(body, ["branch", "commit_message", "actions"]);
    if (absent) return reply.code(400).send(absent);
    if (!Array.isArray(body["actions"])) return reply.code(400).send(errors.invalidParam("actions"));
    const branch = String(body["branch"]);
    const view = deps.git.view(project);
    let head = deps.git.head(project, branch);
    if (!head) {
      const start = body["start_branch"];
      // UNVERIFIED texts: the commits API docs say `start_branch` names the branch to start from, not the errors.
      if (typeof start !== "string")
        return reply.code(400).send({ message: "You can only create or edit files when you are on a branch" });
      const from = deps.git.head(project, start);
      if (!from) return reply.code(400).send({ message: `Invalid start branch name: ${start}` });
      deps.git.store.createBranch(view, branch, from.sha);
      head = from;
    }
    const tree = new Map(head.tree);
    for (const raw of body["actions"] as Action[]) {
      const action = raw.action;
      const path = typeof raw.file_path === "string" ? raw.file_path : undefined;
      if (path === undefined) return reply.code(400).send({ error: "actions[file_path] is missing" });
      if (action !== "create" && action !== "update" && action !== "delete")
        return reply.code(400).send({ error: "actions[action] does not have a valid value" });
      const existing = tree.get(path);
      // lib/gitlab/git/… answers these as "A file with this name already exists" / "… doesn't exist".
      if (action === "create" && existing)
        return reply.code(400).send({ message: "A file with this name already exists" });
      if (action !== "create" && !existing)
        return reply.code(400).send({ message: "A file with this name doesn't exist" });
      if (typeof raw.last_commit_id === "string" && raw.last_commit_id !== head.sha)
        return reply.code(400).send({ message: `The file has changed since you started editing it: ${path}` });
      if (action === "delete") {
        tree.delete(path);
        continue;
      }
      const text = typeof raw.content === "string" ? raw.content : "";
      const content = raw.encoding === "base64" ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
      tree.set(path, { content, sha: blobSha(content) });
    }
    const commit = deps.git.store.commitOn(view, branch, {
      message: String(body["commit_message"]),
      tree,
      authorLogin: caller.user.username,
      date: isoNow(deps),
    });
    return reply.code(201).send({
      ...commitBody(project, commit, deps.webBase(req), caller.user),
      stats: { additions: 0, deletions: 0, total: 0 },
      status: null,
      project_id: project.id,
      last_pipeline: null,
    });
  });
}
