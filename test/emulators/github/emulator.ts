// A GitHub REST emulator (github.com at `/`, Enterprise Server under `/api/v3`) with the behaviour the
// provider depends on, after GitHub's REST docs (https://docs.github.com/en/rest): token kinds and
// scopes headers, 401/403/404 bodies, SAML SSO headers, primary and secondary rate limits, id-based
// Link pagination, ETag/304.
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EmulatorHost, RateWindow, requestOrigin } from "../host";
import {
  apiOverview,
  basicError,
  branchWithProtection,
  fullRepository,
  minimalRepository,
  organizationFull,
  orgMembership,
  privateUser,
  type Origins,
} from "./bodies";
import { IssueComments, registerIssueCommentRoutes } from "./comments";
import { GitStore } from "../git-store";
import { ActionsSecrets, registerActionsSecretRoutes } from "./routes-actions-secrets";
import { registerGitRoutes } from "./routes-git";
import { PullRequests, pullRequestBody, registerPullRoutes, type StoredPull } from "./routes-pulls";
import type { GitHubSeed } from "./seed";
import {
  activeMember,
  buildState,
  canSeeRepository,
  compareNames,
  tokenGrantsOrg,
  usesScopes,
  type GitHubState,
  type Org,
  type Repository,
  type Token,
} from "./state";

export interface GitHubEmulatorOptions {
  /** Serve as GitHub Enterprise Server of this version (API under /api/v3). */
  enterprise?: { version: string };
  /** The seed `reset` returns to (default: empty). */
  initialSeed?: GitHubSeed;
}

/** The GitHub emulator with in-process control of what people do on GitHub outside the API client under test. */
export interface GitHubEmulator extends EmulatorHost<GitHubSeed> {
  /** Merges an open pull request (a merge commit lands on the base branch); undefined when none is open by that number. */
  mergePullRequest(owner: string, repo: string, number: number): StoredPull | undefined;
  /** Closes an open pull request without merging it; undefined when none is open by that number. */
  closePullRequest(owner: string, repo: string, number: number): StoredPull | undefined;
  /** Branch heads and files of every repository written to, pull requests, and Actions secrets in plaintext. */
  repositoryState(): GitHubRepositoryState;
}

export interface GitHubRepositoryState {
  repositories: unknown[];
  pulls: unknown[];
  secrets: unknown[];
}

/** What a route handler decides; the pipeline adds headers, ETag/304 and rate limiting around it. */
interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * Set when the body depends only on this key and the seeded state (which no route mutates): its
   * JSON and ETag are then computed once per seed, as a real server answers a listing from an index.
   */
  memoKey?: string;
}

interface Context {
  req: FastifyRequest;
  token: Token | undefined;
  origins: Origins;
  /** The primary rate limit's key for this caller (user, or IP when anonymous). */
  rateKey: string;
}

interface RespondOptions {
  /** GET /rate_limit: "Accessing this endpoint does not count against your REST API rate limit." */
  countsAgainstLimit?: boolean;
}

// X-Accepted-OAuth-Scopes per endpoint, as recorded by @octokit/fixtures where available (orgs/get:
// the five below; repos/get: repo). The membership and list endpoints are not recorded: we reuse the
// closest recorded neighbour's value (UNVERIFIED) — clients must never rely on this header.
const ACCEPTED = {
  user: "",
  org: "admin:org, read:org, repo, user, write:org",
  repos: "repo",
  meta: "",
};

const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
  "If you reach out to GitHub Support for help, please include the request ID.";

const REPO_TYPES = new Set(["all", "public", "private", "forks", "sources", "member"]);
const REPO_SORTS = new Set(["created", "updated", "pushed", "full_name"]);

