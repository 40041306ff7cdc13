// Whether a branch exists in a GitHub repository: "Get a branch",
// GET /repos/{owner}/{repo}/branches/{branch} (https://docs.github.com/en/rest/branches/branches#get-a-branch).
// Octokit's URL template encodes the branch as one path segment (`feature/x` → `feature%2Fx`).
import type { Clock } from "../../core/clock";
import { ScmIntegrationError } from "../../core/errors";
import { describeValue } from "../../core/redact";
import { isGitHubNotFound, looksLikeGitHub, mapGitHubError, wrongInstance } from "./errors";
import type { GitHubOctokitInstance } from "./octokit";

export interface BranchLookupContext {
  octokit: GitHubOctokitInstance;
  apiUrl: string;
  clock: Clock;
}

export async function gitHubBranchExists(ctx: BranchLookupContext, fullName: string, branch: string): Promise<boolean> {
  const parts = fullName.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ScmIntegrationError("invalid-input", `${describeValue(fullName)} is not a GitHub repository name`, {
      field: "repositories",
      fix: "write repositories as owner/name",
    });
  }
  try {
    const response = await ctx.octokit.rest.repos.getBranch({ owner: parts[0], repo: parts[1], branch });
    if (!looksLikeGitHub(response.headers as Record<string, string | undefined>, response.data))
      throw wrongInstance(ctx.apiUrl);
    // The description lists 301 for this operation: a renamed branch's old name is redirected to the
    // new one, which fetch follows. The old name is then no ref a platform could clone, so it counts
    // as missing (UNVERIFIED: which renames GitHub redirects here is not described).
    return response.data.name === branch;
  } catch (e) {
    // GitHub's 404 is both "Branch not found" and, for a repository the token cannot see, "Not Found".
    // Anything else (403 included) names no input: it is a failure to check, not a fault of `branch`.
    if (isGitHubNotFound(e)) return false;
    throw mapGitHubError(e, {
      apiUrl: ctx.apiUrl,
      action: `reading branch ${describeValue(branch)} of ${describeValue(fullName)}`,
      now: ctx.clock.now(),
    });
  }
}
