// Onboarding a GitLab / Self-Managed project by CI job: read what is there (a `semgrep` job in
// .gitlab-ci.yml on the default branch, our branch, a merge request from it) and, when the plan says
// so, write the masked CI/CD variable, the branch, one commit adding the job (creating the file or
// merging into it) and the merge request, each step skipped when it is done already. REST endpoints:
// https://docs.gitlab.com/api/repository_files/, https://docs.gitlab.com/api/branches/,
// https://docs.gitlab.com/api/commits/#create-a-commit-with-multiple-files-and-actions,
// https://docs.gitlab.com/api/merge_requests/, https://docs.gitlab.com/api/project_level_variables/.
import type { Clock } from "../../core/clock";
import { ScmIntegrationError } from "../../core/errors";
import type { CiRepositoryFacts, ObservedRequest } from "../../plan/ci-onboarding";
import {
  addGitLabSemgrepJob,
  GITLAB_CI_PATH,
  hasGitLabSemgrepJob,
  SECRET_NAME,
} from "../../plan/ci-onboarding-templates";
import type { ScmEndpoint } from "../types";
import type { GitLabApi } from "./ci-job-client";
import { toScmError } from "./errors";
import { GitLabResponseError } from "./requester";

export interface GitLabCiJobContext {
  api: GitLabApi;
  endpoint: ScmEndpoint;
  clock: Clock;
  branch: string;
}

export interface GitLabCiJobRepository {
  fullName: string;
  defaultBranch: string;
}

export interface GitLabCiJobChange {
  /** The `semgrep` job (YAML mapping with that one key) to add to .gitlab-ci.yml. */
  jobYaml: string;
  commitMessage: string;
  title: string;
  body: string;
  secretValue: string;
  branchExists: boolean;
}

interface MergeRequestJson {
  iid: number;
  web_url: string;
  state: string;
}

const status = (e: unknown): number | undefined =>
  e instanceof GitLabResponseError && e.isJson ? e.status : undefined;

function toRequest(mr: MergeRequestJson): ObservedRequest {
  // GitLab's states: opened, closed, locked (a transitional open state), merged.
  const state = mr.state === "merged" ? "merged" : mr.state === "closed" ? "closed" : "open";
  return { number: mr.iid, url: mr.web_url, state };
}

/** The open merge request, else a merged one, else the latest closed one. */
function pick(requests: ObservedRequest[]): ObservedRequest | undefined {
  const rank = { open: 0, merged: 1, closed: 2 } as const;
  return [...requests].sort((a, b) => rank[a.state] - rank[b.state] || b.number - a.number)[0];
}

async function readCiFile(ctx: GitLabCiJobContext, fullName: string, ref: string): Promise<string | undefined> {
  try {
    const file = (await ctx.api.RepositoryFiles.show(fullName, GITLAB_CI_PATH, ref)) as unknown as {
      content: string;
      encoding?: string;
    };
    return file.encoding === "base64" ? Buffer.from(file.content, "base64").toString("utf8") : file.content;
  } catch (e) {
    if (status(e) === 404) return undefined;
    throw toScmError(e, ctx.endpoint, `read ${GITLAB_CI_PATH} at ${ref} in "${fullName}"`);
  }
}

async function branchExists(ctx: GitLabCiJobContext, fullName: string, branch: string): Promise<boolean> {
  try {
    await ctx.api.Branches.show(fullName, branch);
    return true;
  } catch (e) {
    if (status(e) === 404) return false;
    throw toScmError(e, ctx.endpoint, `read branch ${branch} of "${fullName}"`);
  }
}

async function requestsFromBranch(ctx: GitLabCiJobContext, fullName: string): Promise<ObservedRequest[]> {
  try {
    const mrs = (await ctx.api.MergeRequests.all({
      projectId: fullName,
      sourceBranch: ctx.branch,
    })) as unknown as MergeRequestJson[];
    return mrs.map(toRequest);
  } catch (e) {
    throw toScmError(e, ctx.endpoint, `list merge requests from ${ctx.branch} in "${fullName}"`);
  }
}

export async function observeGitLabCiJob(
  ctx: GitLabCiJobContext,
  repo: GitLabCiJobRepository,
): Promise<CiRepositoryFacts> {
  // Read even when the job is on the default branch already (see observeGitHubCiJob).
  const request = pick(await requestsFromBranch(ctx, repo.fullName));
  if (hasGitLabSemgrepJob(await readCiFile(ctx, repo.fullName, repo.defaultBranch))) {
    return { fullName: repo.fullName, jobOnDefaultBranch: true, branchExists: false, ...(request ? { request } : {}) };
  }
  const exists = request?.state === "open" ? true : await branchExists(ctx, repo.fullName, ctx.branch);
  return { fullName: repo.fullName, jobOnDefaultBranch: false, branchExists: exists, ...(request ? { request } : {}) };
}

