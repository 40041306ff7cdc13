// What a GitHub token is and can do. Classic and OAuth tokens tell their scopes in X-OAuth-Scopes
// (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps); fine-grained
// and app tokens have no readable scope model, so we probe the endpoints the platforms need and report
// what was proven and what could not be.
import type { Clock } from "../../core/clock";
import {
  classifyGitHubToken,
  expandGitHubScopes,
  hasGitHubScopeModel,
  parseOAuthScopesHeader,
} from "../../plan/scopes-github";
import type { ScmEndpoint, TokenInfo } from "../types";
import { unreadTokenInfo } from "../token-info";
import { isRequestError, looksLikeGitHub, mapGitHubError, wrongInstance } from "./errors";
import { parseTokenExpiration } from "./expiration";
import type { GitHubOctokitInstance } from "./octokit";

/** Capability names reported in provenCapabilities / unprovenCapabilities. */
export const CAPABILITIES = {
  readUser: "read-user",
  orgMembership: "read-org-membership",
  listRepos: "list-org-repos",
} as const;

export interface IntrospectDeps {
  octokit: GitHubOctokitInstance;
  token: string;
  endpoint: ScmEndpoint;
  clock: Clock;
}

type Headers = Record<string, string | undefined>;

export async function introspectGitHubToken(deps: IntrospectDeps, organization?: string): Promise<TokenInfo> {
  const { octokit, endpoint } = deps;
  const now = () => deps.clock.now();
  const kind = classifyGitHubToken(deps.token);
  const info = unreadTokenInfo(kind, { warnings: [] });

  // 1. GET /user: the owner, and the headers every answer carries (scopes, expiry, GHES version).
  let headers: Headers;
  try {
    const response = await octokit.request("GET /user");
    if (!looksLikeGitHub(response.headers as Headers, response.data)) throw wrongInstance(endpoint.apiUrl);
    headers = response.headers as Headers;
    info.owner = response.data.login;
    info.provenCapabilities.push(CAPABILITIES.readUser);
  } catch (e) {
    // An installation token (ghs_) has no user: 403 "Resource not accessible by integration" is the
    // expected answer, and its headers still tell the expiry and the GHES version.
    if (kind === "github-app-installation" && isRequestError(e) && e.status === 403 && e.response) {
      if (!looksLikeGitHub(e.response.headers, e.response.data)) throw wrongInstance(endpoint.apiUrl);
      headers = e.response.headers;
      info.unprovenCapabilities.push(CAPABILITIES.readUser);
    } else {
      throw mapGitHubError(e, {
        apiUrl: endpoint.apiUrl,
        action: "reading the token's user (GET /user)",
        field: "token",
        now: now(),
      });
    }
  }

  // 2. Enterprise Server or github.com, and the version.
  const enterpriseVersion = headers["x-github-enterprise-version"];
  info.isEnterpriseServer = enterpriseVersion !== undefined;
  if (endpoint.scm === "github-enterprise" && !enterpriseVersion) {
    throw wrongInstance(
      endpoint.apiUrl,
      "scm",
      'it answers like github.com, without X-GitHub-Enterprise-Version; use scm "github"',
    );
  }
  if (endpoint.scm === "github" && enterpriseVersion) {
    throw wrongInstance(
      endpoint.apiUrl,
      "scm",
      `it is GitHub Enterprise Server ${enterpriseVersion}; use scm "github-enterprise"`,
    );
  }
  if (enterpriseVersion) {
    info.serverVersion = enterpriseVersion;
    try {
      const meta = await octokit.request("GET /meta");
      const installed = (meta.data as { installed_version?: unknown }).installed_version;
      if (typeof installed === "string" && installed.length > 0) info.serverVersion = installed;
    } catch {
      info.warnings.push("GET /meta failed; the version comes from the X-GitHub-Enterprise-Version header");
    }
  }

  // 3. Expiry.
  const expiry = parseTokenExpiration(headers["github-authentication-token-expiration"]);
  // Only reported: what an expiry means (refused, warned about) is plan/expiry.ts's one policy.
  if (expiry) {
    info.expiresAt = expiry;
  } else if (headers["github-authentication-token-expiration"] !== undefined) {
    info.warnings.push("GitHub sent an expiration header we could not read; the expiry is unknown");
  }

  // 4. Scopes, where the token kind has them. The prefix decides (an empty header is ambiguous).
  const scopesHeader = headers["x-oauth-scopes"];
  if (hasGitHubScopeModel(kind) || (kind === "unknown" && scopesHeader !== undefined)) {
    info.grantedScopes = parseOAuthScopesHeader(scopesHeader);
    info.effectiveScopes = expandGitHubScopes(info.grantedScopes);
    info.scopesKnown = scopesHeader !== undefined;
    if (scopesHeader === undefined) {
      info.warnings.push("GitHub sent no X-OAuth-Scopes header for this classic token; its scopes are unknown");
    } else if (info.grantedScopes.length === 0) {
      info.warnings.push("the token has no scopes: it can read public data only");
    }
    if (kind === "unknown")
      info.warnings.push("the token has no known GitHub prefix; treated as a classic token (it reports scopes)");
  } else {
    // 5. Permission-model tokens: probe what the platforms need.
    await probeCapabilities(deps, info, organization);
  }
  return info;
}

async function probeCapabilities(
  deps: IntrospectDeps,
  info: TokenInfo,
  organization: string | undefined,
): Promise<void> {
  const { octokit, endpoint } = deps;
  info.warnings.push(
    `${info.kind} tokens have no readable scopes: capabilities were probed${organization ? ` against "${organization}"` : ""}`,
  );
  if (!organization) {
    info.unprovenCapabilities.push(CAPABILITIES.orgMembership, CAPABILITIES.listRepos);
    info.warnings.push("no organization was given, so organization access and repository listing could not be probed");
    return;
  }
  const probe = async (capability: string, call: () => Promise<unknown>, action: string) => {
    try {
      await call();
      info.provenCapabilities.push(capability);
    } catch (e) {
      const mapped = mapGitHubError(e, { apiUrl: endpoint.apiUrl, action, field: "token", now: deps.clock.now() });
      // Failures that are about the token or the host, not about this capability, stop here.
      if (
        ["bad-credentials", "token-expired", "sso-required", "unreachable", "tls", "wrong-instance"].includes(
          mapped.kind,
        )
      ) {
        throw mapped;
      }
      info.unprovenCapabilities.push(capability);
      info.warnings.push(`${capability} not proven: ${mapped.message}`);
    }
  };
  if (info.kind === "github-app-installation") {
    info.unprovenCapabilities.push(CAPABILITIES.orgMembership);
  } else {
    await probe(
      CAPABILITIES.orgMembership,
      () => octokit.request("GET /user/memberships/orgs/{org}", { org: organization }),
      `reading the membership in "${organization}"`,
    );
  }
  await probe(
    CAPABILITIES.listRepos,
    () => octokit.request("GET /orgs/{org}/repos", { org: organization, per_page: 1 }),
    `listing the repositories of "${organization}"`,
  );
}
