// The GitHub / GitHub Enterprise Server ScmClient. `endpoint.apiUrl` is the REST root
// (https://api.github.com or https://HOST/api/v3); everything else is in the files beside this one.
import { systemClock } from "../../core/clock";
import type { ConditionalCache } from "../../core/conditional-cache";
import { ScmIntegrationError } from "../../core/errors";
import { processMemoryCache } from "../../core/http-cache";
import { silentLogger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { classifyGitHubToken } from "../../plan/scopes-github";
import type { RepositorySelector } from "../../core/domain.generated";
import type {
  OrgAccess,
  RepositoryInfo,
  RepositoryListing,
  ScmClient,
  ScmClientOptions,
  ScmEndpoint,
  TokenInfo,
} from "../types";
import { isGitHubNotFound, looksLikeGitHub, mapGitHubError, wrongInstance } from "./errors";
import { gitHubBranchExists } from "./branches";
import { introspectGitHubToken } from "./introspect";
import { listGitHubRepositories } from "./listing";
import { createGitHubOctokit } from "./octokit";
import { getGitHubOrgAccess } from "./org-access";
import { toRepositoryInfo } from "./repository";

export interface GitHubClientOptions extends ScmClientOptions {
  /**
   * Where ETags and bodies of listed pages are kept. The provider passes the one its `httpCacheDir`
   * setting names (on disk by default, so the next command's listing is answered 304); a client
   * created without it shares one in-memory cache with the rest of the process.
   */
  cache?: ConditionalCache;
  /** Per-attempt timeout, ms (default 30 s). */
  timeoutMs?: number;
  /** Rate-limit retries before failing (default 3). */
  maxRateLimitRetries?: number;
  /** 5xx / 429 / network retries (default 3). */
  serverErrorRetries?: number;
}

export interface GitHubClient extends ScmClient {
  /** With an organization, fine-grained and app tokens are also probed for membership and listing there. */
  introspectToken(organization?: string): Promise<TokenInfo>;
}

const DEFAULT_CONCURRENCY = 8;

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  rememberSecret(options.token);
  if (!options.token || options.token.trim() !== options.token) {
    throw new ScmIntegrationError("invalid-input", "the token is empty or has surrounding whitespace", {
      field: "token",
      fix: "pass the token exactly as GitHub shows it",
    });
  }
  const endpoint: ScmEndpoint = options.endpoint;
  const apiUrl = endpoint.apiUrl.replace(/\/+$/, "");
  const logger = options.logger ?? silentLogger;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const clock = options.clock ?? systemClock;
  const octokit = createGitHubOctokit({
    apiUrl,
    token: options.token,
    logger,
    connections: Math.max(16, concurrency * 2),
    allowInsecureLoopback: options.allowInsecureLoopback === true,
    ...(options.caCertificate ? { caCertificate: options.caCertificate } : {}),
    clock,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRateLimitRetries !== undefined ? { maxRateLimitRetries: options.maxRateLimitRetries } : {}),
    ...(options.serverErrorRetries !== undefined ? { serverErrorRetries: options.serverErrorRetries } : {}),
  });
  const cache = options.cache ?? processMemoryCache;
  const kind = classifyGitHubToken(options.token);

  return {
    endpoint,

    introspectToken: (organization?: string) =>
      introspectGitHubToken({ octokit, token: options.token, endpoint, clock }, organization),

    getOrgAccess: (organization: string): Promise<OrgAccess> =>
      getGitHubOrgAccess(
        { octokit, endpoint, isInstallationToken: kind === "github-app-installation", clock },
        organization,
      ),

    listRepositories: (organization: string, selector?: RepositorySelector): Promise<RepositoryListing> =>
      listGitHubRepositories(
        { octokit, token: options.token, endpoint, cache, concurrency, logger, clock },
        organization,
        selector,
      ),

    async getRepository(fullName: string): Promise<RepositoryInfo | null> {
      const parts = fullName.split("/");
      if (parts.length !== 2 || !parts[0] || !parts[1]) {
        throw new ScmIntegrationError("invalid-input", `"${fullName}" is not a GitHub repository name`, {
          field: "repositories",
          fix: "write repositories as owner/name",
        });
      }
      try {
        const response = await octokit.request("GET /repos/{owner}/{repo}", { owner: parts[0], repo: parts[1] });
        if (!looksLikeGitHub(response.headers as Record<string, string | undefined>, response.data))
          throw wrongInstance(apiUrl);
        return toRepositoryInfo(response.data, `repository ${fullName}`);
      } catch (e) {
        if (isGitHubNotFound(e)) return null;
        throw mapGitHubError(e, {
          apiUrl,
          action: `reading repository "${fullName}"`,
          field: "repositories",
          now: clock.now(),
        });
      }
    },

    branchExists: (fullName: string, branch: string): Promise<boolean> =>
      gitHubBranchExists({ octokit, apiUrl, clock }, fullName, branch),
  };
}
