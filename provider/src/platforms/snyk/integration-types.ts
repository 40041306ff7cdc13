// Which Snyk org integration type serves which SCM endpoint, and the credentials it is given.
import type { ScmEndpoint } from "../../scm/types";
import type { IntegrationCredentials } from "./v1-client";

export type SnykScmIntegrationType = "github-enterprise" | "gitlab";

export interface SnykIntegrationPlan {
  type: SnykScmIntegrationType;
  credentials: IntegrationCredentials;
  /** `source_types` of the targets this integration creates (REST targets filter). */
  sourceTypes: string[];
}

/** Snyk's page saying the `github` integration cannot be used with a service account, and what to use instead. */
export const SNYK_GITHUB_SERVICE_ACCOUNT_DOC =
  "https://docs.snyk.io/scm-ide-and-ci-cd-workflow-and-integrations/snyk-scm-integrations/snyk-github-integration";

/** GitHub's public API root: what Snyk is given for github.com unless the provider's GitHub API is redirected. */
export const GITHUB_PUBLIC_API = "https://api.github.com";

/**
 * GitHub (cloud and Enterprise Server) → `github-enterprise` with `{token, url}`. The plain `github`
 * type is bound to the Snyk user who set it up, and Snyk documents that a service account cannot use
 * it: "Use the GitHub Enterprise integration to import public and private Projects using the API with
 * a Snyk Service Account" (SNYK_GITHUB_SERVICE_ACCOUNT_DOC). This provider is driven by such keys.
 *
 * For github.com the url is the API root the token was checked against: `https://api.github.com`, or
 * the `scm-integrations:githubApiUrl` override (a proxy, an emulator). Snyk's servers call that url
 * themselves (the same page: repositories must be reachable from the internet, or behind Snyk Broker),
 * so Snyk must be given exactly the address whose answers were verified: sending api.github.com after
 * checking the token at a proxy would register credentials nobody checked against the service Snyk
 * then calls (and would send a proxy's or emulator's token to GitHub). A proxy only the user's network
 * reaches fails on Snyk's side; the check's warning (`snykRegistrationNotes`) says so before anything is
 * registered. For GHES the url is the instance's root URL as the user typed it — whether Snyk also
 * accepts `…/api/v3` is UNVERIFIED, so the documented host form is sent. Consequence: one Snyk org
 * holds one `github-enterprise` integration, so it can serve either github.com or one GHES instance,
 * not both.
 *
 * GitLab.com → `gitlab` with `{token}`; GitLab Self-Managed → `gitlab` with `{token, url}` (url only
 * for self-hosted: Snyk V1 API description, GitLabCredentials). One `gitlab` integration per org, likewise.
 */
export function snykIntegrationPlan(endpoint: ScmEndpoint, token: string): SnykIntegrationPlan {
  switch (endpoint.scm) {
    case "github":
      return {
        type: "github-enterprise",
        credentials: { token, url: endpoint.apiUrl.replace(/\/+$/, "") },
        sourceTypes: ["github-enterprise"],
      };
    case "github-enterprise":
      return {
        type: "github-enterprise",
        credentials: { token, url: endpoint.baseUrl },
        sourceTypes: ["github-enterprise"],
      };
    case "gitlab":
      return { type: "gitlab", credentials: { token }, sourceTypes: ["gitlab"] };
    case "gitlab-self-managed":
      return { type: "gitlab", credentials: { token, url: endpoint.baseUrl }, sourceTypes: ["gitlab"] };
  }
}

/**
 * What registering this endpoint in a Snyk org does that a reviewer should know, for the preview:
 * `notes` always hold, `warnings` are about this configuration (the GitHub API redirected).
 */
export function snykRegistrationNotes(
  endpoint: ScmEndpoint,
  platformOrg: string,
): { notes: string[]; warnings: string[] } {
  if (endpoint.scm === "github") {
    const url = snykIntegrationPlan(endpoint, "").credentials.url ?? GITHUB_PUBLIC_API;
    const notes = [
      `github.com is registered in Snyk org ${platformOrg} as a github-enterprise integration with url ${url}: Snyk's ` +
        `github integration belongs to the Snyk user who set it up, and Snyk documents the GitHub Enterprise integration ` +
        `for service-account API tokens (${SNYK_GITHUB_SERVICE_ACCOUNT_DOC}). Snyk keeps one github-enterprise ` +
        `integration per org, so org ${platformOrg} can serve github.com or one GitHub Enterprise Server instance, not both`,
    ];
    const warnings =
      url === GITHUB_PUBLIC_API
        ? []
        : [
            `scm-integrations:githubApiUrl is set, so Snyk is given ${url}, the address the token was checked against, ` +
              `not ${GITHUB_PUBLIC_API}. Snyk's servers connect to it themselves: it must be reachable from Snyk. Fix, ` +
              `if it is a proxy only your network reaches: unset scm-integrations:githubApiUrl (Snyk then uses ` +
              `${GITHUB_PUBLIC_API}), or connect through Snyk Broker`,
          ];
    return { notes, warnings };
  }
  if (endpoint.scm === "github-enterprise") {
    return {
      notes: [
        `Snyk keeps one github-enterprise integration per org, so org ${platformOrg} can serve this GitHub Enterprise ` +
          `Server instance (${endpoint.baseUrl}) or github.com, not both`,
      ],
      warnings: [],
    };
  }
  return { notes: [], warnings: [] };
}

/** The integration type alone (reads need no token). */
export function snykIntegrationType(endpoint: ScmEndpoint): SnykScmIntegrationType {
  return endpoint.scm === "gitlab" || endpoint.scm === "gitlab-self-managed" ? "gitlab" : "github-enterprise";
}
