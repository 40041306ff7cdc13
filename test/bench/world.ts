// The emulators one benchmark scenario runs against, in the parent process (so the child's RSS and
// CPU are the client's own): GitHub with N repositories and its 5,000/h primary limit, Snyk with the
// org's github-enterprise integration, targets for the repositories already imported, its documented
// per-key limits (V1 2,000/min, REST 1,620/min), import jobs pending for a few polls, and a fixed
// latency on every request.
import { createGitHubEmulator } from "../emulators/github/emulator";
import type { GitHubSeed } from "../emulators/github/seed";
import type { EmulatorHost, RequestStats } from "../emulators/host";
import { createSnykEmulator, type SnykEmulator } from "../emulators/snyk/emulator";
import type { SnykSeed } from "../emulators/snyk/seed";
import {
  GITHUB_TOKEN,
  INTEGRATION_ID,
  LIMITS,
  ORG,
  SNYK_ORG,
  SNYK_TOKEN,
  fullName,
  repoName,
  type Endpoints,
  type JobDurations,
} from "./scenario";

export interface BenchWorldSpec {
  repositories: number;
  /** Which repositories already have a Snyk target. */
  imported: (i: number) => boolean;
  latencyMs: number;
  /** Polls an import job answers "pending" before it completes (when no job durations are set). */
  pendingPolls: number;
  /** 1 = documented limits; k = k times more requests per window (time-compressed runs only). */
  rateScale: number;
  /** How long import jobs take on the emulator's clock (real time here); absent = poll-counted. */
  jobDurations?: JobDurations;
}

/** Requests one API received, as the emulator counted them. */
export interface ApiCount {
  requests: number;
  writes: number;
  notModified: number;
  status429: number;
  /** GitHub answers an exhausted primary limit with 403 + x-ratelimit-remaining: 0. */
  rateLimited: number;
}

export interface WorldCounts {
  github: ApiCount;
  snykV1: ApiCount;
  snykRest: ApiCount;
}

export interface BenchWorld {
  endpoints: Endpoints;
  github: EmulatorHost<GitHubSeed>;
  snyk: SnykEmulator;
  counts(): WorldCounts;
  resetCounts(): void;
  /**
   * Each measured command starts with Snyk's one-minute windows empty, as the lower bounds assume:
   * otherwise a 100,000-repository plan run right after another pays for the first one's requests.
   */
  freshRateWindows(): void;
  /** Give every drifted repository its target back (what a converged apply leaves). */
  importAll(): void;
  /** The import jobs the emulator ran, in submission order: when each arrived and how long it took. */
  jobs(): { createdAtMs: number; durationMs: number }[];
  stop(): Promise<void>;
}

