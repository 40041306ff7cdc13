// Git references and repository contents, after GitHub's REST docs:
// - GET /repos/{owner}/{repo}/git/ref/{ref}, POST /repos/{owner}/{repo}/git/refs
//   (https://docs.github.com/en/rest/git/refs; OpenAPI `git/get-ref`, `git/create-ref`);
// - GET and PUT /repos/{owner}/{repo}/contents/{path}
//   (https://docs.github.com/en/rest/repos/contents; OpenAPI `repos/get-content`, `repos/create-or-update-file-contents`).
import type { components } from "@octokit/openapi-types";
import type { FastifyInstance } from "fastify";
import { basicError, type Origins } from "./bodies";
import { blobSha, type GitStore, type StoredCommit, type StoredFile } from "../git-store";
import type { Repository } from "./state";
import {
  fullName,
  isOutcome,
  lacksWorkflowScope,
  notFound,
  readableRepository,
  validationFailed,
  writableRepository,
  type RepositoryRouteDeps,
  type RouteOutcome,
} from "./write-access";

type Schemas = components["schemas"];

const REFS_DOCS = "rest/git/refs";
const CONTENTS_DOCS = "rest/repos/contents";

export interface GitRouteDeps extends RepositoryRouteDeps {
  git: GitStore;
}

function nodeId(kind: string, text: string): string {
  return Buffer.from(`${kind}_${text}`).toString("base64").replace(/=+$/, "");
}

export function gitRefBody(repo: Repository, ref: string, sha: string, o: Origins): Schemas["git-ref"] {
  const api = `${o.api}/repos/${fullName(repo)}`;
  return {
    ref,
    node_id: nodeId("REF", `${repo.id}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

/** GitHub sends base64 content wrapped at 60 characters, each line ending in "\n". */
function wrappedBase64(content: Buffer): string {
  const text = content.toString("base64");
  return text.length === 0 ? "" : `${text.match(/.{1,60}/g)!.join("\n")}\n`;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function fileLinks(repo: Repository, path: string, sha: string, ref: string, o: Origins) {
  const api = `${o.api}/repos/${fullName(repo)}`;
  const self = `${api}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/blobs/${sha}`;
  const html = `${o.web}/${fullName(repo)}/blob/${encodeURIComponent(ref)}/${encodePath(path)}`;
  return {
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${o.web}/${fullName(repo)}/raw/${encodeURIComponent(ref)}/${encodePath(path)}`,
    _links: { self, git, html },
  };
}

export function contentFileBody(
  repo: Repository,
  path: string,
  file: StoredFile,
  ref: string,
  o: Origins,
): Schemas["content-file"] {
  return {
    type: "file",
    encoding: "base64",
    size: file.content.length,
    name: path.split("/").pop() ?? path,
    path,
    content: wrappedBase64(file.content),
    sha: file.sha,
    ...fileLinks(repo, path, file.sha, ref, o),
  };
}

/** A directory listing: the files and sub-directories directly under `dir`. */
function directoryBody(
  repo: Repository,
  dir: string,
  commit: StoredCommit,
  ref: string,
  o: Origins,
): unknown[] | undefined {
  const prefix = dir === "" ? "" : `${dir}/`;
  const entries = new Map<string, { type: "file" | "dir"; file?: StoredFile }>();
  for (const [path, file] of commit.tree) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) entries.set(rest, { type: "file", file });
    else if (!entries.has(rest.slice(0, slash))) entries.set(rest.slice(0, slash), { type: "dir" });
  }
  if (entries.size === 0 && dir !== "") return undefined;
  return [...entries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, entry]) => {
      const path = `${prefix}${name}`;
      // A directory's tree sha is a stand-in (the emulator keeps no tree objects).
      const sha = entry.file?.sha ?? blobSha(Buffer.from(`tree:${path}`));
      return {
        type: entry.type,
        size: entry.file?.content.length ?? 0,
        name,
        path,
        sha,
        ...fileLinks(repo, path, sha, ref, o),
        ...(entry.type === "dir" ? { download_url: null } : {}),
      };
    });
}

