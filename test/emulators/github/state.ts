// The GitHub emulator's in-memory state, built from a seed, with the lookups the routes need.
import type { RateWindow } from "../host";
import type { GitHubOrgRole, GitHubSecondaryLimitSeed, GitHubSeed, GitHubTokenSeed, GitHubTokenSeedKind } from "./seed";

export interface User {
  login: string;
  id: number;
  name: string | null;
  email: string | null;
  type: "User" | "Bot";
}

export interface Token {
  value: string;
  owner: User;
  kind: GitHubTokenSeedKind;
  scopes: string[];
  expiresAtMs?: number;
  revoked: boolean;
  ssoRequiredOrgs: Set<string>;
  ssoPartialOrgs: Set<string>;
  grantedOrgs?: Set<string>;
}

export interface Org {
  login: string;
  id: number;
  name: string | null;
  members: Map<string, { role: GitHubOrgRole; state: "active" | "pending" }>;
  /** Repositories sorted by name (case-insensitive), the order sort=full_name serves. */
  repositories: Repository[];
}

export interface Repository {
  id: number;
  owner: Org;
  name: string;
  visibility: "public" | "private" | "internal";
  archived: boolean;
  fork: boolean;
  topics: string[];
  defaultBranch: string;
  /** Every branch that exists: the default one and the seeded others (POST /_control/branches adds more). */
  branches: Set<string>;
  createdAt: string;
}

export interface GitHubState {
  users: Map<string, User>;
  tokens: Map<string, Token>;
  /** Keyed by lower-case login (GitHub logins are case-insensitive). */
  orgs: Map<string, Org>;
  orgsById: Map<number, Org>;
  reposById: Map<number, Repository>;
  /** Renamed repositories: lower-case `owner/old-name` → the repository (answered with 301). */
  redirects: Map<string, Repository>;
  primary?: { window: Map<string, RateWindow>; limit: number; windowMs: number; status: 403 | 429 };
  secondary?: {
    window: Map<string, RateWindow>;
    config: Required<Omit<GitHubSecondaryLimitSeed, "retryAfterSeconds">> & { retryAfterSeconds?: number };
  };
  expirationHeaderFormat: "utc" | "offset";
}

const BASE_TIME_MS = Date.UTC(2020, 0, 1);

export function buildState(seed: GitHubSeed, enterprise: boolean): GitHubState {
  const users = new Map<string, User>();
  (seed.users ?? []).forEach((u, i) => {
    users.set(u.login.toLowerCase(), {
      login: u.login,
      id: u.id ?? 1000 + i,
      name: u.name ?? null,
      email: u.email ?? null,
      type: u.type ?? "User",
    });
  });

  const orgs = new Map<string, Org>();
  const orgsById = new Map<number, Org>();
  (seed.orgs ?? []).forEach((o, i) => {
    const org: Org = {
      login: o.login,
      id: o.id ?? 50_000 + i,
      name: o.name ?? null,
      members: new Map(
        Object.entries(o.members ?? {}).map(([login, m]) => [
          login.toLowerCase(),
          { role: m.role, state: m.state ?? "active" },
        ]),
      ),
      repositories: [],
    };
    orgs.set(org.login.toLowerCase(), org);
    orgsById.set(org.id, org);
  });

  (seed.repositories ?? []).forEach((r, i) => {
    const org = orgs.get(r.owner.toLowerCase());
    if (!org) throw new Error(`github emulator seed: repository ${r.owner}/${r.name} names an unknown org`);
    const id = r.id ?? 10_000_000 + i;
    org.repositories.push({
      id,
      owner: org,
      name: r.name,
      visibility: r.visibility ?? "public",
      archived: r.archived ?? false,
      fork: r.fork ?? false,
      topics: [...(r.topics ?? [])],
      defaultBranch: r.default_branch ?? "main",
      branches: new Set([r.default_branch ?? "main", ...(r.branches ?? [])]),
      createdAt: r.created_at ?? new Date(BASE_TIME_MS + id * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
  });
  for (const org of orgs.values()) org.repositories.sort((a, b) => compareNames(a.name, b.name));

  const tokens = new Map<string, Token>();
  for (const t of seed.tokens ?? []) tokens.set(t.value, buildToken(t, users));

  const rate = seed.rateLimit === undefined ? (enterprise ? null : { limit: 5000 }) : seed.rateLimit;
  const state: GitHubState = {
    users,
    tokens,
    orgs,
    orgsById,
    reposById: new Map([...orgs.values()].flatMap((o) => o.repositories).map((r) => [r.id, r] as const)),
    redirects: new Map(),
    expirationHeaderFormat: seed.expirationHeaderFormat ?? "utc",
  };
  if (rate) {
    state.primary = {
      window: new Map(),
      limit: rate.limit,
      windowMs: rate.windowMs ?? 3_600_000,
      status: rate.status ?? 403,
    };
  }
  if (seed.secondaryLimit) {
    const s = seed.secondaryLimit;
    state.secondary = {
      window: new Map(),
      config: {
        maxRequests: s.maxRequests,
        windowMs: s.windowMs ?? 60_000,
        status: s.status ?? 403,
        ...(s.retryAfterSeconds !== undefined ? { retryAfterSeconds: s.retryAfterSeconds } : {}),
      },
    };
  }
  return state;
}

function buildToken(t: GitHubTokenSeed, users: Map<string, User>): Token {
  const owner = users.get(t.owner.toLowerCase());
  if (!owner) throw new Error(`github emulator seed: a token names an unknown owner ${t.owner}`);
  const token: Token = {
    value: t.value,
    owner,
    kind: t.kind,
    scopes: [...(t.scopes ?? [])],
    revoked: t.revoked ?? false,
    ssoRequiredOrgs: new Set((t.ssoRequiredOrgs ?? []).map((o) => o.toLowerCase())),
    ssoPartialOrgs: new Set((t.ssoPartialOrgs ?? []).map((o) => o.toLowerCase())),
  };
  if (t.expiresAt !== undefined) token.expiresAtMs = Date.parse(t.expiresAt);
  if (t.orgs !== undefined) token.grantedOrgs = new Set(t.orgs.map((o) => o.toLowerCase()));
  return token;
}

/** GitHub's full_name order: case-insensitive. */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the token uses OAuth scopes (classic PAT, OAuth app token) rather than permissions. */
export function usesScopes(token: Token): boolean {
  return token.kind === "classic" || token.kind === "oauth";
}

/** Whether a fine-grained / app token was granted access to the org (classic tokens: always). */
export function tokenGrantsOrg(token: Token, org: Org): boolean {
  if (usesScopes(token)) return true;
  if (token.grantedOrgs) return token.grantedOrgs.has(org.login.toLowerCase());
  return activeMember(token, org);
}

export function activeMember(token: Token, org: Org): boolean {
  return org.members.get(token.owner.login.toLowerCase())?.state === "active";
}

/**
 * Whether the token may see this repository. Private and internal repositories need an active org
 * membership (installation tokens: the installation's grant) and, for classic tokens, the `repo`
 * scope (public_repo only reaches public repositories); otherwise GitHub hides them (404 / omitted).
 */
export function canSeeRepository(token: Token | undefined, repo: Repository): boolean {
  if (repo.visibility === "public") return true;
  if (!token) return false;
  if (token.kind === "app-installation") return tokenGrantsOrg(token, repo.owner);
  if (!activeMember(token, repo.owner)) return false;
  if (usesScopes(token)) return token.scopes.includes("repo");
  return tokenGrantsOrg(token, repo.owner);
}
