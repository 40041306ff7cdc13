// Issue comments (a pull request's conversation is its issue's), as GitHub's REST docs define them
// (https://docs.github.com/en/rest/issues/comments): list, create, update. The review report keeps one
// comment per pull request (scripts/report/sticky-comment.ts) through these three routes.
// No issues or pull requests are seeded: any number of a repository the caller can see has a
// conversation (UNVERIFIED leniency: GitHub answers 404 for a number without an issue).
import type { components } from "@octokit/openapi-types";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { basicError, simpleUser, type Origins } from "./bodies";
import { canSeeRepository, type Repository, type Token, type User } from "./state";

type Schemas = components["schemas"];

/**
 * GitHub refuses a comment body longer than 65,536 characters with 422 "body is too long (maximum is
 * 65536 characters)" (UNVERIFIED: the REST reference does not state the limit; it is GitHub's
 * answer as widely reported, e.g. https://github.com/orgs/community/discussions/41331).
 */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

interface StoredComment {
  id: number;
  repository: Repository;
  issueNumber: number;
  body: string;
  author: User;
  createdAt: string;
  updatedAt: string;
}

/** The comments of every conversation; cleared by every seed. */
export class IssueComments {
  private readonly byIssue = new Map<string, StoredComment[]>();
  private readonly byId = new Map<number, StoredComment>();
  private nextId = 1_000_001;

  clear(): void {
    this.byIssue.clear();
    this.byId.clear();
  }

  list(repository: Repository, issueNumber: number): StoredComment[] {
    return this.byIssue.get(key(repository, issueNumber)) ?? [];
  }

  add(repository: Repository, issueNumber: number, author: User, body: string, at: string): StoredComment {
    const comment = { id: this.nextId++, repository, issueNumber, body, author, createdAt: at, updatedAt: at };
    const k = key(repository, issueNumber);
    this.byIssue.set(k, [...(this.byIssue.get(k) ?? []), comment]);
    this.byId.set(comment.id, comment);
    return comment;
  }

  find(repository: Repository, id: number): StoredComment | undefined {
    const comment = this.byId.get(id);
    return comment && comment.repository === repository ? comment : undefined;
  }
}

function key(repository: Repository, issueNumber: number): string {
  return `${repository.id}#${issueNumber}`;
}

export function issueCommentBody(c: StoredComment, o: Origins): Schemas["issue-comment"] {
  const repo = `${c.repository.owner.login}/${c.repository.name}`;
  return {
    id: c.id,
    node_id: `IC_${Buffer.from(`IssueComment${c.id}`).toString("base64url")}`,
    url: `${o.api}/repos/${repo}/issues/comments/${c.id}`,
    html_url: `${o.web}/${repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${o.api}/repos/${repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: simpleUser(c.author, o),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.repository.owner.members.has(c.author.login.toLowerCase()) ? "MEMBER" : "NONE",
  };
}

/** What a handler answers; the emulator's pipeline adds GitHub's headers and rate limiting. */
export interface CommentOutcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface CommentRouteDeps {
  comments: IssueComments;
  /** Runs the handler inside the emulator's request pipeline (authentication, headers, limits). */
  serve(
    req: FastifyRequest,
    reply: FastifyReply,
    handler: (ctx: { token: Token | undefined; origins: Origins }) => CommentOutcome,
  ): Promise<FastifyReply>;
  repository(owner: string, name: string): Repository | undefined;
  now(): number;
}

const DOCS = "rest/issues/comments";
const notFound = (): CommentOutcome => ({ status: 404, body: basicError("Not Found", 404, DOCS) });

function validationFailed(message: string): CommentOutcome {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource: "IssueComment", code: "custom", field: "body", message }],
      documentation_url: `https://docs.github.com/${DOCS}`,
      status: "422",
    },
  };
}

