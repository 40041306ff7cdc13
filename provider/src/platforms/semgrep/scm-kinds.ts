// How our SCM kinds map onto Semgrep's SCM config types, the local integration id, and the guidance for
// GitHub Cloud (connected through the Semgrep GitHub App, which no API can install).
import type { ScmEndpoint, ScmKind } from "../../scm/types";
import type { SemgrepScmType } from "./schemas";

export const SCM_TYPE_BY_KIND: Record<ScmKind, SemgrepScmType> = {
  github: "SCM_TYPE_GITHUB",
  "github-enterprise": "SCM_TYPE_GITHUB_ENTERPRISE",
  gitlab: "SCM_TYPE_GITLAB",
  "gitlab-self-managed": "SCM_TYPE_GITLAB_SELFMANAGED",
};

export const GITHUB_APP_GUIDANCE =
  "install the Semgrep GitHub App (semgrep-app) on the GitHub organization from Semgrep: Settings > Source code " +
  "managers > Add > GitHub (an organization owner must approve it), then run again; this provider then adopts " +
  "that connection";

/** `semgrep:<deploymentId>:<scm>:<host>` — deterministic, so a re-run finds the same id. */
export function integrationIdFor(deploymentId: string, endpoint: ScmEndpoint): string {
  return `semgrep:${deploymentId}:${endpoint.scm}:${hostOf(endpoint.baseUrl)}`;
}

export function parseIntegrationId(
  integrationId: string,
): { deploymentId: string; scm: string; host: string } | undefined {
  const m = /^semgrep:([^:]+):([a-z-]+):(.+)$/.exec(integrationId);
  if (!m) return undefined;
  return { deploymentId: m[1] as string, scm: m[2] as string, host: m[3] as string };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/** Base URLs compared the way a user means them: scheme, host and path, case of host ignored, no trailing slash. */
export function sameBaseUrl(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}`;
    } catch {
      return u.replace(/\/+$/, "").toLowerCase();
    }
  };
  return norm(a) === norm(b);
}
