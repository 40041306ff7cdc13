// The common shape of an SCM client. One implementation per SCM family (GitHub incl. Enterprise
// Server on Octokit; GitLab incl. Self-Managed on Gitbeaker); resources only see this interface.
import type { Clock } from "../core/clock";
import type { Logger } from "../core/log";
import type { RepositorySelector, RepositoryVisibility } from "../core/domain.generated";
import type { ScmEndpoint } from "../core/endpoints";
import type { TokenKind } from "../plan/token-kinds";

export type { ScmKind } from "../core/domain.generated";
export type { ScmEndpoint, TokenKind };

export interface ScmClientOptions {
  endpoint: ScmEndpoint;
  token: string;
  caCertificate?: string;
  logger?: Logger;
  /** Concurrent page fetches. */
  concurrency?: number;
  /** What rate-limit and retry waits sleep on, and token expiry is judged by; default the system clock. */
  clock?: Clock;
  /** Let the endpoint's name resolve to loopback addresses (allowInsecureLoopback: tests only). */
  allowInsecureLoopback?: boolean;
}

export interface TokenInfo {
  kind: TokenKind;
  /** Login / username of the token's owner, when the API tells it. */
  owner?: string;
  /** Scopes exactly as granted (GitHub: X-OAuth-Scopes; GitLab: token scopes). */
  grantedScopes: string[];
  /** Granted scopes plus everything they imply, sorted. */
  effectiveScopes: string[];
  /** False when the token kind has no scope model we can read (fine-grained, app tokens). */
  scopesKnown: boolean;
  /** For permission-model tokens: capabilities proven by probing (e.g. "list-org-repos"). */
  provenCapabilities: string[];
  /** Capabilities we tried and could not prove. */
  unprovenCapabilities: string[];
  /** ISO 8601 instant, when the token expires. */
  expiresAt?: string;
  /** GHES or GitLab version when the instance reports it. */
  serverVersion?: string;
  isEnterpriseServer?: boolean;
  warnings: string[];
}

export interface OrgAccess {
  /** GitHub org login or GitLab group full path, as the SCM spells it. */
  organization: string;
  id: number;
  /** GitHub: admin | member | billing_manager; GitLab: guest … owner. */
  role: string;
  /** GitLab access level number (10…50); GitHub: undefined. */
  accessLevel?: number;
  /** Membership state (GitHub: active | pending). */
  state?: string;
  webUrl?: string;
}

export interface RepositoryInfo {
  /** Stable numeric id in the SCM (GitHub repo id, GitLab project id). */
  id: number;
  /** `owner/name`, GitLab `group/sub/name` (path_with_namespace). */
  fullName: string;
  defaultBranch: string | null;
  visibility: RepositoryVisibility;
  archived: boolean;
  fork: boolean;
  /** Shared and frozen when empty (most repositories have none): listings hold 100,000 of these. */
  topics: readonly string[];
}

export interface RepositoryListing {
  repositories: RepositoryInfo[];
  /** True only when every page was fetched and nothing was filtered by the server for lack of access. */
  complete: boolean;
  /** Why the listing is not complete (SSO partial results, failed pages …). Empty when complete. */
  incompleteReasons: string[];
  /** Requests sent / pages answered from cache (304), for counters and benchmarks. */
  stats: { requests: number; notModified: number; pages: number };
}

export interface ScmClient {
  readonly endpoint: ScmEndpoint;
  /** `organization`, when known, lets permission-model tokens (fine-grained, app) be proven by probing it. */
  introspectToken(organization?: string): Promise<TokenInfo>;
  /** Throws ScmIntegrationError kind not-found (no such org) or no-access (exists, no membership). */
  getOrgAccess(organization: string): Promise<OrgAccess>;
  /** Lists the organization's repositories matching the selector. Never returns a silently short list. */
  listRepositories(organization: string, selector?: RepositorySelector): Promise<RepositoryListing>;
  /** Look up single repositories by full name (for explicit lists); missing ones come back as null. */
  getRepository(fullName: string): Promise<RepositoryInfo | null>;
  /**
   * Whether `branch` exists in the repository `fullName`. The SCM's 404 is false; every other failure
   * (5xx, rate limit, timeout, refused token) throws, so "could not tell" never reads as "missing".
   */
  branchExists(fullName: string, branch: string): Promise<boolean>;
  /**
   * GitLab.com only: the group's subscription plan as GitLab names it ("free", "premium", "ultimate", …),
   * undefined when GitLab does not show it to the token's user. Absent for the other SCMs.
   */
  groupPlan?(organization: string): Promise<string | undefined>;
}
