// Seeds the Semgrep tests share: one deployment, a Web API token and a CI token, SCM tokens with known
// scopes, and repositories on a GitHub Enterprise Server and a GitLab Self-Managed instance.
import type { SemgrepSeed, TokenScopes } from "./types";

export const WEB_TOKEN = "sgp_canary_WEB_7f3a9c1e5b2d4f60";
export const CI_TOKEN = "sgp_canary_CI_0c9b8a7d6e5f4a31";
export const GHE_TOKEN = "ghp_CANARYgheTOKEN000000000000000000000001";
export const GHE_TOKEN_ROTATED = "ghp_CANARYgheTOKEN000000000000000000000002";
export const GITLAB_TOKEN = "glpat-CANARYgitlabTOKEN00000001";
export const GHE_URL = "https://ghe.example.com";
export const GITLAB_URL = "https://gitlab.example.com";

const ALL_SCOPES: TokenScopes = {
  readMetadata: true,
  readPullRequest: true,
  writePullRequestComment: true,
  readContents: true,
  readMembers: true,
  manageWebhooks: true,
  writeContents: false,
  writePullRequest: false,
};

export function repoNames(owner: string, count: number, prefix = "svc"): string[] {
  return Array.from({ length: count }, (_, i) => `${owner}/${prefix}-${String(i).padStart(3, "0")}`);
}

export function baseSeed(overrides: Partial<SemgrepSeed> = {}): SemgrepSeed {
  return {
    deployment: { id: 4242, slug: "acme", name: "Acme Corp" },
    apiTokens: [
      { token: WEB_TOKEN, scope: "web-api" },
      { token: CI_TOKEN, scope: "ci" },
    ],
    scmTokens: [
      { token: GHE_TOKEN, scopes: ALL_SCOPES },
      { token: GHE_TOKEN_ROTATED, scopes: { ...ALL_SCOPES, manageWebhooks: false } },
      { token: GITLAB_TOKEN, scopes: { ...ALL_SCOPES, readMembers: false } },
    ],
    scmRepositories: [
      { baseUrl: GHE_URL, namespace: "platform", repositories: repoNames("platform", 5) },
      { baseUrl: GITLAB_URL, namespace: "infra", repositories: ["infra/net/vpc", "infra/dns"] },
    ],
    // Semgrep's private GitHub app for the GHES instance, installed on "platform" with code access:
    // what Managed Scans need there.
    scmApps: [
      {
        scmType: "SCM_TYPE_GITHUB_ENTERPRISE",
        baseUrl: GHE_URL,
        slug: "semgrep-code-acme",
        codeAccess: true,
        installedOn: ["platform"],
      },
    ],
    syncPendingPolls: 2,
    ...overrides,
  };
}
