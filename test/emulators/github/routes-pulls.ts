// Pull requests, after GitHub's REST docs (https://docs.github.com/en/rest/pulls/pulls): list
// (`pulls/list`: state, head=owner:branch, base, sort, direction, page-number Link pagination),
// create (`pulls/create`: 201 + Location; 422 when one is already open for head and base, or when the
// branches do not exist or have nothing between them), get (`pulls/get`), update (`pulls/update`:
// title, body, base, state open / closed). Merging happens through the control API (`PullRequests.merge`),
// as a person would do it on GitHub; closing either there or through `pulls/update`.
import type { components } from "@octokit/openapi-types";
import type { FastifyInstance } from "fastify";
import { fullRepository, simpleUser, type Origins } from "./bodies";
import type { GitStore } from "../git-store";
import type { Repository, User } from "./state";
import {
  fullName,
  isOutcome,
  notFound,
  readableRepository,
  validationFailed,
  writableRepository,
  type RepositoryRouteDeps,
  type RouteContext,
  type RouteOutcome,
} from "./write-access";

type Schemas = components["schemas"];

const DOCS = "rest/pulls/pulls";

export interface StoredPull {
  repository: Repository;
  number: number;
  id: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  /** The head branch's commit when the pull request was opened (updated as the branch moves while open). */
  headSha: string;
  baseSha: string;
  draft: boolean;
  user: User;
  state: "open" | "closed";
  mergedAt: string | null;
  closedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: User | null;
  createdAt: string;
  updatedAt: string;
}

/** The pull requests of every repository; cleared by every seed. */
export class PullRequests {
  private readonly byRepo = new Map<number, StoredPull[]>();
  private nextId = 2_000_001;

  constructor(private readonly git: GitStore) {}

  clear(): void {
    this.byRepo.clear();
  }

  list(repo: Repository): StoredPull[] {
    const pulls = this.byRepo.get(repo.id) ?? [];
    // An open pull request follows its head branch.
    for (const p of pulls) if (p.state === "open") p.headSha = this.git.head(repo, p.head)?.sha ?? p.headSha;
    return pulls;
  }

  get(repo: Repository, number: number): StoredPull | undefined {
    return this.list(repo).find((p) => p.number === number);
  }

  add(pull: Omit<StoredPull, "number" | "id">): StoredPull {
    const pulls = this.byRepo.get(pull.repository.id) ?? [];
    const stored = { ...pull, number: pulls.length + 1, id: this.nextId++ };
    pulls.push(stored);
    this.byRepo.set(pull.repository.id, pulls);
    return stored;
  }

  /**
   * Merges an open pull request as GitHub's merge button does (a merge commit on the base branch whose
   * tree is the base's with the head's files laid over it); undefined when it is not open.
   */
  merge(repo: Repository, number: number, by: User, at: string): StoredPull | undefined {
    const pull = this.get(repo, number);
    if (!pull || pull.state !== "open") return undefined;
    const head = this.git.head(repo, pull.head);
    const base = this.git.head(repo, pull.base);
    if (!head || !base) return undefined;
    const tree = new Map(base.tree);
    for (const [path, file] of head.tree) tree.set(path, file);
    const commit = this.git.commitOn(repo, pull.base, {
      message: `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.head}\n\n${pull.title}`,
      tree,
      authorLogin: by.login,
      date: at,
      parents: [base.sha, head.sha],
    });
    Object.assign(pull, {
      state: "closed",
      mergedAt: at,
      closedAt: at,
      updatedAt: at,
      mergeCommitSha: commit.sha,
      mergedBy: by,
      headSha: head.sha,
    });
    return pull;
  }

  /** Closes an open pull request without merging it; undefined when it is not open. */
  close(repo: Repository, number: number, at: string): StoredPull | undefined {
    const pull = this.get(repo, number);
    if (!pull || pull.state !== "open") return undefined;
    Object.assign(pull, { state: "closed", closedAt: at, updatedAt: at });
    return pull;
  }

