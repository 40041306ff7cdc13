// Keeps ONE comment per pull request (GitHub) or merge request (GitLab) up to date: the first run
// creates it, every later run edits that same comment in place. The comment is found by the hidden
// marker it starts with AND by its author: a comment someone else wrote, even one quoting the
// marker, is never taken over (editing it would put the report under their name, or fail).
// GitHub through Octokit, GitLab through Gitbeaker, both over the platforms' documented endpoints:
//   https://docs.github.com/en/rest/issues/comments (list, create, update an issue comment)
//   https://docs.gitlab.com/api/notes/#merge-requests (list, create, modify a merge request note)
import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";

/** A comment as the upsert needs it, whichever platform it lives on. */
export interface ThreadComment {
  id: number;
  body: string;
  /** GitHub login or GitLab username of its author. */
  author: string;
}

/** One conversation (a pull request's, a merge request's) the report comments on. */
export interface CommentThread {
  /** Who this client writes as (a login or username). */
  whoAmI(): Promise<string>;
  list(): Promise<ThreadComment[]>;
  create(body: string): Promise<ThreadComment>;
  update(id: number, body: string): Promise<ThreadComment>;
}

export interface UpsertResult {
  action: "created" | "updated";
  id: number;
}

/**
 * Creates the comment, or updates the one this author wrote before (the oldest, should a race have
 * made two). `author` overrides whoAmI: a GitHub Actions GITHUB_TOKEN cannot read GET /user, and
 * writes as `github-actions[bot]`.
 */
export async function upsertStickyComment(
  thread: CommentThread,
  marker: string,
  body: string,
  author?: string,
): Promise<UpsertResult> {
  if (!body.startsWith(marker)) throw new Error("the comment body must start with its marker");
  const me = (author ?? (await thread.whoAmI())).toLowerCase();
  const mine = (await thread.list()).find((c) => c.author.toLowerCase() === me && c.body.startsWith(marker));
  if (mine) {
    if (mine.body !== body) await thread.update(mine.id, body);
    return { action: "updated", id: mine.id };
  }
  return { action: "created", id: (await thread.create(body)).id };
}

export interface GitHubThreadOptions {
  /** API root: https://api.github.com, or https://<host>/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  pullNumber: number;
}

/** A pull request's conversation is its issue's: comments go through the issue-comment endpoints. */
export function gitHubThread(options: GitHubThreadOptions): CommentThread {
  const octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl.replace(/\/+$/, "") });
  const where = { owner: options.owner, repo: options.repo };
  const toComment = (c: { id: number; body?: string | undefined; user: { login: string } | null }) => ({
    id: c.id,
    body: c.body ?? "",
    author: c.user?.login ?? "",
  });
  return {
    whoAmI: async () => (await octokit.rest.users.getAuthenticated()).data.login,
    list: async () =>
      (
        await octokit.paginate(octokit.rest.issues.listComments, {
          ...where,
          issue_number: options.pullNumber,
          per_page: 100,
        })
      ).map(toComment),
    create: async (body) =>
      toComment((await octokit.rest.issues.createComment({ ...where, issue_number: options.pullNumber, body })).data),
    update: async (id, body) =>
      toComment((await octokit.rest.issues.updateComment({ ...where, comment_id: id, body })).data),
  };
}

export interface GitLabThreadOptions {
  /** API root, as GitLab CI gives it in CI_API_V4_URL: https://gitlab.example.com/api/v4. */
  apiUrl: string;
  token: string;
  /** Numeric id or full path (CI_PROJECT_ID). */
  projectId: string | number;
  mergeRequestIid: number;
}

export function gitLabThread(options: GitLabThreadOptions): CommentThread {
  const api = new Gitlab({
    host: options.apiUrl.replace(/\/+$/, "").replace(/\/api\/v4$/, ""),
    token: options.token,
    // GitLab's own 429 + Retry-After is the signal; Gitbeaker's client-side limits only guess at it.
    rateLimits: {},
  });
  const toComment = (n: { id: number; body: string; author: { username: string } }) => ({
    id: n.id,
    body: n.body,
    author: n.author.username,
  });
  return {
    whoAmI: async () => (await api.Users.showCurrentUser()).username,
    list: async () =>
      (await api.MergeRequestNotes.all(options.projectId, options.mergeRequestIid, { sort: "asc" })).map(toComment),
    create: async (body) =>
      toComment(await api.MergeRequestNotes.create(options.projectId, options.mergeRequestIid, body)),
    update: async (id, body) =>
      toComment(await api.MergeRequestNotes.edit(options.projectId, options.mergeRequestIid, id, { body })),
  };
}
