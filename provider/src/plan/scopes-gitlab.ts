// GitLab token scopes. GitLab stores a token's scopes verbatim (no normalisation, unlike GitHub), but
// some scopes pass every check another one passes (GitLab docs, "Personal access token scopes",
// https://docs.gitlab.com/user/profile/personal_access_tokens/#personal-access-token-scopes, and
// https://docs.gitlab.com/security/tokens/access_token_scopes/): `api` grants complete read and write
// access to the API and also to the repository over Git HTTP, so it covers `read_api` and
// `write_repository`; `write_repository` grants read and write, so it covers `read_repository`.
// `write_registry` does NOT cover `read_registry`. Pure: no I/O.
import { scopeClosure } from "./scope-closure";
import type { GitLabTokenKind } from "./token-kinds";

export type { GitLabTokenKind };

// scope ⇒ the scopes whose checks it also passes (one level; expansion follows chains).
// `api` also reaches the container registry, but no platform here checks registry scopes, so that
// coverage is left out (an `api` token is then never mistaken for one that was granted write_registry).
const COVERS: Readonly<Record<string, readonly string[]>> = {
  api: ["read_api", "write_repository"],
  write_repository: ["read_repository"],
};

/** The scopes the reference lists for personal / project / group access tokens. */
export const KNOWN_GITLAB_SCOPES: readonly string[] = [
  "api",
  "read_api",
  "read_user",
  "read_repository",
  "write_repository",
  "read_registry",
  "write_registry",
  "sudo",
  "admin_mode",
  "create_runner",
  "manage_runner",
  "k8s_proxy",
  "ai_features",
  "self_rotate",
  "read_service_ping",
];

/**
 * Token scopes that give far more power than any platform here needs (reported as "excess"; the
 * shared rule is DANGEROUS_SCOPES in required-scopes.ts). `api` is required by the platforms, so it is
 * not listed. Why each is here:
 * - sudo: act as any user; admin_mode: administrator API.
 * - create_runner, manage_runner: a rogue runner receives CI jobs and their secrets.
 * - k8s_proxy: Kubernetes clusters through the agent.
 * - write_registry: push container images others run (supply chain).
 */
export const DANGEROUS_GITLAB_SCOPES: readonly string[] = [
  "admin_mode",
  "create_runner",
  "k8s_proxy",
  "manage_runner",
  "sudo",
  "write_registry",
];

/** The effective scope set of a GitLab token (scope-closure.ts over what each GitLab scope covers). */
export function expandGitLabScopes(granted: readonly string[]): string[] {
  return scopeClosure(granted, COVERS);
}

/** Whether a token with `granted` passes a check that accepts `needed` (after expansion). */
export function gitLabScopesCover(granted: readonly string[], needed: string): boolean {
  return expandGitLabScopes(granted).includes(needed);
}

// Prefixes of GitLab credentials that can never call the REST API as a user
// (https://docs.gitlab.com/security/tokens/#token-prefixes).
const NON_API_PREFIXES: Readonly<Record<string, string>> = {
  "gloas-": "an OAuth application secret",
  "gldt-": "a deploy token",
  "glrt-": "a runner authentication token",
  "glcbt-": "a CI/CD job token",
  "glptt-": "a pipeline trigger token",
  "glft-": "a feed token",
  "glimt-": "an incoming mail token",
  "glagent-": "a Kubernetes agent token",
  "glsoat-": "a SCIM token",
  "glffct-": "a feature-flag client token",
};

/**
 * What kind of GitLab token this is, by prefix. `glpat-` is shared by personal, project, group and
 * impersonation tokens. Self-managed admins may configure a custom PAT prefix, and OAuth access
 * tokens carry no prefix, so anything else is "unknown" here and decided by introspection (the
 * `personal_access_tokens/self` endpoint answers 400 for non-PAT tokens).
 */
export function classifyGitLabToken(token: string): GitLabTokenKind {
  if (token.startsWith("glpat-")) return "gitlab-pat";
  return "unknown";
}

/** When the token's prefix shows a credential that cannot use the REST API, what it is; else undefined. */
export function describeNonApiGitLabToken(token: string): string | undefined {
  for (const [prefix, what] of Object.entries(NON_API_PREFIXES)) {
    if (token.startsWith(prefix)) return `${what} (prefix "${prefix}")`;
  }
  return undefined;
}
