// What a platform needs of the token owner's membership of the organization: what blocks, and what
// only warns. GitLab reports a member's role as a number
// (https://docs.gitlab.com/api/members/#roles): 40 is Maintainer, 50 Owner.
import type { OrgAccess } from "../scm/types";
import type { CheckedOrgConnectionInputs } from "./schema.generated";

const GITLAB_MAINTAINER = 40;
const GITLAB_OWNER = 50;

/** What the platform needs of the token owner's membership; problems that block, and warnings. */
export function judgeAccess(
  inputs: CheckedOrgConnectionInputs,
  access: OrgAccess,
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
    if (platform === "snyk" && access.accessLevel < GITLAB_MAINTAINER) {
      return {
        blocking: `Snyk needs the token's owner to be Maintainer or Owner of ${access.organization} (it is ${access.role}); raise the role or use another token`,
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
