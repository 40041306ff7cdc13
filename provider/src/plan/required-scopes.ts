// Which token scopes each platform needs from each SCM, as data with the reference section every
// row comes from, and the check of a token's scopes against a row. Pure: no I/O.
import { ScmIntegrationError } from "../core/errors";
import { expandGitHubScopes } from "./scopes-github";
import { expandGitLabScopes } from "./scopes-gitlab";

// Spelled out here (same strings as platforms/types and scm/types) because plan/ imports neither.
export type ScopePlatform = "snyk" | "semgrep";
export type ScopeScm = "github" | "github-enterprise" | "gitlab" | "gitlab-self-managed";
export type ScopeLevel = "organization" | "group";
export type ScopeFamily = "github" | "gitlab";

export interface ScopeRequirement {
  platform: ScopePlatform;
  scm: ScopeScm;
  level: ScopeLevel;
  family: ScopeFamily;
  /** Scopes the token must have, as the SCM names them (checked after expanding the granted ones). */
  required: readonly string[];
  /** False when the platform offers no API for this combination: the resource fails at check. */
  supported: boolean;
  /** What to do instead (unsupported rows) or what else to know. */
  guidance?: string;
  /** Where the row comes from: a section of shared/reference. */
  source: string;
}

export function scopeFamily(scm: ScopeScm): ScopeFamily {
  return scm === "github" || scm === "github-enterprise" ? "github" : "gitlab";
}

const SNYK_GROUP_GUIDANCE =
  "Snyk group-level (Snyk Essentials) SCM integrations have no public API; configure this one on the " +
  'Integrations page of the Snyk group, or use level "organization"';

const SEMGREP_GROUP_GUIDANCE =
  'Semgrep connects SCMs per deployment (its organization), not per group; use level "organization"';

/** Every (platform, scm, level) combination, exactly once. */
export const SCOPE_REQUIREMENTS: readonly ScopeRequirement[] = [
  // Snyk's docs write `admin:read:org` and `admin:repo_hooks`; the GitHub scopes behind them are
  // `read:org` and `admin:repo_hook` (the broker-token list in the same section spells them so).
  ...(["github", "github-enterprise"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "organization",
    family: "github",
    required: ["repo", "read:org", "admin:repo_hook"],
    supported: true,
    source: "platform-apis.md §2 (SNYK-PERM; broker client tokens)",
  })),
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "organization",
    family: "gitlab",
    required: ["api"],
    supported: true,
    source: "platform-apis.md §2 (SNYK-PERM: GitLab PAT or group access token with api)",
  })),
  ...(["github", "github-enterprise"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "group",
    family: "github",
    required: ["repo", "read:org", "read:user", "user:email"],
    supported: false,
    guidance: SNYK_GROUP_GUIDANCE,
    source: "platform-apis.md §1.7 (SNYK-GRP: GitHub/GHE PAT scopes; no public API)",
  })),
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "group",
    family: "gitlab",
    required: ["read_api", "read_repository"],
    supported: false,
    guidance: SNYK_GROUP_GUIDANCE,
    source: "platform-apis.md §1.7 (SNYK-GRP: GitLab PAT scopes; no public API)",
  })),
  // The reference does not confirm that a token-based SCM config works for GitHub.com without the
  // app being installed first (§4.3 UNVERIFIED), so the conservative answer is "unsupported".
  {
    platform: "semgrep",
    scm: "github",
    level: "organization",
    family: "github",
    required: [],
    supported: false,
    guidance:
      "Semgrep connects a GitHub.com organization by installing the Semgrep GitHub App (semgrep-app) on it from " +
      "Semgrep's Settings > Source code managers; there is no token-based connection to declare",
    source: "platform-apis.md §3.4 (SG-SCM: GitHub Cloud app install) and §4.3 (UNVERIFIED token-only config)",
  },
  {
    platform: "semgrep",
    scm: "github-enterprise",
    level: "organization",
    family: "github",
    required: ["public_repo", "repo:status", "user:email", "write:discussion"],
    supported: true,
    guidance:
      "Semgrep's current docs also register a private Semgrep GitHub App on the instance for managed scans; " +
      "that step is done in Semgrep's UI",
    source: "platform-apis.md §3.4 (SG-SCM-2024: GHES PAT scopes, older PAT flow)",
  },
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "semgrep",
    scm,
    level: "organization",
    family: "gitlab",
    required: ["api"],
    supported: true,
    source: "platform-apis.md §3.4 (SG-SCM: GitLab Cloud / Self-Managed PAT with api)",
  })),
  ...(["github", "github-enterprise", "gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "semgrep",
    scm,
    level: "group",
    family: scopeFamily(scm),
    required: [],
    supported: false,
    guidance: SEMGREP_GROUP_GUIDANCE,
    source: "platform-apis.md §3.1, §3.3 (one deployment per token; SCM configs per deployment)",
  })),
];