/** A body GitHub accepts, or the 422 it answers. */
function checkBody(raw: unknown): string | CommentOutcome {
  const body = (raw as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string") return validationFailed("body wasn't supplied.");
  if (body.length > GITHUB_COMMENT_MAX_CHARS)
    return validationFailed(`body is too long (maximum is ${GITHUB_COMMENT_MAX_CHARS} characters)`);
  return body;
}

function page(query: Record<string, string | undefined>): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query["per_page"] ?? "30", 10) || 30));
  return { perPage, page: Math.max(1, Number.parseInt(query["page"] ?? "1", 10) || 1) };
}

/** Page-number Link header, as GitHub writes it for this listing (rel next / last / first / prev). */
function link(url: string, current: number, last: number, perPage: number): string | undefined {
  if (last <= 1) return undefined;
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return u.toString();
  };
  const parts: string[] = [];
  if (current > 1) parts.push(`<${at(current - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  if (current < last) parts.push(`<${at(current + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  return parts.join(", ");
}

export function registerIssueCommentRoutes(api: FastifyInstance, deps: CommentRouteDeps): void {
  type IssueParams = { owner: string; repo: string; issue_number: string };
  const visible = (token: Token | undefined, owner: string, name: string) => {
    const repo = deps.repository(owner, name);
    return repo && canSeeRepository(token, repo) ? repo : undefined;
  };
  const issueNumber = (raw: string) => (/^[1-9]\d*$/.test(raw) ? Number(raw) : undefined);

  api.get<{ Params: IssueParams }>("/repos/:owner/:repo/issues/:issue_number/comments", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      const repo = visible(ctx.token, req.params.owner, req.params.repo);
      const n = issueNumber(req.params.issue_number);
      if (!repo || n === undefined) return notFound();
      const all = deps.comments.list(repo, n);
      const { perPage, page: current } = page(req.query as Record<string, string | undefined>);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const header = link(`${ctx.origins.web}${req.url}`, current, last, perPage);
      return {
        status: 200,
        body: all.slice((current - 1) * perPage, current * perPage).map((c) => issueCommentBody(c, ctx.origins)),
        ...(header ? { headers: { link: header } } : {}),
      };
    }),
  );

  api.post<{ Params: IssueParams }>("/repos/:owner/:repo/issues/:issue_number/comments", (req, reply) =>
    deps.serve(req, reply, (ctx) => {
      if (!ctx.token) return { status: 401, body: basicError("Requires authentication", 401, DOCS) };
      const repo = visible(ctx.token, req.params.owner, req.params.repo);
      const n = issueNumber(req.params.issue_number);
      if (!repo || n === undefined) return notFound();
      const body = checkBody(req.body);
      if (typeof body !== "string") return body;
      const comment = deps.comments.add(repo, n, ctx.token.owner, body, new Date(deps.now()).toISOString());
      return { status: 201, body: issueCommentBody(comment, ctx.origins) };
    }),
  );

  api.patch<{ Params: { owner: string; repo: string; comment_id: string } }>(
    "/repos/:owner/:repo/issues/comments/:comment_id",
    (req, reply) =>
      deps.serve(req, reply, (ctx) => {
        if (!ctx.token) return { status: 401, body: basicError("Requires authentication", 401, DOCS) };
        const repo = visible(ctx.token, req.params.owner, req.params.repo);
        const comment =
          repo && /^\d+$/.test(req.params.comment_id)
            ? deps.comments.find(repo, Number(req.params.comment_id))
            : undefined;
        if (!comment) return notFound();
        // Only the author edits here (UNVERIFIED simplification: GitHub also lets maintainers edit
        // others' comments; the report never edits a comment it did not write).
        if (comment.author.id !== ctx.token.owner.id)
          return { status: 403, body: basicError("You cannot edit this comment", 403, DOCS) };
        const body = checkBody(req.body);
        if (typeof body !== "string") return body;
        comment.body = body;
        comment.updatedAt = new Date(deps.now()).toISOString();
        return { status: 200, body: issueCommentBody(comment, ctx.origins) };
      }),
  );
}
