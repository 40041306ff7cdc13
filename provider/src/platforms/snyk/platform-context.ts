// What every Snyk step (integration-steps, connection-steps, code-analysis-steps, import-listing,
// import-steps) works through: one API key's transport and its two clients, built once per platform.
import type { Logger } from "../../core/log";
import type { PollSchedule } from "./import-jobs";
import type { SnykRestClient } from "./rest-client";
import type { SnykTransport } from "./transport";
import type { SnykV1Client } from "./v1-client";

export interface SnykContext {
  readonly transport: SnykTransport;
  readonly v1: SnykV1Client;
  readonly rest: SnykRestClient;
  readonly logger: Logger;
  /** How often import jobs are polled. */
  readonly schedule: PollSchedule;
}