export function createGitHubEmulator(options: GitHubEmulatorOptions = {}): GitHubEmulator {
  const enterprise = options.enterprise;
  const prefix = enterprise ? "/api/v3" : "";
  let state: GitHubState = buildState({}, Boolean(enterprise));
  // Per seed (state is rebuilt, never mutated, by a seed): the repositories a listing shows in its
  // order, and the serialized pages. 100,000-repository organizations are benchmarked, and a filter
  // + sort + hash of every repository per page would make the emulator, not the client, the bound.
  let visibleLists = new Map<string, Repository[]>();
  let serialized = new Map<string, { json: string; etag: string }>();
  const SERIALIZED_PAGES_KEPT = 2_000;
  const comments = new IssueComments();
  const git = new GitStore();
  const pulls = new PullRequests(git);
  const secrets = new ActionsSecrets();

  const origins = (req: FastifyRequest): Origins => {
    const origin = requestOrigin(req);
    return { api: `${origin}${prefix}`, web: origin };
  };

  // ---- the pipeline every API request goes through ----

  async function respond(
    req: FastifyRequest,
    reply: FastifyReply,
    accepted: string,
    handler: (ctx: Context) => Outcome,
    respondOptions: RespondOptions = {},
  ): Promise<FastifyReply> {
    reply.header("x-github-media-type", "github.v3; format=json");
    reply.header("x-github-request-id", randomBytes(8).toString("hex").toUpperCase());
    if (enterprise) reply.header("x-github-enterprise-version", enterprise.version);

    const auth = authenticate(req);
    if (auth === "bad") {
      return send(reply, { status: 401, body: basicError("Bad credentials", 401) });
    }
    const token = auth;
    if (token) {
      if (usesScopes(token)) reply.header("x-oauth-scopes", token.scopes.join(", "));
      reply.header("x-accepted-oauth-scopes", accepted);
      if (token.expiresAtMs !== undefined) {
        reply.header(
          "github-authentication-token-expiration",
          formatExpiration(token.expiresAtMs, state.expirationHeaderFormat),
        );
      }
    }
    const rateKey = token ? `user:${token.owner.id}` : `ip:${req.ip}`;

    if (state.secondary) {
      const window = windowFor(
        host,
        state.secondary.window,
        rateKey,
        state.secondary.config.maxRequests,
        state.secondary.config.windowMs,
      );
      if (!window.hit().allowed) {
        const status = state.secondary.config.status;
        const retryAfter = state.secondary.config.retryAfterSeconds;
        return send(reply, {
          status,
          body: basicError(
            SECONDARY_MESSAGE,
            status,
            "free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
          ),
          headers: retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {},
        });
      }
    }

    const outcome = handler({ req, token, origins: origins(req), rateKey });

    // Conditional requests: a matching If-None-Match is answered 304 and is not counted against the
    // primary limit (GitHub docs). Headers of the 200 (Link included) are repeated on the 304 —
    // whether GitHub repeats Link is UNVERIFIED, so the client does not depend on it. HEAD is
    // answered like GET without the body (RFC 9110 §9.3.2), ETag and 304 included.
    const { json, etag } = serialize(outcome);
    if (outcome.status === 200 && (req.method === "GET" || req.method === "HEAD")) {
      reply.header("etag", etag);
      reply.header("cache-control", token ? "private, max-age=60, s-maxage=60" : "public, max-age=60, s-maxage=60");
      reply.header("vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
      const ifNoneMatch = req.headers["if-none-match"];
      if (typeof ifNoneMatch === "string" && ifNoneMatch.split(",").some((t) => t.trim() === etag)) {
        setRateHeaders(reply, rateKey, false);
        for (const [k, v] of Object.entries(outcome.headers ?? {})) reply.header(k, v);
        return reply.code(304).send();
      }
    }

    if (!setRateHeaders(reply, rateKey, respondOptions.countsAgainstLimit !== false)) {
      const status = state.primary?.status ?? 403;
      return send(reply, {
        status,
        body: basicError(
          `API rate limit exceeded for user ID ${token?.owner.id ?? 0}. If you reach out to GitHub Support for help, please include the request ID.`,
          status,
          "rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
        ),
      });
    }
    return send(reply, outcome, json);
  }

  function serialize(outcome: Outcome): { json: string; etag: string } {
    const hit = outcome.memoKey === undefined ? undefined : serialized.get(outcome.memoKey);
    if (hit) return hit;
    // A 204 has no body: `undefined` serializes to nothing.
    const json = JSON.stringify(outcome.body) ?? "";
    const entry = { json, etag: `W/"${createHash("sha256").update(json).digest("hex").slice(0, 40)}"` };
    if (outcome.memoKey !== undefined) {
      if (serialized.size >= SERIALIZED_PAGES_KEPT) serialized.delete(serialized.keys().next().value as string);
      serialized.set(outcome.memoKey, entry);
    }
    return entry;
  }

  /** Count (or just report) the primary limit; false when exhausted. GHES default: no limit, no headers. */
  function setRateHeaders(reply: FastifyReply, key: string, count: boolean): boolean {
    const primary = state.primary;
    if (!primary) return true;
    const window = windowFor(host, primary.window, key, primary.limit, primary.windowMs);
    const result = count ? window.hit() : { allowed: true, ...window.peek() };
    reply.header("x-ratelimit-limit", String(primary.limit));
    reply.header("x-ratelimit-remaining", String(result.remaining));
    reply.header("x-ratelimit-used", String(result.used));
    reply.header("x-ratelimit-reset", String(Math.ceil(result.resetAtMs / 1000)));
    reply.header("x-ratelimit-resource", "core");
    return result.allowed;
  }

  function authenticate(req: FastifyRequest): Token | undefined | "bad" {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
    if (!match) return "bad";
    const token = state.tokens.get(match[1] as string);
    if (!token || token.revoked) return "bad";
    // GitHub answers an expired token exactly like an unknown one (401 Bad credentials).
    if (token.expiresAtMs !== undefined && token.expiresAtMs <= Date.now()) return "bad";
    return token;
  }

  // ---- guards shared by routes ----

  function ssoBlock(ctx: Context, org: Org): Outcome | undefined {
    if (!ctx.token?.ssoRequiredOrgs.has(org.login.toLowerCase())) return undefined;
    const request = randomBytes(12).toString("hex");
    return {
      status: 403,
      body: basicError(
        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.",
        403,
        "articles/authenticating-to-a-github-organization-with-saml-single-sign-on/",
      ),
      headers: {
        "x-github-sso": `required; url=${ctx.origins.web}/orgs/${org.login}/sso?authorization_request=${request}`,
      },
    };
  }

  const notFound = (docs = "rest"): Outcome => ({ status: 404, body: basicError("Not Found", 404, docs) });
  const requiresAuth = (): Outcome => ({ status: 401, body: basicError("Requires authentication", 401) });
  const notAccessible = (token: Token, docs: string): Outcome => ({
    status: 403,
    body: basicError(
      `Resource not accessible by ${token.kind === "fine-grained" ? "personal access token" : "integration"}`,
      403,
      docs,
    ),
  });
  const publicRepoCount = (org: Org) => org.repositories.filter((r) => r.visibility === "public").length;

  // ---- routes ----

  function getUser(ctx: Context): Outcome {
    if (!ctx.token) return requiresAuth();
    if (ctx.token.kind === "app-installation") {
      return notAccessible(ctx.token, "rest/users/users#get-the-authenticated-user");
    }
    return { status: 200, body: privateUser(ctx.token.owner, ctx.origins) };
  }

  function getOrg(ctx: Context, login: string): Outcome {
    const org = state.orgs.get(login.toLowerCase());
    if (!org) return notFound("rest/orgs/orgs#get-an-organization");
    return ssoBlock(ctx, org) ?? { status: 200, body: organizationFull(org, ctx.origins, publicRepoCount(org)) };
  }

  function getMembership(ctx: Context, login: string): Outcome {
    const docs = "rest/orgs/members#get-an-organization-membership-for-the-authenticated-user";
    if (!ctx.token) return requiresAuth();
    if (ctx.token.kind === "app-installation") return notAccessible(ctx.token, docs);
    const org = state.orgs.get(login.toLowerCase());
    if (!org) return notFound(docs);
    const blocked = ssoBlock(ctx, org);
    if (blocked) return blocked;
    if (!usesScopes(ctx.token) && !tokenGrantsOrg(ctx.token, org)) return notAccessible(ctx.token, docs);
    const membership = org.members.get(ctx.token.owner.login.toLowerCase());
    if (!membership) return notFound(docs);
    return { status: 200, body: orgMembership(org, ctx.token.owner, membership, ctx.origins, publicRepoCount(org)) };
  }

  function listOrgRepos(ctx: Context, org: Org | undefined): Outcome {
    const docs = "rest/repos/repos#list-organization-repositories";
    if (!org) return notFound(docs);
    const blocked = ssoBlock(ctx, org);
    if (blocked) return blocked;
    const query = new URLSearchParams(ctx.req.url.split("?")[1] ?? "");
    const type = query.get("type") ?? "all";
    const sort = query.get("sort") ?? "created";
    const direction = query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
    if (!REPO_TYPES.has(type) || !REPO_SORTS.has(sort) || (direction !== "asc" && direction !== "desc")) {
      const field = !REPO_TYPES.has(type) ? "type" : !REPO_SORTS.has(sort) ? "sort" : "direction";
      return {
        status: 422,
        body: {
          ...basicError("Validation Failed", 422, docs),
          errors: [{ resource: "Repository", field, code: "invalid" }],
        },
      };
    }
    const perPage = clampPerPage(query.get("per_page"));
    const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);

    const headers: Record<string, string> = {};
    const partial = ctx.token?.ssoPartialOrgs.has(org.login.toLowerCase()) ?? false;
    if (partial) headers["x-github-sso"] = `partial-results; organizations=${org.id}`;

    // Tokens are seeded objects too, so the token's value stands for what it may see.
    const listKey = `${org.id}\n${ctx.token?.value ?? ""}\n${type}\n${sort}\n${direction}\n${partial}`;
    let repos = visibleLists.get(listKey);
    if (!repos) {
      repos = org.repositories.filter(
        (r) =>
          canSeeRepository(ctx.token, r) && (!partial || r.visibility === "public") && matchesType(r, type, ctx.token),
      );
      repos = sortRepositories(repos, sort, direction);
      visibleLists.set(listKey, repos);
    }

    const lastPage = Math.max(1, Math.ceil(repos.length / perPage));
    const slice = repos.slice((page - 1) * perPage, page * perPage);
    const link = linkHeader(
      `${ctx.origins.api}/organizations/${org.id}/repos`,
      query,
      page,
      lastPage,
      repos.length > 0,
    );
    if (link) headers.link = link;
    const memoKey = `${listKey}\n${ctx.origins.api}\n${perPage}\n${page}`;
    // A page already serialized this seed is not rendered again (`serialize` answers from the memo).
    const body = serialized.has(memoKey) ? undefined : slice.map((r) => minimalRepository(r, ctx.origins));
    return { status: 200, body, headers, memoKey };
  }

  function getRepository(ctx: Context, owner: string, name: string): Outcome {
    const docs = "rest/repos/repos#get-a-repository";
    const org = state.orgs.get(owner.toLowerCase());
    if (!org) return notFound(docs);
    const repo = org.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!repo) {
      const moved = state.redirects.get(`${org.login}/${name}`.toLowerCase());
      if (moved && canSeeRepository(ctx.token, moved)) {
        // GitHub's 301 body: basic-error fields plus `url` (the Location). The documentation_url
        // value is the one seen on api.github.com answers (UNVERIFIED for current GHES).
        const location = `${ctx.origins.api}/repositories/${moved.id}`;
        return {
          status: 301,
          body: {
            message: "Moved Permanently",
            url: location,
            documentation_url: "https://docs.github.com/v3/#http-redirects",
          },
          headers: { location },
        };
      }
    }
    if (!repo || !canSeeRepository(ctx.token, repo)) return notFound(docs);
    if (repo.visibility !== "public") {
      const blocked = ssoBlock(ctx, org);
      if (blocked) return blocked;
    }
    return { status: 200, body: fullRepository(repo, ctx.origins) };
  }

  /**
   * GET /repos/{owner}/{repo}/branches/{branch} (OpenAPI `repos/get-branch`): 200 branch-with-protection,
   * 404 basic-error. A repository the token cannot see is "Not Found" like every repository route; a
   * missing branch of a visible one is "Branch not found" (the text api.github.com answers; UNVERIFIED
   * for GHES). The branch is one path segment, URL-encoded or not (`x-multi-segment` in the description).
   */
  function getBranch(ctx: Context, owner: string, name: string, branch: string): Outcome {
    const docs = "rest/branches/branches#get-a-branch";
    const org = state.orgs.get(owner.toLowerCase());
    const repo = org?.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!org || !repo || !canSeeRepository(ctx.token, repo)) return notFound(docs);
    if (repo.visibility !== "public") {
      const blocked = ssoBlock(ctx, org);
      if (blocked) return blocked;
    }
    if (!repo.branches.has(branch)) return { status: 404, body: basicError("Branch not found", 404, docs) };
    return { status: 200, body: branchWithProtection(repo, branch, ctx.origins, git.touchedHeadSha(repo, branch)) };
  }

  function getRepositoryById(ctx: Context, id: number): Outcome {
    const docs = "rest/repos/repos#get-a-repository";
    const repo = state.reposById.get(id);
    if (!repo || !canSeeRepository(ctx.token, repo)) return notFound(docs);
    if (repo.visibility !== "public") {
      const blocked = ssoBlock(ctx, repo.owner);
      if (blocked) return blocked;
    }
    return { status: 200, body: fullRepository(repo, ctx.origins) };
  }

  /**
   * GET /rate_limit (OpenAPI `rate-limit/get`, schema `rate-limit-overview`): the caller's core
   * window, without counting this request. The emulator keeps no separate search / GraphQL windows:
   * those resources are reported at GitHub's documented limits, unused. GHES with rate limiting
   * off answers 404 (documented in ghes-3.x descriptions; the message text is UNVERIFIED).
   */
  function getRateLimit(ctx: Context): Outcome {
    const primary = state.primary;
    if (!primary) return { status: 404, body: basicError("Rate limiting is not enabled.", 404, "rest/rate-limit") };
    const nowS = Math.ceil(host.clock.now() / 1000);
    const core = windowFor(host, primary.window, ctx.rateKey, primary.limit, primary.windowMs).peek();
    const coreBody = {
      limit: primary.limit,
      used: core.used,
      remaining: core.remaining,
      reset: Math.ceil(core.resetAtMs / 1000),
    };
    const fresh = (limit: number, seconds: number) => ({ limit, used: 0, remaining: limit, reset: nowS + seconds });
    return {
      status: 200,
      body: {
        resources: {
          core: coreBody,
          search: fresh(30, 60),
          graphql: fresh(5000, 3600),
          integration_manifest: fresh(5000, 3600),
          source_import: fresh(100, 60),
          code_scanning_autofix: fresh(10, 60),
          actions_runner_registration: fresh(10000, 3600),
          scim: fresh(15000, 3600),
          dependency_snapshots: fresh(100, 60),
          code_search: fresh(10, 60),
        },
        rate: coreBody,
      },
    };
  }

  /** GET / (OpenAPI `meta/root`, schema `root`): the hypermedia URL templates. */
  function getRoot(ctx: Context): Outcome {
    const a = ctx.origins.api;
    const search = (kind: string) => `${a}/search/${kind}?q={query}{&page,per_page,sort,order}`;
    return {
      status: 200,
      body: {
        current_user_url: `${a}/user`,
        current_user_authorizations_html_url: `${ctx.origins.web}/settings/connections/applications{/client_id}`,
        authorizations_url: `${a}/authorizations`,
        code_search_url: search("code"),
        commit_search_url: search("commits"),
        emails_url: `${a}/user/emails`,
        emojis_url: `${a}/emojis`,
        events_url: `${a}/events`,
        feeds_url: `${a}/feeds`,
        followers_url: `${a}/user/followers`,
        following_url: `${a}/user/following{/target}`,
        gists_url: `${a}/gists{/gist_id}`,
        hub_url: `${a}/hub`,
        issue_search_url: search("issues"),
        issues_url: `${a}/issues`,
        keys_url: `${a}/user/keys`,
        label_search_url: `${a}/search/labels?q={query}&repository_id={repository_id}{&page,per_page}`,
        notifications_url: `${a}/notifications`,
        organization_url: `${a}/orgs/{org}`,
        organization_repositories_url: `${a}/orgs/{org}/repos{?type,page,per_page,sort}`,
        organization_teams_url: `${a}/orgs/{org}/teams`,
        public_gists_url: `${a}/gists/public`,
        rate_limit_url: `${a}/rate_limit`,
        repository_url: `${a}/repos/{owner}/{repo}`,
        repository_search_url: search("repositories"),
        current_user_repositories_url: `${a}/user/repos{?type,page,per_page,sort}`,
        starred_url: `${a}/user/starred{/owner}{/repo}`,
        starred_gists_url: `${a}/gists/starred`,
        topic_search_url: `${a}/search/topics?q={query}{&page,per_page}`,
        user_url: `${a}/users/{user}`,
        user_organizations_url: `${a}/user/orgs`,
        user_repositories_url: `${a}/users/{user}/repos{?type,page,per_page,sort}`,
        user_search_url: search("users"),
      },
      memoKey: `root\n${a}\n${ctx.origins.web}`,
    };
  }

  /**
   * Renames a repository, as a rename in GitHub's settings does: the old name then answers
   * `301 Moved Permanently` with `Location: <api>/repositories/<id>` (GitHub docs, "Best practices
   * for using the REST API" → "Follow redirects"; OpenAPI `repos/get` lists 301 `moved_permanently`).
   */
  function renameRepository(owner: string, from: string, to: string): Repository | undefined {
    const org = state.orgs.get(owner.toLowerCase());
    const repo = org?.repositories.find((r) => r.name.toLowerCase() === from.toLowerCase());
    if (!org || !repo) return undefined;
    if (org.repositories.some((r) => r !== repo && r.name.toLowerCase() === to.toLowerCase())) return undefined;
    repo.name = to;
    org.repositories.sort((a, b) => compareNames(a.name, b.name));
    state.redirects.set(`${org.login}/${from}`.toLowerCase(), repo);
    // A new name frees nothing: the old one keeps redirecting until a repository takes it.
    state.redirects.delete(`${org.login}/${to}`.toLowerCase());
    // State changed outside a seed: drop the per-seed listings and pages.
    visibleLists = new Map();
    serialized = new Map();
    return repo;
  }

  function routes(app: FastifyInstance): void {
    app.post<{ Body: { owner?: string; from?: string; to?: string } }>(
      "/_control/rename-repository",
      async (req, reply) => {
        const { owner, from, to } = req.body ?? {};
        if (!owner || !from || !to) return reply.code(400).send({ error: "owner, from and to are required" });
        const repo = renameRepository(owner, from, to);
        if (!repo) return reply.code(409).send({ error: `cannot rename ${owner}/${from} to ${to}` });
        return { id: repo.id, full_name: `${repo.owner.login}/${repo.name}` };
      },
    );
    // Branches beyond the seeded ones, as a push would create them: { owner, repo, branches }.
    app.post<{ Body: { owner?: string; repo?: string; branches?: string[] } }>(
      "/_control/branches",
      async (req, reply) => {
        const { owner, repo: name, branches } = req.body ?? {};
        const repo = state.orgs
          .get(String(owner).toLowerCase())
          ?.repositories.find((r) => r.name.toLowerCase() === String(name).toLowerCase());
        if (!repo || !Array.isArray(branches))
          return reply.code(400).send({ error: "owner, repo and branches[] are required" });
        for (const branch of branches) repo.branches.add(String(branch));
        return { full_name: `${repo.owner.login}/${repo.name}`, branches: [...repo.branches] };
      },
    );
    // What a person does on GitHub: merge or close a pull request. Body { owner, repo, number }.
    for (const action of ["merge", "close"] as const) {
      app.post<{ Body: { owner?: string; repo?: string; number?: number } }>(
        `/_control/pulls/${action}`,
        async (req, reply) => {
          const { owner, repo, number } = req.body ?? {};
          if (!owner || !repo || typeof number !== "number")
            return reply.code(400).send({ error: "owner, repo and number are required" });
          const pull =
            action === "merge" ? mergePullRequest(owner, repo, number) : closePullRequest(owner, repo, number);
          if (!pull) return reply.code(409).send({ error: `${owner}/${repo}#${number} is not an open pull request` });
          return pullRequestBody(pull, origins(req));
        },
      );
    }
    app.register(
      async (api) => {
        api.get("/", (req, reply) => respond(req, reply, ACCEPTED.meta, getRoot));
        api.get("/rate_limit", (req, reply) =>
          respond(req, reply, ACCEPTED.meta, getRateLimit, { countsAgainstLimit: false }),
        );
        api.get<{ Params: { id: string } }>("/repositories/:id", (req, reply) =>
          respond(req, reply, ACCEPTED.repos, (ctx) =>
            /^\d+$/.test(req.params.id) ? getRepositoryById(ctx, Number(req.params.id)) : notFound(),
          ),
        );
        api.get("/user", (req, reply) => respond(req, reply, ACCEPTED.user, getUser));
        api.get<{ Params: { org: string } }>("/orgs/:org", (req, reply) =>
          respond(req, reply, ACCEPTED.org, (ctx) => getOrg(ctx, req.params.org)),
        );
        api.get<{ Params: { org: string } }>("/user/memberships/orgs/:org", (req, reply) =>
          respond(req, reply, ACCEPTED.org, (ctx) => getMembership(ctx, req.params.org)),
        );
        api.get<{ Params: { org: string } }>("/orgs/:org/repos", (req, reply) =>
          respond(req, reply, ACCEPTED.repos, (ctx) => listOrgRepos(ctx, state.orgs.get(req.params.org.toLowerCase()))),
        );
        // The id-based form GitHub rewrites Link URLs to.
        api.get<{ Params: { id: string } }>("/organizations/:id/repos", (req, reply) =>
          respond(req, reply, ACCEPTED.repos, (ctx) => listOrgRepos(ctx, state.orgsById.get(Number(req.params.id)))),
        );
        api.get<{ Params: { owner: string; repo: string } }>("/repos/:owner/:repo", (req, reply) =>
          respond(req, reply, ACCEPTED.repos, (ctx) => getRepository(ctx, req.params.owner, req.params.repo)),
        );
        api.get<{ Params: { owner: string; repo: string; "*": string } }>(
          "/repos/:owner/:repo/branches/*",
          (req, reply) =>
            respond(req, reply, ACCEPTED.repos, (ctx) =>
              getBranch(ctx, req.params.owner, req.params.repo, req.params["*"]),
            ),
        );
        api.get("/meta", (req, reply) =>
          respond(req, reply, ACCEPTED.meta, () => ({ status: 200, body: apiOverview(enterprise?.version) })),
        );
        const repositoryDeps = {
          serve: (req: FastifyRequest, reply: FastifyReply, handler: (ctx: Context) => Outcome) =>
            respond(req, reply, ACCEPTED.repos, handler),
          repository: findRepository,
          now: () => host.clock.now(),
        };
        registerGitRoutes(api, { ...repositoryDeps, git });
        registerPullRoutes(api, { ...repositoryDeps, git, pulls });
        registerActionsSecretRoutes(api, { ...repositoryDeps, secrets });
        registerIssueCommentRoutes(api, {
          comments,
          serve: (req, reply, handler) => respond(req, reply, ACCEPTED.repos, handler),
          repository: (owner, name) =>
            state.orgs.get(owner.toLowerCase())?.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase()),
          now: () => host.clock.now(),
        });
      },
      { prefix },
    );
    app.setNotFoundHandler((req, reply) => {
      const path = req.url.split("?")[0] ?? req.url;
      // On GHES everything outside /api/v3 is the web UI: an HTML page, not the API.
      if (enterprise && !path.startsWith(`${prefix}/`) && path !== prefix) {
        return reply
          .code(404)
          .type("text/html; charset=utf-8")
          .send("<!DOCTYPE html><html><body>Page not found</body></html>");
      }
      reply.header("x-github-media-type", "github.v3; format=json");
      reply.header("x-github-request-id", randomBytes(8).toString("hex").toUpperCase());
      if (enterprise) reply.header("x-github-enterprise-version", enterprise.version);
      return send(reply, { status: 404, body: basicError("Not Found", 404) });
    });
  }

  function findRepository(owner: string, name: string): Repository | undefined {
    return state.orgs.get(owner.toLowerCase())?.repositories.find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  function mergePullRequest(owner: string, name: string, number: number): StoredPull | undefined {
    const repo = findRepository(owner, name);
    // The emulator has no separate maintainer: the pull request's author merges it.
    const author = repo && pulls.get(repo, number)?.user;
    const at = new Date(host.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    return repo && author ? pulls.merge(repo, number, author, at) : undefined;
  }

  function closePullRequest(owner: string, name: string, number: number): StoredPull | undefined {
    const repo = findRepository(owner, name);
    const at = new Date(host.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    return repo ? pulls.close(repo, number, at) : undefined;
  }

  function repositoryState(): GitHubRepositoryState {
    return {
      repositories: git.dump((id) => {
        const repo = state.reposById.get(id);
        return repo ? `${repo.owner.login}/${repo.name}` : String(id);
      }),
      pulls: pulls.dump(),
      secrets: secrets.dump(state.reposById),
    };
  }

  const host = new EmulatorHost<GitHubSeed>({
    name: enterprise ? `github-enterprise-${enterprise.version}` : "github",
    initialSeed: options.initialSeed ?? {},
    contracts: [enterprise ? "github-ghes" : "github-com"],
    seed: (seed) => {
      state = buildState(seed, Boolean(enterprise));
      visibleLists = new Map();
      serialized = new Map();
      comments.clear();
      pulls.clear();
      secrets.clear();
      const files = new Map<number, Record<string, string>>();
      for (const r of seed.repositories ?? []) {
        const repo = r.files ? findRepository(r.owner, r.name) : undefined;
        if (repo && r.files) files.set(repo.id, r.files);
      }
      git.reset(files);
    },
    routes,
    dump: () => ({
      users: [...state.users.values()].map((u) => u.login),
      tokens: state.tokens.size,
      orgs: [...state.orgs.values()].map((o) => ({ login: o.login, id: o.id, repositories: o.repositories.length })),
      ...repositoryState(),
    }),
  });
  return Object.assign(host, { mergePullRequest, closePullRequest, repositoryState });
}

function send(reply: FastifyReply, outcome: Outcome, json: string = JSON.stringify(outcome.body)): FastifyReply {
  for (const [k, v] of Object.entries(outcome.headers ?? {})) reply.header(k, v);
  return reply.code(outcome.status).type("application/json; charset=utf-8").send(json);
}

function windowFor(
  host: EmulatorHost<GitHubSeed>,
  map: Map<string, RateWindow>,
  key: string,
  limit: number,
  windowMs: number,
): RateWindow {
  let window = map.get(key);
  if (!window) {
    window = new RateWindow(limit, windowMs, () => host.clock.now());
    map.set(key, window);
  }
  return window;
}

/** per_page: default 30, at most 100 (GitHub caps larger values silently). */
function clampPerPage(raw: string | null): number {
  const n = Number.parseInt(raw ?? "", 10);
  if (!Number.isFinite(n) || n < 1) return 30;
  return Math.min(100, n);
}

function matchesType(repo: Repository, type: string, token: Token | undefined): boolean {
  switch (type) {
    case "public":
      return repo.visibility === "public";
    case "private":
      return repo.visibility !== "public";
    case "forks":
      return repo.fork;
    case "sources":
      return !repo.fork;
    case "member":
      return token !== undefined && activeMember(token, repo.owner);
    default:
      return true;
  }
}

function sortRepositories(repos: Repository[], sort: string, direction: string): Repository[] {
  // The state keeps each org's repositories in full_name order already.
  if (sort === "full_name" && direction === "asc") return repos;
  const sign = direction === "asc" ? 1 : -1;
  const sorted = [...repos];
  if (sort === "full_name") sorted.sort((a, b) => sign * compareNames(a.name, b.name));
  // created / updated / pushed are the same instant in this emulator; ids break ties stably.
  else sorted.sort((a, b) => sign * (a.createdAt.localeCompare(b.createdAt) || a.id - b.id));
  return sorted;
}

/** GitHub's Link header: prev, next, last, first, with the request's query and `page` replaced. */
function linkHeader(
  base: string,
  query: URLSearchParams,
  page: number,
  lastPage: number,
  any: boolean,
): string | undefined {
  const url = (n: number) => {
    const q = new URLSearchParams(query);
    q.set("page", String(n));
    return `<${base}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${url(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (any && page < lastPage) parts.push(`${url(page + 1)}; rel="next"`, `${url(lastPage)}; rel="last"`);
  if (page > 1) parts.push(`${url(1)}; rel="first"`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** `2026-01-01 00:00:00 UTC`, or the same instant in +0900 (`2026-01-01 09:00:00 +0900`). */
export function formatExpiration(epochMs: number, format: "utc" | "offset"): string {
  const shifted = format === "offset" ? epochMs + 9 * 3_600_000 : epochMs;
  const iso = new Date(shifted).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${format === "offset" ? "+0900" : "UTC"}`;
}
