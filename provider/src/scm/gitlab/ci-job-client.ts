// The Gitbeaker instance onboarding by CI job writes with: the user's onboarding.ciJob.scmToken, on
// the same transport as the GitLab ScmClient (requester.ts: retries honouring Retry-After, a timeout
// per attempt, the private CA), built from the same parts.
import { Gitlab } from "@gitbeaker/rest";
import type { Clock } from "../../core/clock";
import { createFetch } from "../../core/guarded-fetch";
import { defaultHttpPolicy, sendWithPolicy, type HttpPolicy } from "../../core/http";
import type { Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import type { ScmEndpoint } from "../types";
import { createPolicyRequesterFn } from "./requester";

const API_SUFFIX = "/api/v4";

export type GitLabApi = InstanceType<typeof Gitlab<false>>;

export interface GitLabCiJobClientOptions {
  endpoint: ScmEndpoint;
  token: string;
  clock: Clock;
  logger: Logger;
  concurrency: number;
  caCertificate?: string;
  allowInsecureLoopback?: boolean;
}

export function createGitLabCiJobApi(options: GitLabCiJobClientOptions): GitLabApi {
  rememberSecret(options.token);
  const fetchImpl = createFetch({
    ...(options.caCertificate !== undefined ? { caCertificate: options.caCertificate } : {}),
    connections: Math.max(options.concurrency, 4),
    allowLoopback: options.allowInsecureLoopback === true,
  });
  const policy: HttpPolicy = {
    ...defaultHttpPolicy,
    clock: options.clock,
    onRetry: (info) =>
      options.logger.info(`GitLab: retrying ${new URL(info.url).pathname} after ${info.reason} in ${info.waitMs} ms`),
  };
  const apiUrl = options.endpoint.apiUrl.replace(/\/+$/, "");
  return new Gitlab({
    host: apiUrl.endsWith(API_SUFFIX) ? apiUrl.slice(0, -API_SUFFIX.length) : apiUrl,
    token: options.token,
    requesterFn: createPolicyRequesterFn((request) => sendWithPolicy(request, policy, fetchImpl), apiUrl),
    // As in client.ts: the policy times out each attempt, and GitLab's 429 + Retry-After is the limit.
    queryTimeout: 0,
    rateLimits: {},
  });
}
