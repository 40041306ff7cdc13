// Whether the token may use an organization, and as what (GitHub REST description, @octokit/openapi:
// orgs/get and orgs/get-membership-for-authenticated-user): the org must exist
// (GET /orgs/{org}) and the token's owner must belong to it (GET /user/memberships/orgs/{org}).
// "No such organization" and "no access to it" are told apart because they are fixed differently.
import type { Clock } from "../../core/clock";
import { ScmIntegrationError } from "../../core/errors";
import { safeHost } from "../../core/network-errors";
import type { OrgAccess, ScmEndpoint } from "../types";
import { isGitHubNotFound, isRequestError, mapGitHubError } from "./errors";
import type { GitHubOctokitInstance } from "./octokit";

export interface OrgAccessDeps {
  octokit: GitHubOctokitInstance;
  endpoint: ScmEndpoint;
  isInstallationToken: boolean;
  clock: Clock;
}

export async function getGitHubOrgAccess(deps: OrgAccessDeps, organization: string): Promise<OrgAccess> {
  const { octokit, endpoint } = deps;
  const host = safeHost(endpoint.apiUrl);
  let org: { login: string; id: number; html_url: string };
  try {
    org = (await octokit.request("GET /orgs/{org}", { org: organization })).data;
  } catch (e) {
    if (isGitHubNotFound(e)) {
      throw new ScmIntegrationError("not-found", `there is no GitHub organization "${organization}" on ${host}`, {
        field: "organization",
        status: 404,
        fix: "check the spelling: use the organization's login as it appears in its URL",
      });
    }
    throw mapGitHubError(e, {
      apiUrl: endpoint.apiUrl,
      action: `reading organization "${organization}"`,
      field: "organization",
      now: deps.clock.now(),
    });
  }

  try {
    const membership = (await octokit.request("GET /user/memberships/orgs/{org}", { org: organization })).data;
    if (membership.state === "pending") {
      throw new ScmIntegrationError(
        "no-access",
        `the token's owner ${membership.user?.login ?? ""} was invited to "${org.login}" but has not accepted the invitation`,
        { field: "organization", fix: `accept the invitation at ${org.html_url}, then retry` },
      );
    }
    return {
      organization: org.login,
      id: org.id,
      role: membership.role,
      state: membership.state,
      webUrl: org.html_url,
    };
  } catch (e) {
    if (e instanceof ScmIntegrationError) throw e;
    if (isGitHubNotFound(e)) {
      throw new ScmIntegrationError(
        "no-access",
        `organization "${org.login}" exists, but the token's owner is not a member of it`,
        {
          field: "organization",
          status: 404,
          fix: "use a token of a member of the organization (an owner, to let the platform install webhooks)",
        },
      );
    }
    // Installation tokens have no user, so no membership: the installation itself is the access.
    // It cannot be read here (UNVERIFIED which endpoint an installation may use for it), so the
    // access is reported as the installation's, never as a member role.
    if (deps.isInstallationToken && isRequestError(e) && e.status === 403) {
      return { organization: org.login, id: org.id, role: "app-installation", webUrl: org.html_url };
    }
    if (isRequestError(e) && e.status === 403 && !e.response?.headers["x-github-sso"]) {
      const mapped = mapGitHubError(e, {
        apiUrl: endpoint.apiUrl,
        action: `reading the membership in "${org.login}"`,
        now: deps.clock.now(),
      });
      if (mapped.kind === "insufficient-scope") {
        throw new ScmIntegrationError(
          "no-access",
          `organization "${org.login}" exists, but the token may not act in it (${mapped.problem})`,
          {
            field: "token",
            status: 403,
            fix: "grant the token access to this organization (fine-grained: choose it as resource owner; app: install it there)",
          },
        );
      }
      throw mapped;
    }
    throw mapGitHubError(e, {
      apiUrl: endpoint.apiUrl,
      action: `reading the membership in "${org.login}"`,
      field: "organization",
      now: deps.clock.now(),
    });
  }
}
