// Shared set-up for the Snyk adapter tests: an in-process emulator, endpoints, and a platform built
// with test-sized policies on a virtual clock. Canary tokens are long and unique so a leak is unmistakable.
import type { Clock } from "../../../provider/src/core/clock";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { createSnykPlatform, type SnykPlatformTuning } from "../../../provider/src/platforms/snyk/platform";
import type { SnykRateBudget } from "../../../provider/src/platforms/snyk/rate-budget";
import type { Platform } from "../../../provider/src/platforms/types";
import type { SnykSeed } from "../../emulators/snyk/seed";
import { VirtualClock } from "../../support/virtual-clock";

export const ORG = "3d3f1f5e-7a6b-4c1d-9e2f-000000000001";
export const OTHER_ORG = "3d3f1f5e-7a6b-4c1d-9e2f-000000000002";

export function canary(label: string): string {
  return `CANARY-${label}-${Math.random().toString(36).slice(2)}-5f0c2d7e`;
}

export const githubCloud: ScmEndpoint = {
  scm: "github",
  baseUrl: "https://github.com",
  apiUrl: "https://api.github.com",
  webUrl: "https://github.com",
};

export const ghes: ScmEndpoint = {
  scm: "github-enterprise",
  baseUrl: "https://ghe.example.com",
  apiUrl: "https://ghe.example.com/api/v3",
  webUrl: "https://ghe.example.com",
};

export const gitlabSelfManaged: ScmEndpoint = {
  scm: "gitlab-self-managed",
  baseUrl: "https://gitlab.example.com",
  apiUrl: "https://gitlab.example.com/api/v4",
  webUrl: "https://gitlab.example.com",
};

/** Limits far above anything a test sends, per dialect: the client never waits on its own limiter. */
export const EFFECTIVELY_UNLIMITED: SnykRateBudget = {
  v1: [{ limit: 100_000, windowMs: 1_000 }],
  rest: [{ limit: 100_000, windowMs: 1_000 }],
};

/** Few attempts and short polls (the waits pass on the virtual clock anyway). The attempt timeout, real
 *  time, stays generous: a loaded CI machine can stall the shared event loop for seconds. */
export const FAST: SnykPlatformTuning = {
  http: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 30_000 },
  pollSchedule: { initialMs: 100, factor: 1.5, maxMs: 500, maxPolls: 50 },
  // Unlimited unless a test sizes it.
  rateBudget: EFFECTIVELY_UNLIMITED,
};

/** A platform on `clock`: its own virtual clock unless the test shares one with the emulator. */
export function platformFor(
  baseUrl: string,
  apiToken: string,
  tuning: SnykPlatformTuning = FAST,
  clock: Clock = new VirtualClock(),
): Platform {
  return createSnykPlatform({ platform: "snyk", apiToken, apiUrl: baseUrl, clock }, tuning);
}

export function seedWith(apiToken: string, extra: Partial<SnykSeed> = {}): SnykSeed {
  return {
    apiKeys: [{ token: apiToken }],
    orgs: [
      { id: ORG, name: "acme" },
      { id: OTHER_ORG, name: "other" },
    ],
    repositories: [],
    ...extra,
  };
}
