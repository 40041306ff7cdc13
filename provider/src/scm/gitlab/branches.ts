// Whether a branch exists in a GitLab project: "Get single repository branch",
// GET /projects/:id/repository/branches/:branch (https://docs.gitlab.com/api/branches/#get-single-repository-branch).
// Gitbeaker's Branches.show URL-encodes both the project path and the branch (`feature/x` → `feature%2Fx`).
import { describeValue } from "../../core/redact";
import type { GitLabContext } from "./context";
import { toScmError } from "./errors";
import { GitLabResponseError } from "./requester";

export async function gitLabBranchExists(ctx: GitLabContext, fullName: string, branch: string): Promise<boolean> {
  try {
    // A 2xx JSON answer is the branch (the requester throws on anything else).
    await ctx.api.Branches.show(fullName, branch);
    return true;
  } catch (e) {
    // GitLab's JSON 404 is "404 Branch Not Found" (or "404 Project Not Found" for a project the token
    // cannot see); a 404 that is not JSON is some other server, which toScmError reports as such.
    if (e instanceof GitLabResponseError && e.isJson && e.status === 404) return false;
    throw toScmError(e, ctx.endpoint, `read branch ${describeValue(branch)} of project ${describeValue(fullName)}`);
  }
}
