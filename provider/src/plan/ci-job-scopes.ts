// What the SCM token of onboarding by CI job must be able to do (plan/required-scopes.ts evaluates it).
import type { ScmKind } from "../core/domain.generated";
import { scopeFamily, type ScopeRequirement } from "./required-scopes";

/**
 * The SCM token of RepositoryImport's `ciJob` onboarding (onboarding.ciJob.scmToken), which writes a
 * branch, a commit with CI configuration, a pull / merge request and a secret. GitHub classic tokens:
 * `repo` (contents, pulls and, for private repositories, Actions secrets) and `workflow` (a commit that
 * adds a file under .github/workflows is refused without it): https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps
 * and https://docs.github.com/en/rest/actions/secrets (classic tokens need `repo` for the secrets
 * endpoints). `workflow` is among DANGEROUS_SCOPES for the other methods; here
 * it is the point. GitLab: `api`, plus the Maintainer role for CI/CD variables
 * (https://docs.gitlab.com/api/project_level_variables/), checked apart (an access level, not a scope).
 */
export function ciJobScopeRequirement(scm: ScmKind): ScopeRequirement {
  const family = scopeFamily(scm);
  return family === "github"
    ? {
        platform: "semgrep",
        scm,
        level: "organization",
        family,
        required: ["repo", "workflow"],
        supported: true,
        why: { workflow: "the commit adds .github/workflows/semgrep.yml, which GitHub refuses without it" },
        guidance:
          "fine-grained tokens and GitHub Apps need Contents, Pull requests, Workflows and Secrets (read and write) on the repositories",
        source: "https://docs.github.com/en/rest/actions/secrets",
      }
    : {
        platform: "semgrep",
        scm,
        level: "organization",
        family,
        required: ["api"],
        supported: true,
        guidance: "the token's user needs the Maintainer role (CI/CD variables)",
        source: "https://docs.gitlab.com/api/project_level_variables/",
      };
}