  /**
   * Reopens a pull request closed without merge; why not otherwise (GitHub answers each with 422:
   * https://docs.github.com/en/rest/pulls/pulls#update-a-pull-request lists 422 without saying when).
   */
  reopen(
    repo: Repository,
    number: number,
    at: string,
  ): StoredPull | "merged" | "headDeleted" | "duplicate" | undefined {
    const pull = this.get(repo, number);
    if (!pull) return undefined;
    if (pull.state === "open") return pull;
    if (pull.mergedAt !== null) return "merged";
    if (!this.git.head(repo, pull.head)) return "headDeleted";
    if (this.list(repo).some((p) => p.state === "open" && p.head === pull.head && p.base === pull.base))
      return "duplicate";
    Object.assign(pull, { state: "open", closedAt: null, updatedAt: at });
    return pull;
  }

  dump(): unknown[] {
    return [...this.byRepo.values()].flat().map((p) => ({
      repository: fullName(p.repository),
      number: p.number,
      title: p.title,
      body: p.body,
      head: p.head,
      base: p.base,
      state: p.state,
      merged: p.mergedAt !== null,
      merged_at: p.mergedAt,
      closed_at: p.closedAt,
    }));
  }
}

function branchEnd(pull: StoredPull, branch: string, sha: string, o: Origins) {
  const repo = pull.repository;
  const owner = simpleUser({ login: repo.owner.login, id: repo.owner.id, type: "Organization" }, o);
  return {
    label: `${repo.owner.login}:${branch}`,
    ref: branch,
    sha,
    user: owner,
    repo: repositoryBody(repo, o),
  };
}

/** `repository` (the head and base repositories): the full repository without the caller-specific clone token. */
function repositoryBody(repo: Repository, o: Origins): Schemas["repository"] {
  const { temp_clone_token: _unused, ...full } = fullRepository(repo, o);
  return { ...full, has_downloads: true };
}