/** A ref as GET /contents takes it: a branch name, `heads/<branch>`, `refs/heads/<branch>` or a commit sha. */
function resolveRef(deps: GitRouteDeps, repo: Repository, ref: string): StoredCommit | undefined {
  const branch = ref.replace(/^refs\//, "").replace(/^heads\//, "");
  return deps.git.head(repo, branch) ?? (/^[0-9a-f]{40}$/.test(ref) ? deps.git.commit(repo, ref) : undefined);
}

function commitBody(repo: Repository, commit: StoredCommit, o: Origins) {
  const api = `${o.api}/repos/${fullName(repo)}`;
  const who = {
    name: commit.authorLogin ?? "Emulator",
    email: `${commit.authorLogin ?? "emulator"}@users.noreply.github.com`,
    date: commit.date,
  };
  return {
    sha: commit.sha,
    node_id: nodeId("C", commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${o.web}/${fullName(repo)}/commit/${commit.sha}`,
    author: who,
    committer: who,
    message: commit.message,
    tree: { url: `${api}/git/trees/${commit.sha}`, sha: commit.sha },
    parents: commit.parents.map((sha) => ({
      url: `${api}/git/commits/${sha}`,
      html_url: `${o.web}/${fullName(repo)}/commit/${sha}`,
      sha,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function registerGitRoutes(api: FastifyInstance, deps: GitRouteDeps): void {
  type RepoParams = { owner: string; repo: string };

  api.get<{ Params: RepoParams & { "*": string } }>("/repos/:owner/:repo/git/ref/*", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const repo = readableRepository(deps, ctx, req.params.owner, req.params.repo, REFS_DOCS);
      if (isOutcome(repo)) return repo;
      const ref = req.params["*"];
      // Branch refs only: the emulator keeps no tags.
      const branch = /^heads\/(.+)$/.exec(ref)?.[1];
      const head = branch === undefined ? undefined : deps.git.head(repo, branch);
      if (!head) return notFound(`${REFS_DOCS}#get-a-reference`);
      return { status: 200, body: gitRefBody(repo, `refs/${ref}`, head.sha, ctx.origins) };
    }),
  );

  api.post<{ Params: RepoParams }>("/repos/:owner/:repo/git/refs", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const docs = `${REFS_DOCS}#create-a-reference`;
      const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
      if (isOutcome(repo)) return repo;
      const body = (req.body ?? {}) as { ref?: unknown; sha?: unknown };
      if (typeof body.ref !== "string" || typeof body.sha !== "string") {
        const field = typeof body.ref !== "string" ? "ref" : "sha";
        return validationFailed(docs, [{ resource: "Reference", field, code: "missing_field" }], "Invalid request.");
      }
      // "If it doesn't start with 'refs' and have at least two slashes, it will be rejected." (docs)
      if (!/^refs\/[^/]+\/.+/.test(body.ref))
        return { status: 422, body: basicError("Reference name is not valid", 422, docs) };
      const branch = /^refs\/heads\/(.+)$/.exec(body.ref)?.[1];
      // Only branches: the emulator keeps no tags or other namespaces (UNVERIFIED simplification).
      if (branch === undefined) return { status: 422, body: basicError("Reference name is not valid", 422, docs) };
      if (!deps.git.commit(repo, body.sha))
        return { status: 422, body: basicError("Object does not exist", 422, docs) };
      if (!deps.git.createBranch(repo, branch, body.sha))
        return { status: 422, body: basicError("Reference already exists", 422, docs) };
      const ref = gitRefBody(repo, body.ref, body.sha, ctx.origins);
      return { status: 201, body: ref, headers: { location: ref.url } };
    }),
  );

  api.get<{ Params: RepoParams & { "*": string }; Querystring: { ref?: string } }>(
    "/repos/:owner/:repo/contents/*",
    (req, reply) =>
      deps.serve(req, reply, (ctx) => {
        const docs = `${CONTENTS_DOCS}#get-repository-content`;
        const repo = readableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
        if (isOutcome(repo)) return repo;
        const path = normalizePath(req.params["*"]);
        const ref = req.query.ref ?? repo.defaultBranch;
        const commit = resolveRef(deps, repo, ref);
        if (!commit) return { status: 404, body: basicError(`No commit found for the ref ${ref}`, 404, docs) };
        const file = commit.tree.get(path);
        if (file) return { status: 200, body: contentFileBody(repo, path, file, ref, ctx.origins) };
        const listing = directoryBody(repo, path, commit, ref, ctx.origins);
        return listing ? { status: 200, body: listing } : notFound(docs);
      }),
  );

  api.put<{ Params: RepoParams & { "*": string } }>("/repos/:owner/:repo/contents/*", (req, reply) =>
    deps.serve(req, reply, (ctx) => putContents(deps, ctx, req.params, req.body)),
  );
}

