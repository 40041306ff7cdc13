// The GitLab (gitlab.com and Self-Managed) ScmClient on Gitbeaker, with our own transport
// (requester.ts) for retries that honour Retry-After, per-attempt timeouts and a custom CA.
import { Gitlab } from "@gitbeaker/rest";
import { systemClock } from "../../core/clock";
import { validateCaCertificate } from "../../core/endpoints";
import { ScmIntegrationError } from "../../core/errors";
import { createFetch } from "../../core/guarded-fetch";
import { defaultHttpPolicy, sendWithPolicy, type HttpPolicy } from "../../core/http";
import { silentLogger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import type { ScmClient, ScmClientOptions } from "../types";
import { gitLabBranchExists } from "./branches";
import { createCurrentUserCache, type GitLabContext } from "./context";
import { getGroupAccess } from "./groups";
import { introspectGitLabToken } from "./introspect";
import { DEFAULT_CONCURRENCY, listGroupProjects } from "./listing";
import { readGroupPlan } from "./plan";
import { getProject } from "./projects";
import { createPolicyRequesterFn } from "./requester";

const API_SUFFIX = "/api/v4";

export function createGitLabClient(options: ScmClientOptions): ScmClient {
  rememberSecret(options.token);
  const endpoint = options.endpoint;
  if (endpoint.scm !== "gitlab" && endpoint.scm !== "gitlab-self-managed") {
    throw new ScmIntegrationError("invalid-input", `the GitLab client cannot serve scm "${endpoint.scm}"`, {
      field: "scm",
      fix: 'use "gitlab" or "gitlab-self-managed" with a GitLab token',
    });
  }
  if (!endpoint.apiUrl.endsWith(API_SUFFIX)) {
    throw new ScmIntegrationError("invalid-input", `the API URL ${endpoint.apiUrl} does not end with ${API_SUFFIX}`, {
      field: "baseUrl",
      fix: "resolve the endpoint with resolveScmEndpoint",
    });
  }
  if (typeof options.token !== "string" || options.token.trim() === "") {
    throw new ScmIntegrationError("invalid-input", "the GitLab token is empty", {
      field: "token",
      fix: "pass a GitLab access token",
    });
  }
  const logger = options.logger ?? silentLogger;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const clock = options.clock ?? systemClock;
  if (options.caCertificate !== undefined) {
    const problem = validateCaCertificate(options.caCertificate, new Date(clock.now()));
    if (problem)
      throw new ScmIntegrationError("invalid-input", problem.problem, { field: problem.field, fix: problem.fix });
  }

  const counters = { requests: 0 };
  const fetchImpl = createFetch({
    ...(options.caCertificate !== undefined ? { caCertificate: options.caCertificate } : {}),
    connections: Math.max(concurrency, 4),
    allowLoopback: options.allowInsecureLoopback === true,
  });
  const policy: HttpPolicy = {
    ...defaultHttpPolicy,
    clock,
    onRetry: (info) => {
      counters.requests++;
      logger.info(`GitLab: retrying ${new URL(info.url).pathname} after ${info.reason} in ${info.waitMs} ms`);
    },
  };
  const requesterFn = createPolicyRequesterFn((request) => {
    counters.requests++;
    return sendWithPolicy(request, policy, fetchImpl);
  }, endpoint.apiUrl);

  const api = new Gitlab({
    host: endpoint.apiUrl.slice(0, -API_SUFFIX.length),
    token: options.token,
    requesterFn,
    // Each attempt has its own timeout in the policy; Gitbeaker's whole-query timeout would cut retries short.
    queryTimeout: 0,
    // Gitbeaker's client-side limiter guesses GitLab's limits; the server's 429 + Retry-After is the real signal.
    rateLimits: {},
  });

  const ctx: GitLabContext = {
    api,
    endpoint,
    logger,
    concurrency,
    counters,
    clock,
    currentUser: createCurrentUserCache(api, endpoint),
  };

  return {
    endpoint,
    introspectToken: () => introspectGitLabToken(ctx, options.token),
    getOrgAccess: (organization) => getGroupAccess(ctx, organization),
    listRepositories: (organization, selector) => listGroupProjects(ctx, organization, selector),
    getRepository: (fullName) => getProject(ctx, fullName),
    branchExists: (fullName, branch) => gitLabBranchExists(ctx, fullName, branch),
    // GitLab.com only: Self-Managed instances have no subscription plan per group.
    ...(endpoint.scm === "gitlab" ? { groupPlan: (organization: string) => readGroupPlan(ctx, organization) } : {}),
  };
}
