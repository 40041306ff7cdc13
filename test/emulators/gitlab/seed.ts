// What a test can put into the GitLab emulator (through `host.seed` or POST /_control/seed).
// Field meanings follow the GitLab REST API (https://docs.gitlab.com/api/rest/); ids are chosen by the seed.

export type GitLabVisibility = "public" | "internal" | "private";

export interface GitLabUserSeed {
  id: number;
  username: string;
  name?: string;
  isAdmin?: boolean;
  /** A blocked user's tokens get 403 on every route. */
  state?: "active" | "blocked";
}

export interface GitLabTokenSeed {
  /** The secret the client sends (PRIVATE-TOKEN or Authorization: Bearer). */
  value: string;
  userId: number;
  id?: number;
  name?: string;
  scopes: string[];
  revoked?: boolean;
  /** `YYYY-MM-DD` (the token stops working at 00:00 UTC of that day) or null for no expiry. */
  expiresAt?: string | null;
  /** "pat" = personal / project / group access token; "oauth" = OAuth access token (no /personal_access_tokens/self). */
  kind?: "pat" | "oauth";
}

export interface GitLabMemberSeed {
  userId: number;
  /** 5 minimal, 10 guest, 15 planner, 20 reporter, 30 developer, 40 maintainer, 50 owner. */
  accessLevel: number;
}

export interface GitLabGroupSeed {
  id: number;
  /** `acme` or `acme/platform/tools`; the parent must be seeded too. */
  fullPath: string;
  name?: string;
  visibility?: GitLabVisibility;
  members?: GitLabMemberSeed[];
  /**
   * gitlab.com only, top-level groups only: the subscription plan GET /namespaces/:id reports as `plan`
   * (GitLab's plan names: free, premium, ultimate, premium_trial, ultimate_trial, opensource, and the
   * legacy bronze / silver / gold). Default "free", what a new group on gitlab.com has. Subgroups report
   * their top-level group's plan.
   */
  plan?: string;
}

export interface GitLabProjectSeed {
  id: number;
  /** Full path of the owning group. */
  namespace: string;
  path: string;
  name?: string;
  visibility?: GitLabVisibility;
  archived?: boolean;
  topics?: string[];
  forkedFromProjectId?: number;
  /** Groups this project is shared into (GitLab "share project with group"). */
  sharedWith?: { groupFullPath: string; accessLevel?: number }[];
  /** null = empty repository. Default "main". */
  defaultBranch?: string | null;
  /** Branches besides the default one (which exists unless the repository is empty). */
  branches?: string[];
  /** Files on the default branch: path → UTF-8 text (the files API answers them; commits change them). */
  files?: Record<string, string>;
  members?: GitLabMemberSeed[];
}

export interface GitLabSeed {
  users: GitLabUserSeed[];
  tokens: GitLabTokenSeed[];
  groups: GitLabGroupSeed[];
  projects: GitLabProjectSeed[];
  /** Rack::Attack-style authenticated API throttle; absent = disabled (the self-managed default). */
  rateLimit?: { limit: number; windowMs: number };
}

export const emptyGitLabSeed: GitLabSeed = { users: [], tokens: [], groups: [], projects: [] };
