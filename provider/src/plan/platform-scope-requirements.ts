// Which token scopes each platform needs from each SCM at each level: one row per combination, each
// with the public source it comes from. Looked up (and checked against a token) by required-scopes.ts.
// Pure data.
import type { ScmKind } from "../core/domain.generated";
import type { ScopeFamily, ScopeRequirement } from "./required-scopes";

const SNYK_GROUP_GUIDANCE =
  "Snyk group-level (Snyk Essentials) SCM integrations have no public API; configure this one on the " +
  'Integrations page of the Snyk group, or use level "organization"';

const SEMGREP_GROUP_GUIDANCE =
  'Semgrep connects SCMs per deployment (its organization), not per group; use level "organization"';

/** Semgrep has no group level on any SCM. */
function semgrepGroupRow(scm: ScmKind, family: ScopeFamily): ScopeRequirement {
  return {
    platform: "semgrep",
    scm,
    level: "group",
    family,
    required: [],
    supported: false,
    guidance: SEMGREP_GROUP_GUIDANCE,
    source: "https://semgrep.dev/docs/deployment/connect-scm (SCM connections are made per Semgrep organization)",
  };
}

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
    viaPlatformApp: true,
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
  ...(["github", "github-enterprise"] as const).map((scm) => semgrepGroupRow(scm, "github")),
  ...(["gitlab", "gitlab-self-managed"] as const).map((scm) => semgrepGroupRow(scm, "gitlab")),
];
