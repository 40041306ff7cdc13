// Who may write to a repository through the REST API, and the context the write routes get from the
// emulator's request pipeline (authentication, GitHub's headers, rate limits).
import type { FastifyReply, FastifyRequest } from "fastify";
import { basicError, type Origins } from "./bodies";
import { activeMember, canSeeRepository, tokenGrantsOrg, usesScopes, type Repository, type Token } from "./state";

export interface RouteOutcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  token: Token | undefined;
  origins: Origins;
}

/** Runs a handler inside the emulator's request pipeline. */
export type Serve = (
  req: FastifyRequest,
  reply: FastifyReply,
  handler: (ctx: RouteContext) => RouteOutcome,
) => Promise<FastifyReply>;

export interface RepositoryRouteDeps {
  serve: Serve;
  repository(owner: string, name: string): Repository | undefined;
  now(): number;
}

export const notFound = (docs: string): RouteOutcome => ({ status: 404, body: basicError("Not Found", 404, docs) });
export const requiresAuthentication = (docs: string): RouteOutcome => ({
  status: 401,
  body: basicError("Requires authentication", 401, docs),
});

/**
 * GitHub's 422 "Validation Failed" body (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api),
 * schema `validation-error`.
 */
export function validationFailed(
  docs: string,
  errors: { resource: string; field?: string; code: string; message?: string }[],
  message = "Validation Failed",
): RouteOutcome {
  return {
    status: 422,
    body: {
      message,
      errors,
      documentation_url: `https://docs.github.com/${docs}`,
      status: "422",
    },
  };
}

/**
 * Whether the token may push to the repository. Classic tokens need `repo` (`public_repo` for a public
 * repository: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps);
 * fine-grained and app tokens need a grant for the owner (the emulator does not model per-permission
 * grants: UNVERIFIED simplification, a grant is taken to include contents / pull requests / secrets
 * write). The token's user must be an active member (the emulator gives members write access).
 */
export function canWrite(token: Token | undefined, repo: Repository): token is Token {
  if (!token || !canSeeRepository(token, repo)) return false;
  if (token.kind === "app-installation") return tokenGrantsOrg(token, repo.owner);
  if (!activeMember(token, repo.owner)) return false;
  if (usesScopes(token))
    return token.scopes.includes("repo") || (repo.visibility === "public" && token.scopes.includes("public_repo"));
  return tokenGrantsOrg(token, repo.owner);
}

/**
 * Workflow files (`.github/workflows/…`) need the `workflow` scope on classic and OAuth tokens
 * (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps: "workflow:
 * Grants the ability to add and update GitHub Actions workflow files"). Without it the contents API
 * answers 404 Not Found (UNVERIFIED: the REST reference does not say; it is the answer widely
 * reported, e.g. https://github.com/octokit/octokit.rb/issues/1184).
 */
export function lacksWorkflowScope(token: Token, path: string): boolean {
  return usesScopes(token) && /^\.github\/workflows\//.test(path) && !token.scopes.includes("workflow");
}

/** Resolves the repository a write route names, or the answer GitHub gives instead. */
export function writableRepository(
  deps: RepositoryRouteDeps,
  ctx: RouteContext,
  owner: string,
  name: string,
  docs: string,
): Repository | RouteOutcome {
  if (!ctx.token) return requiresAuthentication(docs);
  const repo = deps.repository(owner, name);
  if (!repo || !canWrite(ctx.token, repo)) return notFound(docs);
  // An archived repository is read-only (https://docs.github.com/en/repositories/archiving-a-github-repository/archiving-repositories);
  // the 403 text is the one GitHub answers (UNVERIFIED: the REST reference does not quote it).
  if (repo.archived) return { status: 403, body: basicError("Repository was archived so is read-only.", 403, docs) };
  return repo;
}

/** Resolves the repository a read route names (404 when the token cannot see it). */
export function readableRepository(
  deps: RepositoryRouteDeps,
  ctx: RouteContext,
  owner: string,
  name: string,
  docs: string,
): Repository | RouteOutcome {
  const repo = deps.repository(owner, name);
  if (!repo || !canSeeRepository(ctx.token, repo)) return notFound(docs);
  return repo;
}

export function isOutcome(value: Repository | RouteOutcome): value is RouteOutcome {
  return "status" in value && "body" in value;
}

export function fullName(repo: Repository): string {
  return `${repo.owner.login}/${repo.name}`;
}
