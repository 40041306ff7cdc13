// The body of a Snyk V1 import request (POST /org/{orgId}/integrations/{integrationId}/import) for one
// repository, checked before anything is sent.
import type { RepositoryToImport } from "../types";
import type { SnykImportTarget } from "./v1-client";

/** The import target body for one repository, or a message saying why none can be built. */
export function importTargetFor(kind: "github" | "gitlab", repo: RepositoryToImport): SnykImportTarget | string {
  if (kind === "gitlab") {
    // GitLab targets are `{id, branch}`, both required (Snyk V1 API description, GitLabRepoTarget).
    if (!repo.branch)
      return `${repo.fullName}: a GitLab import needs the branch to scan (pass the project's default branch)`;
    return { id: repo.scmId, branch: repo.branch };
  }
  const slash = repo.fullName.indexOf("/");
  if (slash <= 0 || slash === repo.fullName.length - 1 || repo.fullName.indexOf("/", slash + 1) !== -1) {
    return `${repo.fullName}: a GitHub repository is named owner/name`;
  }
  // The V1 description's GithubAndGithubEnterpriseRepoTarget requires owner, name and branch.
  if (!repo.branch) {
    return `${repo.fullName}: a GitHub import needs the branch to scan (pass the repository's default branch)`;
  }
  return { owner: repo.fullName.slice(0, slash), name: repo.fullName.slice(slash + 1), branch: repo.branch };
}
