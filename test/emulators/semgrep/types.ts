// The Semgrep emulator's seed and wire shapes. Wire fields follow semgrep-docs public_v1.openapi.yaml
// (deployments, projects) and public_v2.openapi.yaml (ScmService, ScmAppsService, TasksService, and
// ProjectsService's `POST /api/v2/deployments/{deploymentId}/projects/list`).

export const SCM_TYPES = [
  "SCM_TYPE_GITHUB",
  "SCM_TYPE_GITHUB_ENTERPRISE",
  "SCM_TYPE_GITLAB",
  "SCM_TYPE_GITLAB_SELFMANAGED",
  "SCM_TYPE_BITBUCKET",
  "SCM_TYPE_BITBUCKET_DATACENTER",
  "SCM_TYPE_AZURE_DEVOPS",
  "SCM_TYPE_HARNESS",
  "SCM_TYPE_UNKNOWN",
] as const;
export type ScmType = (typeof SCM_TYPES)[number];

export const TOKEN_SCOPE_NAMES = [
  "readMetadata",
  "readPullRequest",
  "writePullRequestComment",
  "readContents",
  "readMembers",
  "manageWebhooks",
  "writeContents",
  "writePullRequest",
] as const;
export type TokenScopeName = (typeof TOKEN_SCOPE_NAMES)[number];
export type TokenScopes = Record<TokenScopeName, boolean>;

export interface SeedProject {
  name: string;
  url?: string;
  tags?: string[];
  /** Managed Scans state; absent = never set up (the project record then has no managed_scan_config). */
  managedScan?: { diff: boolean; full: boolean };
  defaultBranch?: string;
  /** How many findings the project holds (deleting the project erases them). */
  findings?: number;
  /**
   * Whether the project has been scanned or onboarded to Managed Scans (v2 PROJECT_STATUS_SETUP); default
   * true for seeded projects. false = only inferred from an SCM sync (PROJECT_STATUS_NOT_SETUP), which the
   * v1 list does not return.
   */
  setUp?: boolean;
  /** Archived projects are not in the v1 list; v2 reports them as PROJECT_STATUS_ARCHIVED. */
  archived?: boolean;
  scmType?: ScmType;
}

export interface SeedConfig {
  type: ScmType;
  namespace: string;
  baseUrl?: string;
  accessToken?: string;
  /** GitHub App connections are installed (public app), not token-based. */
  installed?: boolean;
  autoScan?: boolean;
}

/**
 * A private Semgrep GitHub app registered for an SCM instance (ScmAppsService `ScmApp`). `codeAccess`
 * says whether it may read code (what Managed Scans need); an app has none unless granted.
 */
export interface SeedScmApp {
  id?: string;
  slug?: string;
  appId?: string;
  scmType: ScmType;
  baseUrl?: string;
  scmName?: string;
  codeAccess?: boolean;
  /** Namespaces (GitHub orgs) the app is installed on: their SCM configs carry it as `app`. */
  installedOn?: string[];
}

/** `protos.scm.v1.ScmApp` as the API sends it. */
export interface WireScmApp {
  id: string;
  slug: string;
  appId: string;
  scmType: ScmType;
  baseUrl: string;
  scmName: string;
  codeAccess: boolean;
}

export interface SemgrepSeed {
  deployment: { id: number; slug: string; name: string };
  /** Semgrep API tokens: "web-api" tokens use the Web API; "ci" (Agent) tokens get 404 from it. */
  apiTokens: { token: string; scope: "web-api" | "ci" }[];
  projects?: SeedProject[];
  /** The repositories each SCM organization / group holds; `_sync` of a matching config makes them projects. */
  scmRepositories?: { baseUrl: string; namespace: string; type?: ScmType; repositories: string[] }[];
  /** What `check` reports per SCM access token. A token not listed checks as not ok ("token rejected"). */
  scmTokens?: { token: string; scopes?: Partial<TokenScopes>; error?: string }[];
  scmApps?: SeedScmApp[];
  configs?: SeedConfig[];
  /** Per API token, fixed window. Absent = no limit. UNVERIFIED: Semgrep documents no limit; this is a guess. */
  rateLimit?: { limit: number; windowMs: number };
  /** Polls a sync task answers TASK_STATUS_IN_PROGRESS before it completes (default 1). */
  syncPendingPolls?: number;
  /** Namespaces whose sync ends TASK_STATUS_FAILED. */
  failingSyncNamespaces?: string[];
  /** The deployment's sign-in providers (GET /api/auth/sso/deployments/{id}/providers); none by default. */
  ssoProviders?: SeedSsoProvider[];
}

/** One sign-in provider (protos.auth.v1.SsoProvider type values). */
export interface SeedSsoProvider {
  id?: string;
  name: string;
  type:
    | "SSO_TYPE_GITHUB"
    | "SSO_TYPE_GITLAB"
    | "SSO_TYPE_OPENID"
    | "SSO_TYPE_SAML2"
    | "SSO_TYPE_GOOGLE"
    | "SSO_TYPE_SIMPLE";
  displayName?: string;
  baseUrl?: string;
  enabled?: boolean;
}

// The v1 description types url, latest_scan_at, primary_branch and default_branch as (non-null)
// strings: a project without one leaves the field out.
export interface WireProject {
  id: number;
  name: string;
  url?: string;
  tags: string[];
  created_at: string;
  latest_scan_at?: string;
  primary_branch?: string;
  default_branch?: string;
  managed_scan_config?: { diff_scan: { enabled: boolean }; full_scan: { enabled: boolean } };
}

export interface WireScmConfig {
  id: string;
  type: ScmType;
  namespace: string;
  sourceId: string;
  baseUrl: string;
  status: { checked?: string; ok: boolean; error?: string };
  installed: boolean;
  suspended: boolean;
  autoScan: boolean;
  useNetworkBroker: boolean;
  tokenScopes?: TokenScopes;
  subscriptions: unknown[];
  lastSuccessfulSyncAt?: string;
  autoScanSettings: { diffEnabled: boolean };
  hasAccessToken: boolean;
  scmId: string;
  /** `ScmConfig.app`: "for the private app only", present when the private app is installed on the namespace. */
  app?: WireScmApp;
}

/** Semgrep API v2 `protos.projects.v2.ProjectsFilter.statuses` values. */
export const PROJECT_STATUSES = [
  "PROJECT_STATUS_UNSPECIFIED",
  "PROJECT_STATUS_SETUP",
  "PROJECT_STATUS_NOT_SETUP",
  "PROJECT_STATUS_ARCHIVED",
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * Semgrep API v2 `protos.projects.v2.Project` (camelCase, integer id). It carries NO status field: the
 * status exists only as a list filter. Branch ids and latestScanId are not modelled.
 */
export interface WireProjectV2 {
  id: number;
  name: string;
  createTime: string;
  tags: string[];
  url?: string;
  scmType?: ScmType;
}
