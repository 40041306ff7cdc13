// The Snyk side of the three steps, wired from one module each. Integration: the org's V1 integration
// of the SCM's type (./integration-steps). OrgConnection: nothing on Snyk's side (./connection-steps).
// RepositoryImport: V1 import jobs, REST targets, REST project tags as ownership markers
// (./import-listing, ./import-steps). Snyk Code settings: ./code-analysis-steps.
import type { FetchLike, HttpPolicy } from "../../core/http";
import { silentLogger } from "../../core/log";
import type { Platform, PlatformConfig } from "../types";
import { snykCodeAnalysisSteps } from "./code-analysis-steps";
import { snykConnectionSteps } from "./connection-steps";
import { DEFAULT_POLL_SCHEDULE, type PollSchedule } from "./import-jobs";
import { snykImportSteps } from "./import-steps";
import { snykIntegrationSteps } from "./integration-steps";
import type { SnykContext } from "./platform-context";
import type { SnykRateBudget } from "./rate-budget";
import { SnykRestClient } from "./rest-client";
import { createSnykTransport } from "./transport";
import { SnykV1Client } from "./v1-client";

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface SnykPlatformTuning {
  rateBudget?: SnykRateBudget;
  http?: Partial<Omit<HttpPolicy, "limiter" | "clock">>;
  pollSchedule?: Partial<PollSchedule>;
  fetch?: FetchLike;
}

export function createSnykPlatform(config: PlatformConfig, tuning: SnykPlatformTuning = {}): Platform {
  const context = snykContext(config, tuning);
  return {
    name: "snyk",
    // "a Snyk admin and GitLab Owner or Maintainer sets up an integration" (GitLab access tokens,
    // https://docs.snyk.io/scm-ide-and-ci-cd-integrations/snyk-scm-integrations/gitlab); Maintainer is
    // GitLab's level 40 (https://docs.gitlab.com/api/members/#roles).
    gitlabAccessNeeded: { level: 40, role: "Maintainer or Owner" },
    ...snykIntegrationSteps(context),
    ...snykConnectionSteps(context),
    ...snykCodeAnalysisSteps(context),
    ...snykImportSteps(context),
  };
}

/** One transport (roots, limiters, fetch) and its two clients, shared by every step of this platform. */
function snykContext(config: PlatformConfig, tuning: SnykPlatformTuning): SnykContext {
  const logger = config.logger ?? silentLogger;
  const transport = createSnykTransport({
    apiToken: config.apiToken,
    ...(config.region !== undefined ? { region: config.region } : {}),
    ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
    logger,
    ...(config.clock !== undefined ? { clock: config.clock } : {}),
    ...(tuning.rateBudget ? { rateBudget: tuning.rateBudget } : {}),
    ...(tuning.http ? { http: tuning.http } : {}),
    ...(tuning.fetch ? { fetch: tuning.fetch } : {}),
  });
  return {
    transport,
    v1: new SnykV1Client(transport),
    rest: new SnykRestClient(transport),
    logger,
    schedule: { ...DEFAULT_POLL_SCHEDULE, ...tuning.pollSchedule },
  };
}
