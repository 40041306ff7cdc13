// What a platform needs of the token owner's membership of the organization: what blocks, and what
// only warns. GitLab reports a member's role as a number (https://docs.gitlab.com/api/members/#roles):
// the platform adapter says which level it needs (Platform.gitlabAccessNeeded); merge request comments
// need an Owner (50).
import type { Platform } from "../platforms/types";
import type { OrgAccess } from "../scm/types";
import type { CheckedOrgConnectionInputs } from "./schema.generated";

const GITLAB_OWNER = 50;

const PLATFORM_NAMES: Record<CheckedOrgConnectionInputs["integration"]["platform"], string> = {
  snyk: "Snyk",
  semgrep: "Semgrep",
};

/** What the platform needs of the token owner's membership; problems that block, and warnings. */
export function judgeAccess(
  inputs: CheckedOrgConnectionInputs,
  access: OrgAccess,
  needed: Platform["gitlabAccessNeeded"],
): { blocking?: string; warnings: string[] } {
  const warnings: string[] = [];
  const platform = inputs.integration.platform;
  if (access.state === "pending") {
    return {
      blocking: `the token's owner has a pending invitation to ${access.organization}; accept it in the SCM, then run again`,
      warnings,
    };
  }
  if (access.accessLevel !== undefined) {
    if (needed && access.accessLevel < needed.level) {
      return {
        blocking: `${PLATFORM_NAMES[platform]} needs the token's owner to be ${needed.role} of ${access.organization} (it is ${access.role}); raise the role or use another token`,
        warnings,
      };
    }
    if (inputs.pullRequestComments && access.accessLevel < GITLAB_OWNER) {
      warnings.push(`merge request comments on GitLab need an Owner token; the token's owner is ${access.role}`);
    }
  } else if (access.role !== "admin") {
    warnings.push(
      `the token's owner is ${access.role} of ${access.organization}: ${platform} can list repositories, but installing webhooks needs admin on each repository`,
    );
  }
  return { warnings };
}
