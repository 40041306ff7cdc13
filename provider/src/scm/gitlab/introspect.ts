// What a GitLab token is and may do (https://docs.gitlab.com/api/personal_access_tokens/,
// https://docs.gitlab.com/user/profile/personal_access_tokens/#personal-access-token-scopes). GitLab ≥ 15.5 answers
// GET /personal_access_tokens/self for any PAT with any scope; older instances (404) and non-PAT
// tokens (400) cannot be introspected, so we fall back to GET /user and probe what a read needs.
import { ScmIntegrationError } from "../../core/errors";
import { safeHost } from "../../core/network-errors";
import { classifyGitLabToken, describeNonApiGitLabToken, expandGitLabScopes } from "../../plan/scopes-gitlab";
import type { TokenInfo, TokenKind } from "../types";
import { unreadTokenInfo } from "../token-info";
import type { GitLabContext, GitLabTokenSelf, GitLabUser } from "./context";
import { toScmError } from "./errors";
import { GitLabResponseError } from "./requester";

/** Capabilities the fallback probes report (TokenInfo.proven/unprovenCapabilities). */
export const GITLAB_CAPABILITIES = {
  readUser: "read-user",
  readApi: "read-api",
  writeApi: "write-api",
} as const;

type SelfResult = { kind: "self"; self: GitLabTokenSelf } | { kind: "not-pat" } | { kind: "no-route" };

async function readTokenSelf(ctx: GitLabContext): Promise<SelfResult> {
  try {
    const self = (await ctx.api.PersonalAccessTokens.show()) as unknown as GitLabTokenSelf;
    return { kind: "self", self };
  } catch (e) {
    if (e instanceof GitLabResponseError && e.isJson && e.status === 400) return { kind: "not-pat" };
    if (e instanceof GitLabResponseError && e.isJson && e.status === 404) return { kind: "no-route" };
    throw toScmError(e, ctx.endpoint, "read the token (GET /personal_access_tokens/self)");
  }
}

async function readVersion(ctx: GitLabContext): Promise<string | undefined> {
  try {
    const metadata = (await ctx.api.Metadata.show()) as unknown as { version?: unknown };
    return typeof metadata.version === "string" ? metadata.version : undefined;
  } catch (e) {
    if (!(e instanceof GitLabResponseError) || e.status !== 404) return undefined;
  }
  // /metadata arrived in 15.2; /version is its older (deprecated) alias with the same body.
  try {
    const response = await ctx.api.Metadata.requester.get<Record<string, unknown>>("version");
    const version = (response.body as { version?: unknown } | null)?.version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/** A GET that only api / read_api pass (API::API routes), to prove read access when scopes are unknown. */
async function probeReadApi(ctx: GitLabContext): Promise<boolean> {
  try {
    await ctx.api.Groups.all({ pagination: "offset", perPage: 1, page: 1 });
    return true;
  } catch (e) {
    if (e instanceof GitLabResponseError && e.status === 403) return false;
    throw toScmError(e, ctx.endpoint, "probe read access (GET /groups)");
  }
}

function expiryOf(self: GitLabTokenSelf): string | undefined {
  if (!self.expires_at) return undefined;
  // GitLab stores a date; the token stops working at 00:00 UTC of that day.
  const instant = Date.parse(`${self.expires_at.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

export async function introspectGitLabToken(ctx: GitLabContext, token: string): Promise<TokenInfo> {
  const nonApi = describeNonApiGitLabToken(token);
  if (nonApi) {
    throw new ScmIntegrationError("invalid-input", `the token is ${nonApi}, which cannot call the GitLab REST API`, {
      field: "token",
      fix: "use a personal, project or group access token (glpat-…) with the read_api scope",
    });
  }
  const warnings: string[] = [];
  const selfResult = await readTokenSelf(ctx);

  let owner: GitLabUser | undefined;
  try {
    owner = await ctx.currentUser();
  } catch (e) {
    const err = e as ScmIntegrationError;
    if (err.kind === "not-found") {
      // Every GitLab has GET /api/v4/user: a 404 there means this is not a GitLab API root.
      throw new ScmIntegrationError(
        "wrong-instance",
        `${ctx.endpoint.apiUrl} does not look like a GitLab API: GET /user answered 404`,
        {
          field: "baseUrl",
          status: 404,
          fix: "set baseUrl to the address of the GitLab instance (e.g. https://gitlab.example.com), including its relative path if it has one",
        },
      );
    }
    if (err.kind !== "insufficient-scope") throw err;
    warnings.push("the token's owner could not be read: the token has none of the api, read_api or read_user scopes");
  }
  const serverVersion = await readVersion(ctx);

  let kind: TokenKind = classifyGitLabToken(token);
  const info = unreadTokenInfo(kind, { isEnterpriseServer: ctx.endpoint.scm === "gitlab-self-managed", warnings });
  if (owner) info.owner = owner.username;
  if (serverVersion) info.serverVersion = serverVersion;

  if (selfResult.kind === "self") {
    const self = selfResult.self;
    if (self.revoked) {
      throw new ScmIntegrationError(
        "token-revoked",
        `${safeHost(ctx.endpoint.apiUrl)} reports the token "${self.name}" as revoked`,
        {
          field: "token",
          fix: `create a new token at ${ctx.endpoint.webUrl}/-/user_settings/personal_access_tokens and update the token input`,
        },
      );
    }
    if (!self.active) {
      throw new ScmIntegrationError(
        "token-expired",
        `${safeHost(ctx.endpoint.apiUrl)} reports the token "${self.name}" as inactive (expires_at ${self.expires_at ?? "none"})`,
        {
          field: "token",
          fix: `create a new token at ${ctx.endpoint.webUrl}/-/user_settings/personal_access_tokens and update the token input`,
        },
      );
    }
    kind = "gitlab-pat";
    info.kind = kind;
    info.grantedScopes = [...self.scopes];
    info.effectiveScopes = expandGitLabScopes(self.scopes);
    info.scopesKnown = true;
    const expiresAt = expiryOf(self);
    // Only reported: what an expiry means (refused, warned about) is plan/expiry.ts's one policy.
    if (expiresAt) info.expiresAt = expiresAt;
    return info;
  }

  // No introspection: say why, then prove what can be proven without writing.
  if (selfResult.kind === "not-pat") {
    info.kind = kind === "unknown" ? "gitlab-oauth" : kind;
    warnings.push(
      "the token is not a personal/project/group access token (GitLab answered 400 to /personal_access_tokens/self): its scopes cannot be read, so read access was probed",
    );
  } else {
    warnings.push(
      `GitLab ${serverVersion ?? "at this address"} has no /personal_access_tokens/self (added in 15.5): the token's scopes cannot be read, so read access was probed`,
    );
  }
  (owner ? info.provenCapabilities : info.unprovenCapabilities).push(GITLAB_CAPABILITIES.readUser);
  (owner && (await probeReadApi(ctx)) ? info.provenCapabilities : info.unprovenCapabilities).push(
    GITLAB_CAPABILITIES.readApi,
  );
  // A write can only be proven by writing, which introspection must not do.
  info.unprovenCapabilities.push(GITLAB_CAPABILITIES.writeApi);
  return info;
}
