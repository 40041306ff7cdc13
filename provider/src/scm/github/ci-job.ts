// Onboarding a GitHub / GHES repository by CI job: read what is there (the workflow on the default
// branch, our branch, a pull request from it) and, when the plan says so, write the Actions secret,
// the branch, the workflow commit and the pull request, each step skipped when it is done already so
// that a run killed half way is finished by the next one without duplicates. REST endpoints:
// https://docs.github.com/en/rest/git/refs, https://docs.github.com/en/rest/repos/contents,
// https://docs.github.com/en/rest/pulls/pulls, https://docs.github.com/en/rest/actions/secrets.
import type { Clock } from "../../core/clock";
import type { CiRepositoryFacts, ObservedRequest } from "../../plan/ci-onboarding";
import { GITHUB_WORKFLOW_PATH, SECRET_NAME } from "../../plan/ci-onboarding-templates";
import { putGitHubActionsSecret } from "./ci-job-secret";
import { isGitHubNotFound, mapGitHubError } from "./errors";
import type { GitHubOctokitInstance } from "./octokit";

export interface GitHubCiJobContext {
  octokit: GitHubOctokitInstance;
  apiUrl: string;
  clock: Clock;
  /** The onboarding branch (onboarding.ciJob.branch). */
  branch: string;
}

export interface CiJobRepository {
  fullName: string;
  defaultBranch: string;
}

export interface CiJobChange {
  /** The CI configuration to commit (the workflow file's content). */
  content: string;
  commitMessage: string;
  title: string;
  body: string;
  /** The SEMGREP_APP_TOKEN value for the repository secret. */
  secretValue: string;
  branchExists: boolean;
}

const FIELD = "onboarding.ciJob.scmToken";

function split(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split("/") as [string, string];
  return { owner, repo };
}

function failure(ctx: GitHubCiJobContext, e: unknown, action: string) {
  return mapGitHubError(e, { apiUrl: ctx.apiUrl, action, field: FIELD, now: ctx.clock.now() });
}

interface PullJson {
  number: number;
  html_url: string;
  state: string;
  merged_at?: string | null;
}

function toRequest(pull: PullJson): ObservedRequest {
  const state = pull.state === "open" ? "open" : pull.merged_at ? "merged" : "closed";
  return { number: pull.number, url: pull.html_url, state };
}

/** Of the pull requests from one branch: the open one, else a merged one, else the latest closed. */
export function pickRequest(pulls: readonly ObservedRequest[]): ObservedRequest | undefined {
  const rank = { open: 0, merged: 1, closed: 2 } as const;
  return [...pulls].sort((a, b) => rank[a.state] - rank[b.state] || b.number - a.number)[0];
}

async function fileExists(ctx: GitHubCiJobContext, fullName: string, path: string, ref: string): Promise<boolean> {
  try {
    await ctx.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...split(fullName), path, ref });
    return true;
  } catch (e) {
    if (isGitHubNotFound(e)) return false;
    throw failure(ctx, e, `reading ${path} at ${ref} in "${fullName}"`);
  }
}

async function branchSha(ctx: GitHubCiJobContext, fullName: string, branch: string): Promise<string | undefined> {
  try {
    const ref = await ctx.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
      ...split(fullName),
      ref: `heads/${branch}`,
    });
    return ref.data.object.sha;
  } catch (e) {
    if (isGitHubNotFound(e)) return undefined;
    throw failure(ctx, e, `reading branch ${branch} of "${fullName}"`);
  }
}

async function requestsFromBranch(ctx: GitHubCiJobContext, fullName: string): Promise<ObservedRequest[]> {
  const { owner, repo } = split(fullName);
  try {
    const pulls = await ctx.octokit.paginate("GET /repos/{owner}/{repo}/pulls", {
      owner,
      repo,
      head: `${owner}:${ctx.branch}`,
      state: "all",
      per_page: 100,
    });
    return pulls.map((p) => toRequest(p as PullJson));
  } catch (e) {
    throw failure(ctx, e, `listing pull requests from ${ctx.branch} in "${fullName}"`);
  }
}

