// GitLab projects as the provider's RepositoryInfo, and the lookup of one project by full path.
import { ScmIntegrationError } from "../../core/errors";
import { describeValue } from "../../core/redact";
import type { RepositoryInfo } from "../types";
import type { GitLabContext, GitLabProject } from "./context";
import { toScmError } from "./errors";
import { GitLabResponseError } from "./requester";
import { sharedString } from "../../core/shared-strings";

export function toRepositoryInfo(project: GitLabProject): RepositoryInfo {
  return {
    id: project.id,
    fullName: sharedString(project.path_with_namespace),
    defaultBranch: project.default_branch ?? null,
    // GitLab omits visibility only in `simple` listings, which we never request; private is the safe reading.
    visibility: project.visibility ?? "private",
    archived: project.archived === true,
    // `forked_from_project` is only present when the caller can see the parent project
    // (https://docs.gitlab.com/api/projects/#get-a-single-project), so a fork of a hidden project reads as a
    // non-fork; GitLab offers no other signal in listings.
    fork: project.forked_from_project !== undefined && project.forked_from_project !== null,
    topics: project.topics ?? project.tag_list ?? [],
  };
}

export async function getProject(ctx: GitLabContext, fullName: string): Promise<RepositoryInfo | null> {
  const path = typeof fullName === "string" ? fullName.trim().replace(/^\/+|\/+$/g, "") : "";
  if (!path.includes("/")) {
    throw new ScmIntegrationError("invalid-input", `${describeValue(fullName)} is not a GitLab project path`, {
      field: "repositories",
      fix: 'write the project\'s full path, e.g. "acme/platform/api"',
    });
  }
  try {
    const project = (await ctx.api.Projects.show(path)) as unknown as GitLabProject;
    return toRepositoryInfo(project);
  } catch (e) {
    if (e instanceof GitLabResponseError && e.isJson && e.status === 404) return null;
    throw toScmError(e, ctx.endpoint, `read project "${path}"`);
  }
}
