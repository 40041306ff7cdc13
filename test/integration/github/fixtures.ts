// Shared seed and tokens for the GitHub integration tests. Tokens are canaries: tests assert that
// none of them ever appears in an error message or log line.
import type { GitHubRepositorySeed, GitHubSeed } from "../../emulators/github/seed";
import type { ScmEndpoint } from "../../../provider/src/scm/types";

const pad = (s: string, n = 36) => (s + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ").slice(0, n);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export const TOKENS = {
  aliceClassic: `ghp_${pad("CanaryAliceClassic")}`,
  alicePublicOnly: `ghp_${pad("CanaryAlicePublic")}`,
  aliceNoScopes: `ghp_${pad("CanaryAliceNoScopes")}`,
  bobLegacy: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
  aliceFineGrained: `github_pat_11${pad("CanaryAliceFineGrained", 70)}`,
  aliceFineGrainedOther: `github_pat_11${pad("CanaryAliceFineOther", 70)}`,
  aliceFineGrainedSoon: `github_pat_11${pad("CanaryAliceFineSoon", 70)}`,
  appInstallation: `ghs_${pad("CanaryAppInstallation")}`,
  expired: `ghp_${pad("CanaryExpired")}`,
  revoked: `ghp_${pad("CanaryRevoked")}`,
  unknown: `ghp_${pad("CanaryUnknown")}`,
  ssoRequired: `ghp_${pad("CanarySsoRequired")}`,
  ssoPartial: `ghp_${pad("CanarySsoPartial")}`,
  carolOutsider: `ghp_${pad("CanaryCarolOutsider")}`,
  davePending: `ghp_${pad("CanaryDavePending")}`,
} as const;

export const ALL_TOKENS: readonly string[] = Object.values(TOKENS);

/** Hand-made repositories covering every selector field. */
export const ACME_REPOSITORIES: GitHubRepositorySeed[] = [
  { owner: "acme", name: "api", id: 1, visibility: "private", topics: ["backend", "scan"] },
  { owner: "acme", name: "web", id: 2, visibility: "public", topics: ["frontend", "scan"] },
  { owner: "acme", name: "infra", id: 3, visibility: "internal", topics: ["backend"] },
  { owner: "acme", name: "legacy-api", id: 4, visibility: "private", archived: true, topics: ["backend", "scan"] },
  { owner: "acme", name: "web-fork", id: 5, visibility: "public", fork: true, topics: ["frontend"] },
  { owner: "acme", name: "docs", id: 6, visibility: "public", topics: [] },
  { owner: "acme", name: "Tools-CLI", id: 7, visibility: "private", topics: ["scan"], default_branch: "trunk" },
];

export function baseSeed(extraRepositories: GitHubRepositorySeed[] = []): GitHubSeed {
  return {
    users: [
      { login: "alice", id: 11, name: "Alice", email: "alice@example.test" },
      { login: "bob", id: 12 },
      { login: "carol", id: 13 },
      { login: "dave", id: 14 },
      { login: "acme-scanner[bot]", id: 15, type: "Bot" },
    ],
    orgs: [
      {
        login: "acme",
        id: 4242,
        members: {
          alice: { role: "admin" },
          bob: { role: "member" },
          dave: { role: "member", state: "pending" },
        },
      },
      { login: "other", id: 777, members: { alice: { role: "member" } } },
    ],
    tokens: [
      { value: TOKENS.aliceClassic, owner: "alice", kind: "classic", scopes: ["repo", "admin:org", "admin:repo_hook"] },
      { value: TOKENS.alicePublicOnly, owner: "alice", kind: "classic", scopes: ["public_repo", "read:org"] },
      { value: TOKENS.aliceNoScopes, owner: "alice", kind: "classic", scopes: [] },
      { value: TOKENS.bobLegacy, owner: "bob", kind: "classic", scopes: ["repo", "user"] },
      { value: TOKENS.aliceFineGrained, owner: "alice", kind: "fine-grained", orgs: ["acme"], expiresAt: inDays(60) },
      {
        value: TOKENS.aliceFineGrainedOther,
        owner: "alice",
        kind: "fine-grained",
        orgs: ["other"],
        expiresAt: inDays(60),
      },
      {
        value: TOKENS.aliceFineGrainedSoon,
        owner: "alice",
        kind: "fine-grained",
        orgs: ["acme"],
        expiresAt: inDays(3),
      },
      {
        value: TOKENS.appInstallation,
        owner: "acme-scanner[bot]",
        kind: "app-installation",
        orgs: ["acme"],
        expiresAt: inDays(1 / 24),
      },
      { value: TOKENS.expired, owner: "alice", kind: "classic", scopes: ["repo"], expiresAt: inDays(-1) },
      { value: TOKENS.revoked, owner: "alice", kind: "classic", scopes: ["repo"], revoked: true },
      {
        value: TOKENS.ssoRequired,
        owner: "alice",
        kind: "classic",
        scopes: ["repo", "read:org"],
        ssoRequiredOrgs: ["acme"],
      },
      {
        value: TOKENS.ssoPartial,
        owner: "alice",
        kind: "classic",
        scopes: ["repo", "read:org"],
        ssoPartialOrgs: ["acme"],
      },
      { value: TOKENS.carolOutsider, owner: "carol", kind: "classic", scopes: ["repo", "read:org"] },
      { value: TOKENS.davePending, owner: "dave", kind: "classic", scopes: ["repo", "read:org"] },
    ],
    repositories: [
      ...ACME_REPOSITORIES,
      { owner: "other", name: "elsewhere", id: 900, visibility: "private" },
      ...extraRepositories,
    ],
  };
}

export function cloudEndpoint(url: string): ScmEndpoint {
  return { scm: "github", baseUrl: url, apiUrl: url, webUrl: url };
}

export function enterpriseEndpoint(url: string): ScmEndpoint {
  return { scm: "github-enterprise", baseUrl: url, apiUrl: `${url}/api/v3`, webUrl: url };
}

/** Fails the test if any canary token appears in the text. */
export function assertNoToken(text: string): void {
  for (const token of ALL_TOKENS) {
    if (text.includes(token)) throw new Error(`a token leaked into: ${text.slice(0, 200)}`);
  }
}
