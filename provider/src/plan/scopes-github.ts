// GitHub classic-token scopes. GitHub reports a normalised list in X-OAuth-Scopes (parents only:
// asking for `user,user:email` yields `user`), so a check for a child scope must first expand the
// parents through the implication table
// (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps#normalized-scopes).
// Pure: no I/O.
import { scopeClosure } from "./scope-closure";
import type { GitHubTokenKind } from "./token-kinds";

export type { GitHubTokenKind };

// parent ⇒ direct children; expansion follows the chain (admin:org ⇒ write:org ⇒ read:org).
const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  repo: ["repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"],
  "admin:repo_hook": ["write:repo_hook"],
  "write:repo_hook": ["read:repo_hook"],
  "admin:org": ["write:org"],
  "write:org": ["read:org"],
  "admin:public_key": ["write:public_key"],
  "write:public_key": ["read:public_key"],
  "admin:gpg_key": ["write:gpg_key"],
  "write:gpg_key": ["read:gpg_key"],
  // Only observed in the token UI and gh CLI, not in GitHub's docs table (UNVERIFIED).
  "admin:ssh_signing_key": ["write:ssh_signing_key"],
  "write:ssh_signing_key": ["read:ssh_signing_key"],
  user: ["read:user", "user:email", "user:follow"],
  project: ["read:project"],
  "write:discussion": ["read:discussion"],
  "admin:enterprise": ["manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"],
  // Observed token-UI grouping; the docs table lists them flat [obs].
  "write:packages": ["read:packages"],
};

/** Every scope the table knows about (parents and children), for tests and validation. */
export const KNOWN_GITHUB_SCOPES: readonly string[] = [
  ...new Set([
    ...Object.keys(IMPLIES),
    ...Object.values(IMPLIES).flat(),
    "admin:org_hook",
    "gist",
    "notifications",
    "delete_repo",
    "delete:packages",
    "workflow",
    "codespace",
    "read:audit_log",
    "site_admin",
  ]),
].sort();

/**
 * Classic-token scopes that give far more power than any platform here needs (reported as "excess";
 * the shared rule is DANGEROUS_SCOPES in required-scopes.ts). A parent of a listed scope is listed
 * itself, since X-OAuth-Scopes reports parents only. Why each is here:
 * - delete_repo: can delete repositories.
 * - admin:org, write:org: manage org members, teams and settings (read:org is all anyone needs).
 * - admin:org_hook: org-wide webhooks can send every org event to any URL.
 * - admin:enterprise (and its manage_runners:/manage_billing:enterprise), site_admin: enterprise /
 *   instance administration.
 * - workflow: may change GitHub Actions workflows, i.e. run code with the repositories' secrets.
 * - write:packages, delete:packages: publish or delete packages others install (supply chain).
 * - admin:public_key, admin:gpg_key, admin:ssh_signing_key: manage the account's keys (persistent
 *   access, commits that verify as the user).
 */
export const DANGEROUS_GITHUB_SCOPES: readonly string[] = [
  "admin:enterprise",
  "admin:gpg_key",
  "admin:org",
  "admin:org_hook",
  "admin:public_key",
  "admin:ssh_signing_key",
  "delete:packages",
  "delete_repo",
  "manage_billing:enterprise",
  "manage_runners:enterprise",
  "site_admin",
  "workflow",
  "write:org",
  "write:packages",
];

/** The direct children a scope implies (empty for leaves and unknown scopes). */
export function impliedGitHubScopes(scope: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(IMPLIES, scope) ? (IMPLIES[scope] ?? []) : [];
}

/** The effective scope set of a classic token (scope-closure.ts over GitHub's implication table). */
export function expandGitHubScopes(granted: readonly string[]): string[] {
  return scopeClosure(granted, IMPLIES);
}

/** Parse an `X-OAuth-Scopes` header value (`repo, read:org`); absent or empty ⇒ no scopes. */
export function parseOAuthScopesHeader(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * What kind of GitHub token this is, by prefix
 * (https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats).
 * An empty or absent scopes header is ambiguous, so the prefix is the only reliable signal; 40 hex
 * characters is a legacy classic token.
 */
export function classifyGitHubToken(token: string): GitHubTokenKind {
  if (token.startsWith("github_pat_")) return "github-fine-grained-pat";
  if (token.startsWith("ghp_")) return "github-classic-pat";
  if (token.startsWith("gho_")) return "github-oauth";
  if (token.startsWith("ghu_")) return "github-app-user";
  if (token.startsWith("ghs_")) return "github-app-installation";
  if (/^[0-9a-f]{40}$/i.test(token)) return "github-classic-pat";
  return "unknown";
}

/** Whether the token kind carries OAuth scopes in X-OAuth-Scopes (classic PAT and OAuth app tokens). */
export function hasGitHubScopeModel(kind: string): boolean {
  return kind === "github-classic-pat" || kind === "github-oauth";
}