/** The `{path}` parameter as one repository path (clients send it with or without `%2F`). */
function normalizePath(raw: string): string {
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // Fastify decoded it already.
  }
  return path.replace(/^\/+|\/+$/g, "");
}

function putContents(
  deps: GitRouteDeps,
  ctx: Parameters<Parameters<GitRouteDeps["serve"]>[2]>[0],
  params: { owner: string; repo: string; "*": string },
  rawBody: unknown,
): RouteOutcome {
  const docs = `${CONTENTS_DOCS}#create-or-update-file-contents`;
  const repo = writableRepository(deps, ctx, params.owner, params.repo, docs);
  if (isOutcome(repo)) return repo;
  const token = ctx.token!;
  const path = normalizePath(params["*"]);
  if (lacksWorkflowScope(token, path)) return notFound(docs);
  const body = (rawBody ?? {}) as { message?: unknown; content?: unknown; sha?: unknown; branch?: unknown };
  if (typeof body.message !== "string" || typeof body.content !== "string") {
    const field = typeof body.message !== "string" ? "message" : "content";
    return validationFailed(
      docs,
      [{ resource: "Content", field, code: "missing_field" }],
      `Invalid request.\n\n"${field}" wasn't supplied.`,
    );
  }
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(body.content))
    return validationFailed(
      docs,
      [{ resource: "Content", field: "content", code: "invalid" }],
      "content is not valid Base64",
    );
  const branch = typeof body.branch === "string" ? body.branch : repo.defaultBranch;
  const head = deps.git.head(repo, branch);
  if (!head) return { status: 404, body: basicError(`Branch ${branch} not found`, 404, docs) };
  const existing = head.tree.get(path);
  if (existing) {
    if (body.sha === undefined) return validationFailed(docs, [], `Invalid request.\n\n"sha" wasn't supplied.`);
    // GitHub answers a stale or wrong blob sha with 409 "<path> does not match <sha>" (the docs list
    // 409 Conflict for this operation; the message text is UNVERIFIED).
    if (body.sha !== existing.sha)
      return {
        status: 409,
        body: basicError(`${path} does not match ${JSON.stringify(body.sha).replace(/^"|"$/g, "")}`, 409, docs),
      };
  }
  const content = Buffer.from(body.content, "base64");
  const file: StoredFile = { content, sha: blobSha(content) };
  const tree = new Map(head.tree);
  tree.set(path, file);
  const commit = deps.git.commitOn(repo, branch, {
    message: body.message,
    tree,
    authorLogin: token.owner.login,
    date: new Date(deps.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  const links = fileLinks(repo, path, file.sha, branch, ctx.origins);
  const result: Schemas["file-commit"] = {
    content: { name: path.split("/").pop() ?? path, path, sha: file.sha, size: content.length, type: "file", ...links },
    commit: commitBody(repo, commit, ctx.origins),
  };
  return { status: existing ? 200 : 201, body: result };
}
