// A small, readable GitLab world for tests, and a generator of large groups. Token values are
// canaries: tests assert that none of them ever appears in an error or log line.
import type { GitLabProjectSeed, GitLabSeed } from "./seed";

export const tokens = {
  aliceApi: "glpat-CANARYaliceApi00000001",
  aliceReadApi: "glpat-CANARYaliceReadApi001",
  aliceReadRepository: "glpat-CANARYaliceReadRepo01",
  aliceExpired: "glpat-CANARYaliceExpired001",
  aliceRevoked: "glpat-CANARYaliceRevoked001",
  aliceExpiringSoon: "glpat-CANARYaliceSoon000001",
  aliceOauth: "CANARYoauth0123456789abcdef0123456789abcdef0123456789abcdef0123",
  bobApi: "glpat-CANARYbobApi000000001",
  rootApi: "glpat-CANARYrootApi00000001",
  carolApi: "glpat-CANARYcarolApi0000001",
  unknown: "glpat-CANARYnobodyKnowsMe01",
} as const;

export const allCanaries: readonly string[] = Object.values(tokens);

/** A date `days` from now as GitLab stores token expiry (YYYY-MM-DD). */
export function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function smallWorld(): GitLabSeed {
  return {
    users: [
      { id: 1, username: "alice", name: "Alice" },
      { id: 2, username: "bob", name: "Bob" },
      { id: 3, username: "root", name: "Administrator", isAdmin: true },
      { id: 4, username: "carol", name: "Carol" },
    ],
    tokens: [
      { value: tokens.aliceApi, userId: 1, name: "ci-api", scopes: ["api"], expiresAt: dateInDays(365) },
      { value: tokens.aliceReadApi, userId: 1, name: "ci-read", scopes: ["read_api"], expiresAt: dateInDays(365) },
      {
        value: tokens.aliceReadRepository,
        userId: 1,
        name: "clone",
        scopes: ["read_repository"],
        expiresAt: dateInDays(365),
      },
      { value: tokens.aliceExpired, userId: 1, name: "old", scopes: ["api"], expiresAt: "2020-01-01" },
      {
        value: tokens.aliceRevoked,
        userId: 1,
        name: "leaked",
        scopes: ["api"],
        revoked: true,
        expiresAt: dateInDays(365),
      },
      { value: tokens.aliceExpiringSoon, userId: 1, name: "soon", scopes: ["read_api"], expiresAt: dateInDays(10) },
      { value: tokens.aliceOauth, userId: 1, scopes: ["api"], kind: "oauth" },
      { value: tokens.bobApi, userId: 2, name: "bob", scopes: ["api"], expiresAt: dateInDays(365) },
      { value: tokens.rootApi, userId: 3, name: "root", scopes: ["api"], expiresAt: dateInDays(365) },
      { value: tokens.carolApi, userId: 4, name: "carol", scopes: ["api"], expiresAt: dateInDays(365) },
    ],
    groups: [
      {
        id: 10,
        fullPath: "acme",
        visibility: "private",
        members: [
          { userId: 1, accessLevel: 30 },
          { userId: 4, accessLevel: 5 },
        ],
      },
      { id: 11, fullPath: "acme/platform", visibility: "private" },
      { id: 12, fullPath: "acme/platform/tools", visibility: "private" },
      { id: 20, fullPath: "other", visibility: "private", members: [{ userId: 2, accessLevel: 50 }] },
      { id: 30, fullPath: "open-source", visibility: "public", members: [{ userId: 2, accessLevel: 40 }] },
    ],
    projects: [
      { id: 101, namespace: "acme", path: "api", visibility: "private", topics: ["backend", "scan"] },
      { id: 102, namespace: "acme", path: "web", visibility: "internal", topics: ["frontend", "scan"] },
      { id: 103, namespace: "acme", path: "legacy", visibility: "private", archived: true, topics: ["scan"] },
      { id: 104, namespace: "acme", path: "api-fork", visibility: "private", forkedFromProjectId: 101 },
      { id: 105, namespace: "acme", path: "empty", visibility: "private", defaultBranch: null },
      { id: 111, namespace: "acme/platform", path: "infra", visibility: "private", topics: ["scan"] },
      { id: 121, namespace: "acme/platform/tools", path: "cli", visibility: "public", topics: ["scan"] },
      {
        id: 201,
        namespace: "other",
        path: "shared-lib",
        visibility: "private",
        sharedWith: [{ groupFullPath: "acme", accessLevel: 30 }],
      },
      { id: 202, namespace: "other", path: "secret", visibility: "private" },
      { id: 301, namespace: "open-source", path: "website", visibility: "public" },
      { id: 302, namespace: "open-source", path: "internal-tool", visibility: "internal" },
      { id: 303, namespace: "open-source", path: "private-notes", visibility: "private" },
    ],
  };
}

/** A world with one group `big` holding `count` private projects (ids 1…count) and alice as developer. */
export function bigWorld(count: number): GitLabSeed {
  const projects: GitLabProjectSeed[] = [];
  for (let i = 1; i <= count; i++) {
    projects.push({
      id: i,
      namespace: i % 10 === 0 ? "big/sub" : "big",
      path: `repo-${String(i).padStart(6, "0")}`,
      visibility: i % 3 === 0 ? "internal" : "private",
      archived: i % 97 === 0,
      topics: i % 2 === 0 ? ["even"] : [],
    });
  }
  return {
    users: [{ id: 1, username: "alice" }],
    tokens: [{ value: tokens.aliceApi, userId: 1, scopes: ["api"], expiresAt: dateInDays(365) }],
    groups: [
      { id: 1, fullPath: "big", visibility: "private", members: [{ userId: 1, accessLevel: 30 }] },
      { id: 2, fullPath: "big/sub", visibility: "private" },
    ],
    projects,
  };
}