/** Create the masked variable, or update it when it exists (a retried run, a rotated token). */
export async function putGitLabCiVariable(ctx: GitLabCiJobContext, fullName: string, value: string): Promise<void> {
  // Masked, so job logs show [MASKED]; not protected, so the merge request's pipeline (an unprotected
  // branch) can read it: https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable.
  const options = { masked: true, protected: false };
  try {
    await ctx.api.ProjectVariables.create(fullName, SECRET_NAME, value, options);
  } catch (e) {
    if (status(e) !== 400)
      throw toScmError(e, ctx.endpoint, `create the CI/CD variable ${SECRET_NAME} of "${fullName}"`);
    try {
      // Gitbeaker types `filter` as required on edit; GitLab needs it only with environment scopes.
      type EditOptions = Parameters<GitLabApi["ProjectVariables"]["edit"]>[3];
      await ctx.api.ProjectVariables.edit(fullName, SECRET_NAME, value, options as EditOptions);
    } catch (edit) {
      throw toScmError(edit, ctx.endpoint, `update the CI/CD variable ${SECRET_NAME} of "${fullName}"`);
    }
  }
}

/** Variable, branch, commit, merge request; each step looked up or idempotent. */
export async function onboardGitLabProject(
  ctx: GitLabCiJobContext,
  repo: GitLabCiJobRepository,
  change: GitLabCiJobChange,
): Promise<ObservedRequest> {
  await putGitLabCiVariable(ctx, repo.fullName, change.secretValue);

  if (!(change.branchExists && (await branchExists(ctx, repo.fullName, ctx.branch)))) {
    try {
      await ctx.api.Branches.create(repo.fullName, ctx.branch, repo.defaultBranch);
    } catch (e) {
      // 400 "Branch already exists": made by a run whose answer was lost; used as it is.
      if (!(await branchExists(ctx, repo.fullName, ctx.branch))) {
        throw toScmError(e, ctx.endpoint, `create branch ${ctx.branch} in "${repo.fullName}"`);
      }
    }
  }

  const onBranch = await readCiFile(ctx, repo.fullName, ctx.branch);
  const merge = addGitLabSemgrepJob(onBranch, change.jobYaml);
  if (merge.kind === "refused") {
    throw new ScmIntegrationError("invalid-input", `${repo.fullName}: ${merge.problem}; the job was not added`, {
      field: "onboarding.ciJob.template",
      fix: `correct ${GITLAB_CI_PATH} in ${repo.fullName}, or remove the repository from the desired list`,
    });
  }
  if (merge.kind === "write") {
    try {
      await ctx.api.Commits.create(repo.fullName, ctx.branch, change.commitMessage, [
        { action: merge.created ? "create" : "update", filePath: GITLAB_CI_PATH, content: merge.content },
      ]);
    } catch (e) {
      throw toScmError(e, ctx.endpoint, `commit ${GITLAB_CI_PATH} to ${ctx.branch} in "${repo.fullName}"`);
    }
  }

  try {
    const mr = (await ctx.api.MergeRequests.create(repo.fullName, ctx.branch, repo.defaultBranch, change.title, {
      description: change.body,
    })) as unknown as MergeRequestJson;
    return toRequest(mr);
  } catch (e) {
    // 409 "Another open merge request already exists for this source branch": reuse it.
    const open = (await requestsFromBranch(ctx, repo.fullName)).find((r) => r.state === "open");
    if (open) return open;
    throw toScmError(e, ctx.endpoint, `open a merge request from ${ctx.branch} in "${repo.fullName}"`);
  }
}

export async function readGitLabRequest(
  ctx: GitLabCiJobContext,
  fullName: string,
  iid: number,
): Promise<ObservedRequest | null> {
  try {
    return toRequest(await ctx.api.MergeRequests.show(fullName, iid));
  } catch (e) {
    if (status(e) === 404) return null;
    throw toScmError(e, ctx.endpoint, `read merge request !${iid} of "${fullName}"`);
  }
}

export async function closeGitLabRequest(ctx: GitLabCiJobContext, fullName: string, iid: number): Promise<void> {
  try {
    await ctx.api.MergeRequests.edit(fullName, iid, { stateEvent: "close" });
  } catch (e) {
    if (status(e) === 404) return;
    throw toScmError(e, ctx.endpoint, `close merge request !${iid} of "${fullName}"`);
  }
}
