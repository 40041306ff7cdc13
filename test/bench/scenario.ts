// What the benchmark's parent (emulators) and child (the client under test) agree on: names, ids,
// tokens and the jobs the child runs. No emulator or provider import here, so the child's memory is
// only what the code under test needs.

export const ORG = "acme";
export const SNYK_ORG = "6f0b4c4e-0000-4000-8000-00000000b001";
export const INTEGRATION_ID = "1c0d1e5e-0000-4000-8000-00000000b002";
/** Canary tokens: nothing here is a real credential. */
export const GITHUB_TOKEN = "ghp_BENCHcanaryTOKEN00000000000000000001";
export const SNYK_TOKEN = "5a1e0e7e-0000-4000-8000-0000000be9c1";

/**
 * The documented limits the benchmark holds the code to (https://docs.snyk.io/snyk-api/v1-api,
 * https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api#rate-limiting,
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 */
export const LIMITS = {
  snykV1PerMinute: 2_000,
  snykRestPerMinute: 1_620,
  githubPerHour: 5_000,
} as const;

/** Repository i (0-based) of the organization; fixed width keeps name order = index order. */
export function repoName(i: number): string {
  return `repo-${String(i + 1).padStart(6, "0")}`;
}

export function fullName(i: number): string {
  return `${ORG}/${repoName(i)}`;
}

/** 1% drift: every hundredth desired repository has no Snyk target (removed out of band). */
export function drifted(i: number): boolean {
  return i % 100 === 99;
}

export interface Endpoints {
  githubUrl: string;
  snykUrl: string;
}

export type ChildJob =
  | {
      kind: "plan";
      endpoints: Endpoints;
      repositories: number;
      concurrency: number;
      /** The provider's `httpCacheDir` setting: a directory the run may find filled, or "off". */
      httpCacheDir: string;
    }
  | {
      /** Real time: every wait (limiters, job polls) is the provider's own, unscaled. */
      kind: "apply";
      endpoints: Endpoints;
      imports: number;
      concurrency: number;
    }
  | { kind: "baseline-plan"; endpoints: Endpoints; repositories: number }
  | {
      kind: "baseline-apply";
      endpoints: Endpoints;
      imports: number;
      /** Imports in flight at once (snyk-api-import: 15). */
      concurrency: number;
      /** Wait between two polls of a pending job (snyk-api-import: 20 s). */
      pollIntervalMs: number;
    };

/** Import-job durations the emulator gives each repository (test/emulators/snyk/seed.ts ImportJobDurations). */
export type JobDurations = { fixedMs: number } | { mix: { ms: number; share: number }[] };

/**
 * A realistic mix (UNVERIFIED shares: Snyk publishes no distribution; small repositories import in
 * seconds, large monorepos in minutes): 40% 2 s, 35% 10 s, 20% 30 s, 5% 90 s.
 */
export const MIXED_JOBS: JobDurations = {
  mix: [
    { ms: 2_000, share: 40 },
    { ms: 10_000, share: 35 },
    { ms: 30_000, share: 20 },
    { ms: 90_000, share: 5 },
  ],
};

export function describeJobs(jobs: JobDurations): string {
  return "fixedMs" in jobs ? `jobs ${jobs.fixedMs / 1000} s` : "jobs mixed";
}

export interface ChildResult {
  /** Wall time of the measured part, ms. */
  wallMs: number;
  /** Peak resident set size of the child process, bytes. */
  peakRssBytes: number;
  /** What the run decided (plan counts, outcomes), for sanity checks. */
  detail: Record<string, unknown>;
}
