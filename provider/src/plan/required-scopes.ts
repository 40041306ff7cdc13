// Which token scopes each platform needs from each SCM, as data with the public source every row comes
// from, and the check of a token's scopes against a row. Pure: no I/O.
import type { IntegrationLevel, Platform, ScmKind } from "../core/domain.generated";
import { ScmIntegrationError } from "../core/errors";
import { expandGitHubScopes } from "./scopes-github";
import { expandGitLabScopes } from "./scopes-gitlab";

export type ScopeFamily = "github" | "gitlab";

export interface ScopeRequirement {
  platform: Platform;
  scm: ScmKind;
  level: IntegrationLevel;
  family: ScopeFamily;
  /** Scopes the token must have, as the SCM names them (checked after expanding the granted ones). */
  required: readonly string[];
  /** False when the platform offers no API for this combination: the resource fails at check. */
  supported: boolean;
  /** What to do instead (unsupported rows) or what else to know. */
  guidance?: string;
  /** Why a required scope is needed, for the scopes whose reason is not obvious (shown when it is missing). */
  why?: Readonly<Record<string, string>>;
  /**
   * Scopes required only on instances older than a version, scope → the first version without it (GHES
   * removed some scopes). `findScopeRequirement` adds them to `required` when the instance is older.
   */
  requiredBefore?: Readonly<Record<string, string>>;
  /** Where the row comes from: the vendor's public documentation. */
  source: string;
}

/** What is known about the SCM instance when a requirement is looked up. */
export interface ScopeContext {
  /** The instance's version (GHES: X-GitHub-Enterprise-Version or /meta `installed_version`). */
  serverVersion?: string;
}

export function scopeFamily(scm: ScmKind): ScopeFamily {
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
  // https://docs.snyk.io/developer-tools/scm-integrations/user-permissions-and-access-scopes
  ...(["github", "github-enterprise"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "organization",
    family: "github",
    required: ["repo", "read:org", "admin:repo_hook"],
    supported: true,
    source: "https://docs.snyk.io/developer-tools/scm-integrations/user-permissions-and-access-scopes",
  })),
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "organization",
    family: "gitlab",
    required: ["api"],
    supported: true,
    source:
      "https://docs.snyk.io/developer-tools/scm-integrations/user-permissions-and-access-scopes (GitLab PAT or group access token with api)",
  })),
  ...(["github", "github-enterprise"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "group",
    family: "github",
    required: ["repo", "read:org", "read:user", "user:email"],
    supported: false,
    guidance: SNYK_GROUP_GUIDANCE,
    source:
      "https://docs.snyk.io/developer-tools/scm-integrations/group-level-integrations (GitHub / GHE PAT scopes; no public API)",
  })),
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "snyk",
    scm,
    level: "group",
    family: "gitlab",
    required: ["read_api", "read_repository"],
    supported: false,
    guidance: SNYK_GROUP_GUIDANCE,
    source:
      "https://docs.snyk.io/developer-tools/scm-integrations/group-level-integrations (GitLab PAT scopes; no public API)",
  })),
  // Semgrep's docs connect GitHub.com only by installing its GitHub App; whether a token-based SCM config
  // works there without the app is UNVERIFIED, so the conservative answer is "unsupported".
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
    source:
      "https://semgrep.dev/docs/deployment/connect-scm (GitHub Cloud: app install; a token-only config is UNVERIFIED)",
  },
  // Semgrep's GHES PAT flow asks for public_repo, repo:status, user:email and write:discussion
  // (https://semgrep.dev/docs/deployment/connect-scm, GitHub Enterprise Server). Against GitHub's scope
  // docs (https://docs.github.com/en/enterprise-server@latest/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps):
  // - public_repo "limits access to public repositories": a token with it cannot read the private and
  //   internal repositories Semgrep scans, so `repo` (full access to public, internal and private
  //   repositories; it implies public_repo and repo:status) is required instead.
  // - write:discussion (team discussions) is listed on GHES up to 3.9 and gone from 3.10
  //   (https://docs.github.com/en/enterprise-server@3.9/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps;
  //   team discussions sunset: https://github.blog/changelog/2023-02-08-sunset-notice-team-discussions/),
  //   so it is required only where it can still be granted.
  // - user:email stays as Semgrep asks.
  {
    platform: "semgrep",
    scm: "github-enterprise",
    level: "organization",
    family: "github",
    required: ["repo", "user:email"],
    requiredBefore: { "write:discussion": "3.10" },
    why: {
      repo: "public_repo reads public repositories only; Semgrep needs repo to read private and internal repositories",
      "write:discussion": "GHES before 3.10 has team discussions, which Semgrep's GHES connection asks to write",
    },
    supported: true,
    guidance:
      "Semgrep's current docs also register a private Semgrep GitHub App on the instance for managed scans; " +
      "that step is done in Semgrep's UI",
    source: "https://semgrep.dev/docs/deployment/connect-scm (GitHub Enterprise Server PAT scopes)",
  },
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "semgrep",
    scm,
    level: "organization",
    family: "gitlab",
    required: ["api"],
    supported: true,
    source: "https://semgrep.dev/docs/deployment/connect-scm (GitLab Cloud / Self-Managed PAT with api)",
  })),
  ...(["github", "github-enterprise", "gitlab", "gitlab-self-managed"] as const).map((scm): ScopeRequirement => ({
    platform: "semgrep",
    scm,
    level: "group",
    family: scopeFamily(scm),
    required: [],
    supported: false,
    guidance: SEMGREP_GROUP_GUIDANCE,
    source: "https://semgrep.dev/docs/deployment/connect-scm (SCM connections are made per Semgrep organization)",
  })),
];