/** The requirement row for a combination; every combination has exactly one. */
export function findScopeRequirement(platform: ScopePlatform, scm: ScopeScm, level: ScopeLevel): ScopeRequirement {
  const row = SCOPE_REQUIREMENTS.find((r) => r.platform === platform && r.scm === scm && r.level === level);
  if (row === undefined) {
    throw new ScmIntegrationError("invalid-input", `no scope requirement for ${platform} × ${scm} at level ${level}`, {
      fix: 'use platform "snyk" or "semgrep", a supported scm, and level "organization" or "group"',
    });
  }
  return row;
}

/**
 * Scopes that give far more power than any platform here needs; a token carrying one is reported
 * as "excess" so the user can mint a narrower one. A scope that implies a listed one is listed
 * itself (GitHub reports parents only), and no platform requires any of them. Why each is here:
 * GitHub:
 * - delete_repo: can delete repositories.
 * - admin:org, write:org: manage org members, teams and settings (read:org is all anyone needs).
 * - admin:org_hook: org-wide webhooks can send every org event to any URL.
 * - admin:enterprise (and its manage_runners:/manage_billing:enterprise), site_admin: enterprise /
 *   instance administration.
 * - workflow: may change GitHub Actions workflows, i.e. run code with the repositories' secrets.
 * - write:packages, delete:packages: publish or delete packages others install (supply chain).
 * - admin:public_key, admin:gpg_key, admin:ssh_signing_key: manage the account's keys (persistent
 *   access, commits that verify as the user).
 * GitLab (`api` is required by the platforms, so it is not listed):
 * - sudo: act as any user; admin_mode: administrator API.
 * - create_runner, manage_runner: a rogue runner receives CI jobs and their secrets.
 * - k8s_proxy: Kubernetes clusters through the agent.
 * - write_registry: push container images others run (supply chain).
 */
export const DANGEROUS_SCOPES: Readonly<Record<ScopeFamily, readonly string[]>> = {
  github: [
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
  ],
  gitlab: ["admin_mode", "create_runner", "k8s_proxy", "manage_runner", "sudo", "write_registry"],
};

export interface GrantedScopes {
  family: ScopeFamily;
  /** As the SCM reported them (GitHub's normalised X-OAuth-Scopes list, GitLab's verbatim list). */
  grantedScopes: readonly string[];
  /** False for tokens without a readable scope model (fine-grained PATs, app tokens). */
  scopesKnown: boolean;
}

export interface ScopeEvaluation {
  /** Required scopes the token lacks, sorted. */
  missing: string[];
  /** Granted scopes (as granted) that carry a dangerous scope the requirement does not need, sorted. */
  excess: string[];
  /** The token's scopes cover the requirement. False when `unknown`; says nothing about `supported`. */
  satisfied: boolean;
  /** The scopes cannot be read; the caller proves access by probing instead. */
  unknown: boolean;
}

function expandFor(family: ScopeFamily): (granted: readonly string[]) => string[] {
  return family === "github" ? expandGitHubScopes : expandGitLabScopes;
}

/** Compares a token's scopes with a requirement, expanding implied scopes first (scm-apis §1.4, §2.4). */
export function evaluateScopes(token: GrantedScopes, requirement: ScopeRequirement): ScopeEvaluation {
  if (token.family !== requirement.family) {
    throw new ScmIntegrationError(
      "invalid-input",
      `a ${token.family} token cannot be checked against the ${requirement.family} scopes of ${requirement.platform} × ${requirement.scm}`,
      { fix: "check the token against the requirement of its own SCM" },
    );
  }
  if (!token.scopesKnown) return { missing: [], excess: [], satisfied: false, unknown: true };

  const expand = expandFor(token.family);
  const granted = [...new Set(token.grantedScopes.map((scope) => scope.trim()).filter((scope) => scope !== ""))];
  const effective = new Set(expand(granted));
  const missing = [...new Set(requirement.required)].filter((scope) => !effective.has(scope)).sort();

  // The list holds every parent of a dangerous scope too, and no required scope (both pinned by
  // tests), so a plain lookup reports the excess by the names the user granted.
  const dangerous = DANGEROUS_SCOPES[token.family];
  const excess = granted.filter((scope) => dangerous.includes(scope)).sort();

  return { missing, excess, satisfied: missing.length === 0, unknown: false };
}
