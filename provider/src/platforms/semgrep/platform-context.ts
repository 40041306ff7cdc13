// What every Semgrep step (integration-steps, connection-steps, import-listing, import-steps) works
// through: one API token's two clients (Web API, SCM API) over one transport, built once per platform,
// and the import knobs.
import type { Logger } from "../../core/log";
import type { SemgrepClient } from "./client";
import type { SemgrepScmClient } from "./scm-client";

export interface SemgrepContext {
  /** Deployments and projects (Web API). */
  readonly client: SemgrepClient;
  /** SCM configs, their sync tasks, SCM apps and sign-in providers (SCM API). */
  readonly scm: SemgrepScmClient;
  readonly logger: Logger;
  /** Concurrent project reads while listing imports. */
  readonly readConcurrency: number;
  /** Sync task polling: first wait and the longest total wait, in ms; the client's defaults where absent. */
  readonly syncWait: { firstWaitMs?: number; maxWaitMs?: number };
}
