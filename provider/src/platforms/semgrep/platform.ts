// The Semgrep platform adapter, wired from one module each. Integration: nothing remote of its own, a
// deterministic local id once the deployment and the SCM kind are valid (./integration-steps).
// OrgConnection: the SCM config (`/api/scm/deployments/{id}/configs`), adopted when one exists
// (./connection-steps). RepositoryImport: projects, listed through the v1 list and onboarded by a sync
// of the SCM config and Managed Scans (./import-listing, ./project-sync, ./import-steps), or on GitHub.com
// by Semgrep's own provisioning of its CI workflow (./provisioning-steps).
import { silentLogger, type Logger } from "../../core/log";
import type { Platform, PlatformConfig } from "../types";
import { SemgrepClient, type SemgrepClientOptions } from "./client";
import { semgrepConnectionSteps } from "./connection-steps";
import { semgrepImportSteps } from "./import-steps";
import { semgrepIntegrationSteps } from "./integration-steps";
import { semgrepProvisioningSteps } from "./provisioning-steps";
import type { SemgrepContext } from "./platform-context";
import { SemgrepScmClient } from "./scm-client";

/** Test and tuning knobs beyond PlatformConfig (fetch, rate limit, poll timings). */
export interface SemgrepPlatformOptions extends Partial<Omit<SemgrepClientOptions, "token" | "apiUrl">> {
  /** Concurrent project reads while listing imports. */
  readConcurrency?: number;
  /** Sync task polling: first wait and the longest total wait, in ms. */
  syncFirstWaitMs?: number;
  syncMaxWaitMs?: number;
}

export function createSemgrepPlatform(config: PlatformConfig, options: SemgrepPlatformOptions = {}): Platform {
  const context = semgrepContext(config, options);
  return {
    name: "semgrep",
    ...semgrepIntegrationSteps(context),
    ...semgrepConnectionSteps(context),
    ...semgrepImportSteps(context),
    ...semgrepProvisioningSteps(context),
  };
}

/** One transport (limiter, retries, scope proof) and its two clients, shared by every step of this platform. */
function semgrepContext(config: PlatformConfig, options: SemgrepPlatformOptions): SemgrepContext {
  const logger: Logger = config.logger ?? options.logger ?? silentLogger;
  const client = new SemgrepClient({
    ...options,
    token: config.apiToken,
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    logger,
    ...(config.clock ? { clock: config.clock } : {}),
  });
  return {
    client,
    scm: new SemgrepScmClient(client.transport),
    logger,
    readConcurrency: options.readConcurrency ?? 8,
    syncWait: {
      ...(options.syncFirstWaitMs !== undefined ? { firstWaitMs: options.syncFirstWaitMs } : {}),
      ...(options.syncMaxWaitMs !== undefined ? { maxWaitMs: options.syncMaxWaitMs } : {}),
    },
  };
}
