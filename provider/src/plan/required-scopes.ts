// A token's scopes against what a platform needs: the requirement rows' shape, their lookup (with the
// scopes only older instances grant), and the check of granted scopes against a row, shared by both SCM
// families (their own scope rules: scopes-github.ts, scopes-gitlab.ts; the rows:
// platform-scope-requirements.ts). Pure: no I/O.
import type { IntegrationLevel, Platform, ScmKind } from "../core/domain.generated";
import { ScmIntegrationError } from "../core/errors";
import { SCOPE_REQUIREMENTS } from "./platform-scope-requirements";
import { isGitHub } from "./scm-family";
import { DANGEROUS_GITHUB_SCOPES, expandGitHubScopes } from "./scopes-github";
import { DANGEROUS_GITLAB_SCOPES, expandGitLabScopes } from "./scopes-gitlab";

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
  /**
   * Set up through the platform's own app instead of a token (Semgrep × GitHub.com: its GitHub App):
   * not refused by the table, the platform adapter's read-only preflight judges it.
   */
  viaPlatformApp?: boolean;
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
  return isGitHub(scm) ? "github" : "gitlab";
}

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
 * itself (GitHub reports parents only), and no platform requires any of them. Each family's list,
 * with why each scope is on it, sits with that family's scope rules.
 */
export const DANGEROUS_SCOPES: Readonly<Record<ScopeFamily, readonly string[]>> = {
  github: DANGEROUS_GITHUB_SCOPES,
  gitlab: DANGEROUS_GITLAB_SCOPES,
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
