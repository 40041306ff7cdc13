// The GitHub emulator's seed: everything a test can set through `host.seed(...)` or
// POST /_control/seed. Plain JSON, so the same seed works in-process and over HTTP.

export type GitHubTokenSeedKind = "classic" | "fine-grained" | "oauth" | "app-user" | "app-installation";

export interface GitHubUserSeed {
  login: string;
  /** Defaults to a stable number derived from the position in the seed. */
  id?: number;
  name?: string;
  email?: string;
  /** `Bot` for app installations (owner of `ghs_` tokens). */
  type?: "User" | "Bot";
}

export interface GitHubTokenSeed {
  /** The token string the client sends (`ghp_…`, `github_pat_…`, `ghs_…`, or 40 hex). */
  value: string;
  /** Login of the user (or bot) the token acts as. */
  owner: string;
  kind: GitHubTokenSeedKind;
  /** classic / oauth only: scopes as GitHub stores them (normalised, parents only). */
  scopes?: string[];
  /** ISO instant. After it the token answers 401 Bad credentials; before it every response carries
   * GitHub-Authentication-Token-Expiration. */
  expiresAt?: string;
  /** A revoked token answers 401 Bad credentials, exactly like an unknown one. */
  revoked?: boolean;
  /** Orgs enforcing SAML SSO for which this (classic) token is not authorized: org-scoped requests
   * answer 403 with `X-GitHub-SSO: required; url=…`. */
  ssoRequiredOrgs?: string[];
  /** Orgs whose repository lists come back filtered: 200 without the private and internal
   * repositories, with `X-GitHub-SSO: partial-results; organizations=<org id>`. */
  ssoPartialOrgs?: string[];
  /** fine-grained / app tokens: the orgs the token was granted (resource owner or installation
   * target). Absent = every org the owner belongs to. Elsewhere such a token sees public data only. */
  orgs?: string[];
}

export type GitHubOrgRole = "admin" | "member" | "billing_manager";

export interface GitHubOrgSeed {
  login: string;
  id?: number;
  name?: string;
  /** member login → role and state (pending = invited, not yet accepted). */
  members?: Record<string, { role: GitHubOrgRole; state?: "active" | "pending" }>;
}

export interface GitHubRepositorySeed {
  /** Owner org login. */
  owner: string;
  name: string;
  id?: number;
  visibility?: "public" | "private" | "internal";
  archived?: boolean;
  fork?: boolean;
  topics?: string[];
  default_branch?: string;
  /** Branches besides the default one (which always exists), for GET /repos/{owner}/{repo}/branches/{branch}. */
  branches?: string[];
  /** ISO instant; defaults to a stable time derived from the id (for sort=created). */
  created_at?: string;
  /** Files on the default branch: path → UTF-8 text (GET /contents answers them; PUT /contents changes them). */
  files?: Record<string, string>;
}

export interface GitHubRateLimitSeed {
  /** Requests per window per user (GitHub: 5,000 per hour for PATs). */
  limit: number;
  windowMs?: number;
  /** GitHub answers an exhausted primary limit with 403 or 429. */
  status?: 403 | 429;
}

export interface GitHubSecondaryLimitSeed {
  /** Requests allowed per window per user before the secondary limit trips. */
  maxRequests: number;
  windowMs?: number;
  /** Sent as `retry-after`; absent ⇒ no header (clients must then wait on their own). */
  retryAfterSeconds?: number;
  status?: 403 | 429;
}

export interface GitHubSeed {
  users?: GitHubUserSeed[];
  tokens?: GitHubTokenSeed[];
  orgs?: GitHubOrgSeed[];
  repositories?: GitHubRepositorySeed[];
  /** Primary limit. Default: 5,000/h on github.com; off on Enterprise Server (its default). */
  rateLimit?: GitHubRateLimitSeed | null;
  /** Secondary limit; off unless set. */
  secondaryLimit?: GitHubSecondaryLimitSeed | null;
  /** Form of GitHub-Authentication-Token-Expiration: `utc` (`2026-01-01 00:00:00 UTC`, default) or
   * `offset` (`2026-01-01 09:00:00 +0900`); both are seen in the wild. */
  expirationHeaderFormat?: "utc" | "offset";
}

/** Seed helper: `count` repositories in `owner`, named `<prefix>-00001`…, with varied attributes. */
export function generateRepositories(
  owner: string,
  count: number,
  options: { prefix?: string; firstId?: number; vary?: boolean } = {},
): GitHubRepositorySeed[] {
  const prefix = options.prefix ?? "repo";
  const firstId = options.firstId ?? 100_000;
  const width = Math.max(5, String(count).length);
  const out: GitHubRepositorySeed[] = [];
  for (let i = 0; i < count; i++) {
    const vary = options.vary ?? true;
    out.push({
      owner,
      name: `${prefix}-${String(i + 1).padStart(width, "0")}`,
      id: firstId + i,
      visibility: vary ? (["public", "private", "internal"] as const)[i % 3] : "public",
      archived: vary ? i % 7 === 0 : false,
      fork: vary ? i % 5 === 0 : false,
      topics: vary ? (i % 2 === 0 ? ["team-a"] : ["team-b", "scan"]) : [],
      default_branch: "main",
    });
  }
  return out;
}
