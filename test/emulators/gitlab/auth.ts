// Token authentication, scope checks and the Rack::Attack-style throttle of the GitLab emulator
// (https://docs.gitlab.com/security/tokens/, https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/).
import type { FastifyReply, FastifyRequest } from "fastify";
import { RateWindow } from "../host";
import { errors, wwwAuthenticate } from "./bodies";
import type { GitLabTokenSeed, GitLabUserSeed } from "./seed";
import type { GitLabState } from "./state";

/** Scopes a route accepts; "any" = every scope (only /personal_access_tokens/self). */
export type RouteScopes = readonly string[] | "any";

/** GET routes of API::API: api or read_api (read_api is registered for GET/HEAD only). */
export const READ_API: RouteScopes = ["api", "read_api"];
/** /user and /metadata also accept read_user. */
export const READ_USER: RouteScopes = ["api", "read_api", "read_user"];

export interface Caller {
  user?: GitLabUserSeed;
  token?: GitLabTokenSeed;
}

export function tokenFromRequest(req: FastifyRequest): string | undefined {
  const privateToken = req.headers["private-token"];
  if (typeof privateToken === "string" && privateToken !== "") return privateToken;
  const authorization = req.headers.authorization;
  if (typeof authorization === "string" && /^bearer\s+/i.test(authorization))
    return authorization.replace(/^bearer\s+/i, "");
  const query = (req.query as Record<string, string | undefined>)["private_token"];
  return query || undefined;
}

/** A token stops working at 00:00 UTC of its expiry date. */
export function isExpired(token: GitLabTokenSeed, now = Date.now()): boolean {
  if (!token.expiresAt) return false;
  return Date.parse(`${token.expiresAt}T00:00:00Z`) <= now;
}

/**
 * Who is calling, or undefined after answering with GitLab's error. `required`: whether the route
 * needs a token at all (group and project reads work anonymously for public data).
 */
export function authenticate(
  req: FastifyRequest,
  reply: FastifyReply,
  state: GitLabState,
  scopes: RouteScopes,
  required: boolean,
): Caller | undefined {
  const value = tokenFromRequest(req);
  if (value === undefined) {
    if (!required) return {};
    void reply.code(401).send(errors.unauthorized);
    return undefined;
  }
  const token = state.tokens.get(value);
  const user = token ? state.users.get(token.userId) : undefined;
  if (!token || !user) {
    void reply.code(401).send(errors.unauthorized);
    return undefined;
  }
  // AccessTokenValidationService order: expired, then revoked, then scopes.
  if (isExpired(token)) {
    void reply.code(401).header("www-authenticate", wwwAuthenticate(errors.expired)).send(errors.expired);
    return undefined;
  }
  if (token.revoked) {
    void reply.code(401).header("www-authenticate", wwwAuthenticate(errors.revoked)).send(errors.revoked);
    return undefined;
  }
  if (scopes !== "any" && !token.scopes.some((s) => scopes.includes(s))) {
    const body = errors.insufficientScope(scopes);
    void reply.code(403).header("www-authenticate", wwwAuthenticate(body)).send(body);
    return undefined;
  }
  if (user.state === "blocked") {
    void reply.code(403).send(errors.forbidden("Your account has been blocked."));
    return undefined;
  }
  return { user, token };
}

/** The authenticated API throttle: RateLimit-* on every answer, 429 + Retry-After + plain text when spent. */
export class Throttle {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly config: { limit: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns false after answering 429. */
  check(req: FastifyRequest, reply: FastifyReply, state: GitLabState): boolean {
    const value = tokenFromRequest(req);
    const userId = value === undefined ? undefined : state.tokens.get(value)?.userId;
    const key = userId === undefined ? `ip:${req.ip}` : `user:${userId}`;
    let window = this.windows.get(key);
    if (!window) {
      window = new RateWindow(this.config.limit, this.config.windowMs, this.now);
      this.windows.set(key, window);
    }
    const hit = window.hit();
    const resetSeconds = Math.ceil(hit.resetAtMs / 1000);
    void reply.header(
      "ratelimit-name",
      userId === undefined ? "throttle_unauthenticated_api" : "throttle_authenticated_api",
    );
    // RateLimit-Limit is normalised to a per-minute figure.
    void reply.header("ratelimit-limit", String(Math.round((this.config.limit * 60_000) / this.config.windowMs)));
    void reply.header("ratelimit-observed", String(hit.used + (hit.allowed ? 0 : 1)));
    void reply.header("ratelimit-remaining", String(hit.remaining));
    void reply.header("ratelimit-reset", String(resetSeconds));
    if (hit.allowed) return true;
    const retryAfter = Math.max(1, Math.ceil((hit.resetAtMs - this.now()) / 1000));
    void reply
      .code(429)
      .header("ratelimit-resettime", new Date(hit.resetAtMs).toUTCString())
      .header("retry-after", String(retryAfter))
      .type("text/plain")
      // Rack::Attack's throttled response: the configurable text, default "Retry later", plus a newline.
      .send("Retry later\n");
    return false;
  }
}