export function pullRequestSimpleBody(p: StoredPull, o: Origins): Schemas["pull-request-simple"] {
  const repo = `${p.repository.owner.login}/${p.repository.name}`;
  const api = `${o.api}/repos/${repo}`;
  const html = `${o.web}/${repo}/pull/${p.number}`;
  const link = (href: string) => ({ href });
  return {
    url: `${api}/pulls/${p.number}`,
    id: p.id,
    node_id: Buffer.from(`PR_${p.id}`).toString("base64url"),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${p.number}`,
    commits_url: `${api}/pulls/${p.number}/commits`,
    review_comments_url: `${api}/pulls/${p.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    statuses_url: `${api}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: simpleUser(p.user, o),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchEnd(p, p.head, p.headSha, o),
    base: branchEnd(p, p.base, p.baseSha, o),
    _links: {
      self: link(`${api}/pulls/${p.number}`),
      html: link(html),
      issue: link(`${api}/issues/${p.number}`),
      comments: link(`${api}/issues/${p.number}/comments`),
      review_comments: link(`${api}/pulls/${p.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${p.number}/commits`),
      statuses: link(`${api}/statuses/${p.headSha}`),
    },
    author_association: p.repository.owner.members.has(p.user.login.toLowerCase()) ? "MEMBER" : "NONE",
    auto_merge: null,
    draft: p.draft,
  };
}

export function pullRequestBody(p: StoredPull, o: Origins): Schemas["pull-request"] {
  return {
    ...pullRequestSimpleBody(p, o),
    state: p.state,
    user: simpleUser(p.user, o),
    head: branchEnd(p, p.head, p.headSha, o),
    base: branchEnd(p, p.base, p.baseSha, o),
    merged: p.mergedAt !== null,
    mergeable: p.state === "open" ? true : null,
    rebaseable: p.state === "open" ? true : null,
    mergeable_state: p.state === "open" ? "clean" : "unknown",
    merged_by: p.mergedBy ? simpleUser(p.mergedBy, o) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 1,
  };
}

export interface PullRouteDeps extends RepositoryRouteDeps {
  git: GitStore;
  pulls: PullRequests;
}

/** `owner:branch` or `branch` (same-repository pull requests only: the emulator has no forks). */
function headBranch(repo: Repository, head: string): string | undefined {
  const colon = head.indexOf(":");
  if (colon === -1) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.login.toLowerCase() ? head.slice(colon + 1) : undefined;
}

export function registerPullRoutes(api: FastifyInstance, deps: PullRouteDeps): void {
  type RepoParams = { owner: string; repo: string };
  type ListQuery = {
    state?: string;
    head?: string;
    base?: string;
    sort?: string;
    direction?: string;
    per_page?: string;
    page?: string;
  };

  api.get<{ Params: RepoParams; Querystring: ListQuery }>("/repos/:owner/:repo/pulls", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const docs = `${DOCS}#list-pull-requests`;
      const repo = readableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
      if (isOutcome(repo)) return repo;
      const q = req.query;
      const state = q.state ?? "open";
      const sort = q.sort ?? "created";
      const direction = q.direction ?? (sort === "popularity" || sort === "long-running" ? "desc" : "desc");
      if (
        !["open", "closed", "all"].includes(state) ||
        !["created", "updated", "popularity", "long-running"].includes(sort) ||
        !["asc", "desc"].includes(direction)
      ) {
        const field = !["open", "closed", "all"].includes(state)
          ? "state"
          : !["asc", "desc"].includes(direction)
            ? "direction"
            : "sort";
        return validationFailed(docs, [{ resource: "PullRequest", field, code: "invalid" }]);
      }
      // `head` filters by "user:ref-name"; a head without the user part matches nothing (UNVERIFIED:
      // the docs give only the qualified form).
      const head = q.head === undefined ? undefined : q.head.includes(":") ? (headBranch(repo, q.head) ?? "\0") : "\0";
      let pulls = deps.pulls
        .list(repo)
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => head === undefined || p.head === head)
        .filter((p) => q.base === undefined || p.base === q.base);
      const key = (p: (typeof pulls)[number]) => (sort === "updated" ? p.updatedAt : p.createdAt);
      pulls = [...pulls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number));
      if (direction === "desc") pulls.reverse();
      const perPage = Math.min(100, Math.max(1, Number.parseInt(q.per_page ?? "30", 10) || 30));
      const page = Math.max(1, Number.parseInt(q.page ?? "1", 10) || 1);
      const last = Math.max(1, Math.ceil(pulls.length / perPage));
      const link = pageLinks(`${ctx.origins.api}/repos/${fullName(repo)}/pulls`, req.query, page, last);
      return {
        status: 200,
        body: pulls.slice((page - 1) * perPage, page * perPage).map((p) => pullRequestSimpleBody(p, ctx.origins)),
        ...(link ? { headers: { link } } : {}),
      };
    }),
  );

  api.post<{ Params: RepoParams }>("/repos/:owner/:repo/pulls", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const docs = `${DOCS}#create-a-pull-request`;
      const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
      if (isOutcome(repo)) return repo;
      const body = (req.body ?? {}) as {
        title?: unknown;
        head?: unknown;
        base?: unknown;
        body?: unknown;
        draft?: unknown;
      };
      for (const field of ["head", "base"] as const) {
        if (typeof body[field] !== "string")
          return validationFailed(docs, [{ resource: "PullRequest", field, code: "missing_field" }]);
      }
      if (typeof body.title !== "string" || body.title === "")
        return validationFailed(docs, [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
      const branch = headBranch(repo, body.head as string);
      const head = branch === undefined ? undefined : deps.git.head(repo, branch);
      if (!head) return validationFailed(docs, [{ resource: "PullRequest", field: "head", code: "invalid" }]);
      const base = deps.git.head(repo, body.base as string);
      if (!base) return validationFailed(docs, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
      const open = deps.pulls.list(repo).find((p) => p.state === "open" && p.head === branch && p.base === body.base);
      if (open) {
        return validationFailed(docs, [
          {
            resource: "PullRequest",
            code: "custom",
            message: `A pull request already exists for ${repo.owner.login}:${branch}.`,
          },
        ]);
      }
      if (head.sha === base.sha) {
        return validationFailed(docs, [
          { resource: "PullRequest", code: "custom", message: `No commits between ${String(body.base)} and ${branch}` },
        ]);
      }
      const at = new Date(deps.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
      const pull = deps.pulls.add({
        repository: repo,
        title: body.title,
        body: typeof body.body === "string" ? body.body : null,
        head: branch!,
        base: body.base as string,
        headSha: head.sha,
        baseSha: base.sha,
        draft: body.draft === true,
        user: ctx.token!.owner,
        state: "open",
        mergedAt: null,
        closedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        createdAt: at,
        updatedAt: at,
      });
      const result = pullRequestBody(pull, ctx.origins);
      return { status: 201, body: result, headers: { location: result.url } };
    }),
  );

  api.get<{ Params: RepoParams & { pull_number: string } }>("/repos/:owner/:repo/pulls/:pull_number", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const docs = `${DOCS}#get-a-pull-request`;
      const repo = readableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
      if (isOutcome(repo)) return repo;
      const n = /^[1-9]\d*$/.test(req.params.pull_number) ? Number(req.params.pull_number) : undefined;
      const pull = n === undefined ? undefined : deps.pulls.get(repo, n);
      if (!pull) return notFound(docs);
      return { status: 200, body: pullRequestBody(pull, ctx.origins) };
    }),
  );

  api.patch<{ Params: RepoParams & { pull_number: string } }>("/repos/:owner/:repo/pulls/:pull_number", (req, reply) =>
    deps.serve(req, reply, (ctx) => updatePull(deps, ctx, req.params, (req.body ?? {}) as Record<string, unknown>)),
  );
}