/**
 * The requirement row for a combination (every combination has exactly one), with the scopes that only
 * older instances have added to `required` when `context.serverVersion` is older than their cut-off. An
 * unknown version adds none: GHES always states its version (the GitHub client refuses an instance that
 * does not), and a scope a newer instance cannot grant must never be demanded of it.
 */
export function findScopeRequirement(
  platform: Platform,
  scm: ScmKind,
  level: IntegrationLevel,
  context: ScopeContext = {},
): ScopeRequirement {
  const row = SCOPE_REQUIREMENTS.find((r) => r.platform === platform && r.scm === scm && r.level === level);
  if (row === undefined) {
    throw new ScmIntegrationError("invalid-input", `no scope requirement for ${platform} × ${scm} at level ${level}`, {
      fix: 'use platform "snyk" or "semgrep", a supported scm, and level "organization" or "group"',
    });
  }
  const older = Object.entries(row.requiredBefore ?? {})
    .filter(([, cutOff]) => versionBefore(context.serverVersion, cutOff))
    .map(([scope]) => scope);
  return older.length === 0 ? row : { ...row, required: [...row.required, ...older] };
}

/** `version` < `cutOff`, comparing dotted numbers (`3.9.12` < `3.10`); false when either does not parse. */
export function versionBefore(version: string | undefined, cutOff: string): boolean {
  const parse = (v: string | undefined) =>
    v && /^\d+(\.\d+)*$/.test(v.trim()) ? v.trim().split(".").map(Number) : null;
  const a = parse(version);
  const b = parse(cutOff);
  if (!a || !b) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
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

/** Compares a token's scopes with a requirement, expanding implied scopes first (see scopes-github.ts, scopes-gitlab.ts). */
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

/**
 * The SCM token of RepositoryImport's `ciJob` onboarding (onboarding.ciJob.scmToken), which writes a
 * branch, a commit with CI configuration, a pull / merge request and a secret. GitHub classic tokens:
 * `repo` (contents, pulls and, for private repositories, Actions secrets) and `workflow` (a commit that
 * adds a file under .github/workflows is refused without it): https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps
 * and https://docs.github.com/en/rest/actions/secrets (classic tokens need `repo` for the secrets
 * endpoints). `workflow` is among DANGEROUS_SCOPES for the other methods; here
 * it is the point. GitLab: `api`, plus the Maintainer role for CI/CD variables
 * (https://docs.gitlab.com/api/project_level_variables/), checked apart (an access level, not a scope).
 */
export function ciJobScopeRequirement(scm: ScmKind): ScopeRequirement {
  const family = scopeFamily(scm);
  return family === "github"
    ? {
        platform: "semgrep",
        scm,
        level: "organization",
        family,
        required: ["repo", "workflow"],
        supported: true,
        why: { workflow: "the commit adds .github/workflows/semgrep.yml, which GitHub refuses without it" },
        guidance:
          "fine-grained tokens and GitHub Apps need Contents, Pull requests, Workflows and Secrets (read and write) on the repositories",
        source: "https://docs.github.com/en/rest/actions/secrets",
      }
    : {
        platform: "semgrep",
        scm,
        level: "organization",
        family,
        required: ["api"],
        supported: true,
        guidance: "the token's user needs the Maintainer role (CI/CD variables)",
        source: "https://docs.gitlab.com/api/project_level_variables/",
      };
}
