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

/**
 * GitHub (cloud and Enterprise Server) → `github-enterprise` with `{token, url}`. The plain `github`
 * type is bound to the Snyk user who clicked through its OAuth flow; a service-account API key cannot
 * import through it (reference §1.3), and this provider is driven by such keys. For github.com the
 * url is the public API root `https://api.github.com`; for GHES it is the instance's root URL as the
 * user typed it — whether Snyk also accepts `…/api/v3` is UNVERIFIED, so the documented host form is
 * sent. Consequence: one Snyk org holds one `github-enterprise` integration, so it can serve either
 * github.com or one GHES instance, not both.
 *
 * GitLab.com → `gitlab` with `{token}`; GitLab Self-Managed → `gitlab` with `{token, url}` (url only
 * for self-hosted, reference §1.3). One `gitlab` integration per org, likewise.
 */
export function snykIntegrationPlan(endpoint: ScmEndpoint, token: string): SnykIntegrationPlan {
  switch (endpoint.scm) {
    case "github":
      return {
        type: "github-enterprise",
        credentials: { token, url: "https://api.github.com" },
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

/** The integration type alone (reads need no token). */
export function snykIntegrationType(endpoint: ScmEndpoint): SnykScmIntegrationType {
  return endpoint.scm === "gitlab" || endpoint.scm === "gitlab-self-managed" ? "gitlab" : "github-enterprise";
}