export async function startBenchWorld(spec: BenchWorldSpec): Promise<BenchWorld> {
  const github = createGitHubEmulator();
  const repositories = Array.from({ length: spec.repositories }, (_, i) => ({
    owner: ORG,
    name: repoName(i),
    id: 1_000_000 + i,
    visibility: "private" as const,
    default_branch: "main",
  }));
  github.seed({
    users: [{ login: "platform-bot", id: 7001 }],
    tokens: [{ value: GITHUB_TOKEN, owner: "platform-bot", kind: "classic", scopes: ["repo", "read:org"] }],
    orgs: [{ login: ORG, id: 90001, members: { "platform-bot": { role: "admin", state: "active" } } }],
    repositories,
    rateLimit: { limit: LIMITS.githubPerHour, windowMs: 3_600_000 },
  });

  const snykSeed: SnykSeed = {
    apiKeys: [{ token: SNYK_TOKEN }],
    orgs: [
      {
        id: SNYK_ORG,
        name: "bench",
        integrations: [
          {
            type: "github-enterprise",
            id: INTEGRATION_ID,
            credentials: { token: GITHUB_TOKEN, url: "https://api.github.com" },
          },
        ],
        targets: repositories
          .map((_, i) => i)
          .filter(spec.imported)
          .map((i) => ({ integrationType: "github-enterprise", displayName: fullName(i), projects: ["package.json"] })),
      },
    ],
    repositories: repositories.map((_, i) => ({
      fullName: fullName(i),
      scm: "github" as const,
      defaultBranch: "main",
    })),
    rateLimits: {
      v1: { limit: LIMITS.snykV1PerMinute * spec.rateScale, windowMs: 60_000 },
      rest: { limit: LIMITS.snykRestPerMinute * spec.rateScale, windowMs: 60_000 },
    },
    importJobs: { pendingPolls: spec.pendingPolls, ...(spec.jobDurations ? { durations: spec.jobDurations } : {}) },
  };
  const snyk = createSnykEmulator(snykSeed);

  const githubUrl = await github.start();
  const snykUrl = await snyk.start();
  github.settings.latencyMs = spec.latencyMs;
  snyk.settings.latencyMs = spec.latencyMs;

  // The Snyk emulator counts the 429s its own limiter answered per dialect since the seed.
  let limitedBefore = { ...snyk.snyk.rateLimited };
  return {
    endpoints: { githubUrl, snykUrl },
    github,
    snyk,
    counts: () => {
      const limited = {
        v1: snyk.snyk.rateLimited.v1 - limitedBefore.v1,
        rest: snyk.snyk.rateLimited.rest - limitedBefore.rest,
      };
      return { github: githubCount(github.requestStats()), ...snykCounts(snyk.requestStats(), limited) };
    },
    resetCounts() {
      github.resetRequestStats();
      snyk.resetRequestStats();
      limitedBefore = { ...snyk.snyk.rateLimited };
    },
    freshRateWindows() {
      snyk.snyk.resetRateWindows();
    },
    importAll() {
      const state = snyk.snyk;
      const present = new Set([...state.targets.values()].map((t) => t.displayName.toLowerCase()));
      for (let i = 0; i < spec.repositories; i++) {
        if (present.has(fullName(i))) continue;
        const target = state.addTarget({
          orgId: SNYK_ORG,
          integrationId: INTEGRATION_ID,
          integrationType: "github-enterprise",
          displayName: fullName(i),
          url: `https://github.com/${fullName(i)}`,
          isPrivate: true,
        });
        state.addProject(target, "package.json", "main");
      }
    },
    jobs() {
      return [...snyk.snyk.jobs.values()]
        .map((j) => ({ createdAtMs: j.createdAtMs, durationMs: j.durationMs ?? 0 }))
        .sort((a, b) => a.createdAtMs - b.createdAtMs);
    },
    async stop() {
      await Promise.all([github.stop(), snyk.stop()]);
    },
  };
}

function githubCount(stats: RequestStats): ApiCount {
  return {
    requests: stats.total,
    writes: stats.writes,
    notModified: stats.byStatus["304"] ?? 0,
    status429: stats.byStatus["429"] ?? 0,
    rateLimited: (stats.byStatus["403"] ?? 0) + (stats.byStatus["429"] ?? 0),
  };
}

/** The Snyk emulator serves both dialects: REST routes start with /rest, V1 with /v1 or /api/v1. */
function snykCounts(
  stats: RequestStats,
  limited: { v1: number; rest: number },
): { snykV1: ApiCount; snykRest: ApiCount } {
  const v1: ApiCount = { requests: 0, writes: 0, notModified: 0, status429: limited.v1, rateLimited: limited.v1 };
  const rest: ApiCount = { requests: 0, writes: 0, notModified: 0, status429: limited.rest, rateLimited: limited.rest };
  for (const [key, n] of Object.entries(stats.byRoute)) {
    const [method, route] = key.split(" ") as [string, string];
    const into = route.startsWith("/rest") ? rest : v1;
    into.requests += n;
    if (method !== "GET" && method !== "HEAD") into.writes += n;
  }
  return { snykV1: v1, snykRest: rest };
}
