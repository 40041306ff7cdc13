// The physical limits each measurement is compared with, and the targets of issue 8.
//
// Plan: a GitHub listing is page 1, then pages 2..P in parallel (`concurrency` at a time); Snyk's
// REST targets listing is cursor-paged, so its pages are strictly sequential. The two APIs are
// independent, so the lower bound of a plan is the slower of the two, not their sum.
//
// Apply: every import is one POST and (pending polls + 1) polls, then one listing of the targets.
// The rate-limit floor is the documented limit taken as a sustained rate (R / limit × window) when
// the requests do not fit in one window; a short run that fits in one window is bounded by latency.
// V1 and REST count against their own documented limits (V1 2,000/min, REST 1,620/min), as the docs
// state them and as the provider's limiters assume. "shared" is shown beside it for the case the two
// turn out to share one counter at the stricter 1,620/min (UNVERIFIED either way).
import { LIMITS } from "./scenario";

export const PER_PAGE = 100;

export function pages(items: number): number {
  return Math.max(1, Math.ceil(items / PER_PAGE));
}

export interface PlanBound {
  githubMs: number;
  snykMs: number;
  boundMs: number;
}

export function planLowerBound(
  repositories: number,
  targets: number,
  concurrency: number,
  latencyMs: number,
): PlanBound {
  const githubPages = pages(repositories);
  const githubMs = (1 + Math.ceil((githubPages - 1) / concurrency)) * latencyMs;
  const snykRequests = pages(targets);
  const snykMs = Math.max(snykRequests * latencyMs, rateFloorMs(snykRequests, LIMITS.snykRestPerMinute));
  return { githubMs, snykMs, boundMs: Math.max(githubMs, snykMs) };
}

/** Time the documented limit imposes on `requests` (0 when they fit in one window). */
export function rateFloorMs(requests: number, perMinute: number): number {
  return requests > perMinute ? (requests / perMinute) * 60_000 : 0;
}

export interface TargetCheck {
  target: string;
  met: boolean;
  figure: string;
}

/**
 * The floor of an apply whose jobs take time: each import's job cannot start before the documented
 * V1 limit lets its POST out — a rolling window of `perMinute` lets the first `perMinute` go at once,
 * the next ones a minute later, and so on — nor end before its duration has passed; after the last job
 * ends, one request learns it. floor = max over imports k (in submission order) of
 * (⌊k / perMinute⌋ × 60 s + latency + job_k) + latency. The provider's own limiter (97% of the limit)
 * and its `concurrency` are not part of it: the floor is what the platform allows, not what we chose.
 */
export interface JobFloor {
  floorMs: number;
  /** The same with the POSTs paced evenly at the limit (import k at k / perMinute minutes): the reading. */
  evenFloorMs: number;
  /** When the documented limit lets the last POST out. */
  writesMs: number;
  longestJobMs: number;
}

export function jobFloor(durations: readonly number[], perMinute: number, latencyMs: number): JobFloor {
  let floorMs = 0;
  let evenFloorMs = 0;
  let longestJobMs = 0;
  durations.forEach((d, k) => {
    floorMs = Math.max(floorMs, Math.floor(k / perMinute) * 60_000 + latencyMs + d);
    evenFloorMs = Math.max(evenFloorMs, (k / perMinute) * 60_000 + latencyMs + d);
    longestJobMs = Math.max(longestJobMs, d);
  });
  const writesMs = Math.floor(Math.max(0, durations.length - 1) / perMinute) * 60_000 + latencyMs;
  return { floorMs: floorMs + latencyMs, evenFloorMs: evenFloorMs + latencyMs, writesMs, longestJobMs };
}

/**
 * When the documented REST limit lets the last of `writes` requests out, counted in rolling minutes
 * from the first job's end (a project is marked only once its job made it): a floor for marking
 * what an apply imported, which V1's floor (jobFloor) does not see.
 */
export function restWritesFloor(writes: number, perMinute: number, firstJobEndMs: number): number {
  return writes === 0 ? 0 : firstJobEndMs + Math.floor((writes - 1) / perMinute) * 60_000;
}