/**
 * `pulls/update` (https://docs.github.com/en/rest/pulls/pulls#update-a-pull-request): title, body,
 * state (`open` / `closed`), base (a branch of the same repository); 200 with the pull request.
 */
function updatePull(
  deps: PullRouteDeps,
  ctx: RouteContext,
  params: { owner: string; repo: string; pull_number: string },
  body: Record<string, unknown>,
): RouteOutcome {
  const docs = `${DOCS}#update-a-pull-request`;
  const repo = writableRepository(deps, ctx, params.owner, params.repo, docs);
  if (isOutcome(repo)) return repo;
  const n = /^[1-9]\d*$/.test(params.pull_number) ? Number(params.pull_number) : undefined;
  const pull = n === undefined ? undefined : deps.pulls.get(repo, n);
  if (!pull) return notFound(docs);
  const invalid = (field: string) => validationFailed(docs, [{ resource: "PullRequest", field, code: "invalid" }]);
  const { title, state, base } = body;
  if (title !== undefined && (typeof title !== "string" || title === "")) return invalid("title");
  if (body.body !== undefined && body.body !== null && typeof body.body !== "string") return invalid("body");
  if (state !== undefined && state !== "open" && state !== "closed") return invalid("state");
  if (base !== undefined && (typeof base !== "string" || !deps.git.head(repo, base))) return invalid("base");
  const at = new Date(deps.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  if (state === "open" && pull.state === "closed") {
    const reopened = deps.pulls.reopen(repo, pull.number, at);
    // The 422 answers' wording is not documented (UNVERIFIED); a merged pull request cannot be
    // reopened, nor one whose head branch is gone, nor one while another is open for its head and base.
    const why =
      reopened === "merged"
        ? "state cannot be changed. The pull request has been merged."
        : reopened === "headDeleted"
          ? `state cannot be changed. The ${pull.head} branch has been deleted.`
          : reopened === "duplicate"
            ? `A pull request already exists for ${repo.owner.login}:${pull.head}.`
            : undefined;
    if (why) return validationFailed(docs, [{ resource: "PullRequest", field: "state", code: "custom", message: why }]);
  }
  // Closing a pull request that is closed already (merged or not) changes nothing and is answered with
  // it as it is (UNVERIFIED: the docs do not say; a merged pull request's state is `closed` already).
  if (state === "closed" && pull.state === "open") deps.pulls.close(repo, pull.number, at);
  const edits = {
    ...(typeof title === "string" ? { title } : {}),
    ...(typeof body.body === "string" || body.body === null ? { body: body.body } : {}),
    ...(typeof base === "string" && pull.state === "open" ? { base, baseSha: deps.git.head(repo, base)!.sha } : {}),
  };
  if (Object.keys(edits).length > 0) Object.assign(pull, edits, { updatedAt: at });
  return { status: 200, body: pullRequestBody(pull, ctx.origins) };
}

/** Page-number Link header (rel prev / first / next / last), the request's query kept. */
function pageLinks(
  base: string,
  query: Record<string, string | undefined>,
  page: number,
  last: number,
): string | undefined {
  if (last <= 1 && page <= 1) return undefined;
  const at = (n: number) => {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    q.set("page", String(n));
    return `<${base}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`, `${at(1)}; rel="first"`);
  if (page < last) parts.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}