/** What GitHub shows for one repository: the workflow on the default branch, our branch, our pull request. */
export async function observeGitHubCiJob(ctx: GitHubCiJobContext, repo: CiJobRepository): Promise<CiRepositoryFacts> {
  // The request from our branch is read even when the job is on the default branch already: merged, it
  // is what this resource did (and its URL stays in the outputs), not a job someone else added.
  const request = pickRequest(await requestsFromBranch(ctx, repo.fullName));
  if (await fileExists(ctx, repo.fullName, GITHUB_WORKFLOW_PATH, repo.defaultBranch)) {
    return { fullName: repo.fullName, jobOnDefaultBranch: true, branchExists: false, ...(request ? { request } : {}) };
  }
  const branchExists =
    request?.state === "open" ? true : (await branchSha(ctx, repo.fullName, ctx.branch)) !== undefined;
  return { fullName: repo.fullName, jobOnDefaultBranch: false, branchExists, ...(request ? { request } : {}) };
}

/**
 * Secret, branch, commit, pull request, in that order: the secret first so that the job's first run
 * (on the pull request) already finds it. Every step is idempotent or looked up first.
 */
export async function onboardGitHubRepository(
  ctx: GitHubCiJobContext,
  repo: CiJobRepository,
  change: CiJobChange,
): Promise<ObservedRequest> {
  const { owner, repo: name } = split(repo.fullName);
  await putGitHubActionsSecret(ctx, repo.fullName, SECRET_NAME, change.secretValue);

  const branchReady = change.branchExists && (await branchSha(ctx, repo.fullName, ctx.branch)) !== undefined;
  if (!branchReady) {
    const base = await branchSha(ctx, repo.fullName, repo.defaultBranch);
    if (base === undefined) {
      throw failure(
        ctx,
        new Error("no default branch"),
        `reading default branch ${repo.defaultBranch} of "${repo.fullName}"`,
      );
    }
    try {
      await ctx.octokit.request("POST /repos/{owner}/{repo}/git/refs", {
        owner,
        repo: name,
        ref: `refs/heads/${ctx.branch}`,
        sha: base,
      });
    } catch (e) {
      // 422 "Reference already exists": a run whose answer was lost made it; it is used as it is.
      if (!(await branchSha(ctx, repo.fullName, ctx.branch)))
        throw failure(ctx, e, `creating branch ${ctx.branch} in "${repo.fullName}"`);
    }
  }

  if (!(await fileExists(ctx, repo.fullName, GITHUB_WORKFLOW_PATH, ctx.branch))) {
    try {
      await ctx.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
        owner,
        repo: name,
        path: GITHUB_WORKFLOW_PATH,
        message: change.commitMessage,
        content: Buffer.from(change.content, "utf8").toString("base64"),
        branch: ctx.branch,
      });
    } catch (e) {
      throw failure(ctx, e, `committing ${GITHUB_WORKFLOW_PATH} to ${ctx.branch} in "${repo.fullName}"`);
    }
  }

  try {
    const created = await ctx.octokit.request("POST /repos/{owner}/{repo}/pulls", {
      owner,
      repo: name,
      title: change.title,
      body: change.body,
      head: ctx.branch,
      base: repo.defaultBranch,
    });
    return toRequest(created.data);
  } catch (e) {
    // 422 "A pull request already exists": one from an earlier run whose answer was lost; reuse it.
    const open = (await requestsFromBranch(ctx, repo.fullName)).find((r) => r.state === "open");
    if (open) return open;
    throw failure(ctx, e, `opening a pull request from ${ctx.branch} in "${repo.fullName}"`);
  }
}

/** The pull request's state now; null when it is gone (repository deleted or no longer visible). */
export async function readGitHubRequest(
  ctx: GitHubCiJobContext,
  fullName: string,
  number: number,
): Promise<ObservedRequest | null> {
  try {
    const pull = await ctx.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...split(fullName),
      pull_number: number,
    });
    return toRequest(pull.data);
  } catch (e) {
    if (isGitHubNotFound(e)) return null;
    throw failure(ctx, e, `reading pull request #${number} of "${fullName}"`);
  }
}

/** Close an open pull request (onRemoval: closeRequest); the branch and the secret stay. */
export async function closeGitHubRequest(ctx: GitHubCiJobContext, fullName: string, number: number): Promise<void> {
  try {
    await ctx.octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...split(fullName),
      pull_number: number,
      state: "closed",
    });
  } catch (e) {
    if (isGitHubNotFound(e)) return;
    throw failure(ctx, e, `closing pull request #${number} of "${fullName}"`);
  }
}
