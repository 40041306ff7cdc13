// An organization's repositories, fast and exact (repos/list-for-org in GitHub's REST description;
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
// - pages of 100, sorted by full_name so pages are stable while we read them;
// - page 1 tells the last page (Link rel="last"); pages 2..last are then fetched in parallel, each
//   by the URL form GitHub gave (it rewrites to /organizations/{id}/repos?page=N);
// - every page is a conditional request (If-None-Match with the ETag we kept): an unchanged page
//   answers 304, costs no primary rate limit and its body comes from the cache;
// - `X-GitHub-SSO: partial-results` marks the listing incomplete; a page that fails makes the whole
//   listing fail with kind "incomplete" — a short list is never returned as complete.
import pLimit from "p-limit";
import type { Clock } from "../../core/clock";
import type { ConditionalCache } from "../../core/conditional-cache";
import { ScmIntegrationError, errorMessage } from "../../core/errors";
import { readJsonArray, type JsonArrayRead } from "../../core/json-array-stream";
import { silentLogger, type Logger } from "../../core/log";
import { sortByName } from "../../plan/names";
import { compileSelector } from "../../plan/selector-match";
import type { RepositorySelector } from "../../core/domain.generated";
import type { RepositoryInfo, RepositoryListing, ScmEndpoint } from "../types";
import { networkErrorCode, safeHost } from "../../core/network-errors";
import { hasGitHubHeaders, isGitHubNotFound, isRequestError, mapGitHubError, wrongInstance } from "./errors";
import { pageNumberOf, parseLinkHeader, withPage } from "./link";
import type { GitHubOctokitInstance } from "./octokit";
import { fromCachedRepositoryInfo, toRepositoryInfo } from "./repository";

export const PER_PAGE = 100;

export interface ListingDeps {
  octokit: GitHubOctokitInstance;
  token: string;
  endpoint: ScmEndpoint;
  cache: ConditionalCache;
  concurrency: number;
  logger?: Logger;
  clock: Clock;
}

interface Page {
  number: number;
  repositories: RepositoryInfo[];
  links: Record<string, string>;
  sso?: string;
  /** Answered 304 and served from the cache. */
  cached: boolean;
  /** Whether the Link header came from this answer (false: replayed from the cache). */
  freshLinks: boolean;
}

interface Counters {
  requests: number;
  notModified: number;
}

/** A page's answer arrived, but reading its body failed with `reason`. */
class PageBodyFailure extends Error {
  constructor(readonly reason: unknown) {
    super("the body of a listing page could not be read");
  }
}

/**
 * One page, asked again once when its answer arrived but its body did not: a connection cut while the
 * body streamed (plugin-retry only retries a request that got no answer), or a later page's 200 that
 * held no listing. A GET of a page changes nothing, so a second one is safe; a second failure is final.
 */
async function fetchPage(
  deps: ListingDeps,
  url: string,
  number: number,
  counters: Counters,
  organization: string,
): Promise<Page> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchPageOnce(deps, url, number, counters, organization);
    } catch (e) {
      if (!(e instanceof PageBodyFailure)) throw e;
      const lostConnection = !(e.reason instanceof ScmIntegrationError) && networkErrorCode(e.reason) !== undefined;
      const brokenLaterPage = e.reason instanceof ScmIntegrationError && number > 1 && e.reason.kind === "protocol";
      if (!(lostConnection || brokenLaterPage)) throw e.reason;
      if (attempt > 1) throw lostConnection ? connectionLost(deps, number, organization, e.reason) : e.reason;
      (deps.logger ?? silentLogger).warn(
        `page ${number} of ${organization}: ${errorMessage(e.reason)}; asking for it once more`,
      );
    }
  }
}

/** A connection lost twice while a page's body arrived: the network's fault, not the address's. */
function connectionLost(deps: ListingDeps, number: number, organization: string, reason: unknown): ScmIntegrationError {
  const code = networkErrorCode(reason);
  return new ScmIntegrationError(
    "unreachable",
    `the connection to ${safeHost(deps.endpoint.apiUrl)} was lost while page ${number} of ${organization} was arriving, twice${
      code ? ` (${code})` : ""
    }`,
    {
      cause: reason,
      fix:
        number === 1
          ? "retry; if it repeats, check the network path (proxies, load balancers) to the host"
          : "retry; page 1 came back as a GitHub listing, so the address is right",
    },
  );
}

async function fetchPageOnce(
  deps: ListingDeps,
  url: string,
  number: number,
  counters: Counters,
  organization: string,
): Promise<Page> {
  const cached = await deps.cache.get(deps.token, url);
  counters.requests++;
  try {
    // Octokit parses bodies with a BigInt-safe JSON parser that is several times slower than
    // JSON.parse on 100-repository pages; repository ids fit in a double, so pages are parsed here.
    const response = await deps.octokit.request({
      method: "GET",
      url,
      headers: cached ? { "if-none-match": cached.etag } : {},
      request: { parseSuccessResponseBody: false },
    });
    const headers = response.headers as Record<string, string | undefined>;
    const repositories = await readRepositoryPage(
      deps,
      response.data as ReadableStream<Uint8Array> | null,
      headers,
      number,
      `page ${number} of ${organization}`,
    ).catch((e: unknown) => {
      throw new PageBodyFailure(e);
    });
    const kept: Record<string, string> = {};
    if (headers.link) kept.link = headers.link;
    if (headers["x-github-sso"]) kept["x-github-sso"] = headers["x-github-sso"];
    if (headers.etag) await deps.cache.set(deps.token, url, { etag: headers.etag, body: repositories, headers: kept });
    return {
      number,
      repositories,
      links: parseLinkHeader(headers.link),
      ...(headers["x-github-sso"] ? { sso: headers["x-github-sso"] } : {}),
      cached: false,
      freshLinks: true,
    };
  } catch (e) {
    // Octokit throws on 304 ("Not modified"): the cached body is the answer.
    if (isRequestError(e) && e.status === 304 && cached) {
      counters.notModified++;
      const headers = e.response?.headers ?? {};
      const link = headers.link ?? cached.headers.link;
      const sso = headers["x-github-sso"] ?? cached.headers["x-github-sso"];
      return {
        number,
        repositories: (cached.body as RepositoryInfo[]).map(fromCachedRepositoryInfo),
        links: parseLinkHeader(link),
        ...(sso ? { sso } : {}),
        cached: true,
        freshLinks: headers.link !== undefined,
      };
    }
    throw e;
  }
}

/**
 * A page's repositories, read element by element as the body arrives (a page is ~450 KB of JSON; see
 * core/json-array-stream). Anything but a JSON array from a GitHub-marked answer to page 1 is a wrong
 * instance. From a later page it is a broken answer, not a wrong address: page 1 already came back as
 * a GitHub listing from the same host.
 */
async function readRepositoryPage(
  deps: ListingDeps,
  body: ReadableStream<Uint8Array> | null,
  headers: Record<string, string | undefined>,
  number: number,
  where: string,
): Promise<RepositoryInfo[]> {
  const notAListing = (what: string) =>
    number === 1
      ? wrongInstance(deps.endpoint.apiUrl, "baseUrl", `a repository page was ${what}`)
      : brokenPage(deps.endpoint.apiUrl, where, what, headers);
  if (!body) throw notAListing("empty");
  if (!/\bjson\b/i.test(headers["content-type"] ?? "") || !hasGitHubHeaders(headers)) {
    await body.cancel().catch(() => undefined);
    throw notAListing(`not GitHub's JSON (Content-Type ${JSON.stringify(headers["content-type"] ?? "")})`);
  }
  const repositories: RepositoryInfo[] = [];
  let read: JsonArrayRead;
  try {
    read = await readJsonArray(body, (raw) => repositories.push(toRepositoryInfo(raw, where)));
  } catch (e) {
    if (e instanceof SyntaxError) throw notAListing("not valid JSON");
    throw e;
  }
  if (read.kind !== "array") throw notAListing(read.value === "" ? "empty" : "not a JSON array");
  return repositories;
}

/** A 200 answer to a later page that holds no listing: reported as the service's fault, to retry. */
function brokenPage(
  apiUrl: string,
  where: string,
  what: string,
  headers: Record<string, string | undefined>,
): ScmIntegrationError {
  const length = headers["content-length"];
  return new ScmIntegrationError(
    "protocol",
    `${safeHost(apiUrl)} answered ${where} with 200, but its body was ${what}${
      length !== undefined ? ` (Content-Length ${length})` : ""
    }`,
    {
      fix: "retry; page 1 came back as a GitHub listing, so the address is right and this answer was broken on the way",
    },
  );
}

export async function listGitHubRepositories(
  deps: ListingDeps,
  organization: string,
  selector?: RepositorySelector,
): Promise<RepositoryListing> {
  const logger = deps.logger ?? silentLogger;
  // Compiled first: a bad glob fails before any request is sent.
  const selected = compileSelector(selector);
  const counters: Counters = { requests: 0, notModified: 0 };
  const apiUrl = deps.endpoint.apiUrl.replace(/\/+$/, "");
  const mapError = (e: unknown, action: string) => mapGitHubError(e, { apiUrl, action, now: deps.clock.now() });
  // type=all and every filter applied here: GitHub's `type` cannot express the selector (forks and
  // sources exclude each other and ignore visibility; `internal` has no type of its own), and one
  // unfiltered listing keeps a single set of ETags that serves every selector.
  const firstUrl = `${apiUrl}/orgs/${encodeURIComponent(organization)}/repos?per_page=${PER_PAGE}&type=all&sort=full_name`;

  let first: Page;
  try {
    first = await fetchPage(deps, firstUrl, 1, counters, organization);
  } catch (e) {
    if (isGitHubNotFound(e)) {
      throw new ScmIntegrationError(
        "not-found",
        `there is no GitHub organization "${organization}" (listing its repositories answered 404)`,
        {
          field: "organization",
          status: 404,
          fix: "check the organization's login",
        },
      );
    }
    throw mapGitHubError(e, {
      apiUrl,
      action: `listing the repositories of "${organization}"`,
      field: "organization",
      now: deps.clock.now(),
    });
  }

  const pages: Page[] = [first];
  const lastUrl = first.links.last;
  const lastNumber = lastUrl ? pageNumberOf(lastUrl) : undefined;
  if (lastUrl && lastNumber !== undefined && lastNumber > 1) {
    const limit = pLimit(Math.max(1, deps.concurrency));
    const numbers = Array.from({ length: lastNumber - 1 }, (_, i) => i + 2);
    const settled = await Promise.allSettled(
      numbers.map((n) => limit(() => fetchPage(deps, withPage(lastUrl, n), n, counters, organization))),
    );
    const failed: { page: number; error: ScmIntegrationError }[] = [];
    settled.forEach((result, i) => {
      const page = numbers[i] as number;
      if (result.status === "fulfilled") pages.push(result.value);
      else failed.push({ page, error: mapError(result.reason, `reading page ${page}`) });
    });
    if (failed.length > 0) throw incomplete(organization, failed, lastNumber);
  }

  // The organization may have grown while we read: keep following `next` from the last page. A last
  // page replayed from the cache without a Link of its own could hide growth when it is full, so one
  // more page is asked for then.
  pages.sort((a, b) => a.number - b.number);
  let tail = pages[pages.length - 1] as Page;
  for (let guard = 0; guard < 10_000; guard++) {
    let nextUrl = tail.links.next;
    if (!nextUrl && tail.cached && !tail.freshLinks && tail.repositories.length >= PER_PAGE) {
      nextUrl = withPage(tail.number === 1 ? firstUrl : (lastUrl ?? firstUrl), tail.number + 1);
    }
    if (!nextUrl) break;
    const number = pageNumberOf(nextUrl) ?? tail.number + 1;
    try {
      tail = await fetchPage(deps, nextUrl, number, counters, organization);
    } catch (e) {
      throw incomplete(organization, [{ page: number, error: mapError(e, `reading page ${number}`) }], number);
    }
    if (tail.repositories.length === 0) break;
    pages.push(tail);
  }

  // Parallel pages can overlap by a few entries if repositories were added meanwhile: keep one of each.
  const byId = new Map<number, RepositoryInfo>();
  for (const page of pages) for (const repo of page.repositories) byId.set(repo.id, repo);

  const incompleteReasons: string[] = [];
  const ssoHeaders = [...new Set(pages.map((p) => p.sso).filter((s): s is string => s !== undefined))];
  for (const sso of ssoHeaders) {
    if (/partial-results/i.test(sso)) {
      const orgs = /organizations=([\d,\s]+)/i.exec(sso)?.[1]?.trim();
      incompleteReasons.push(
        `GitHub left out repositories of organization id(s) ${orgs ?? "unknown"} because the token is not authorized for their SAML SSO (X-GitHub-SSO: partial-results); authorize the token for SSO and refresh`,
      );
    }
  }
  if (incompleteReasons.length > 0)
    logger.warn(`listing of ${organization} is incomplete: ${incompleteReasons.join("; ")}`);

  const repositories = sortByName([...byId.values()].filter(selected), (repo) => repo.fullName);
  return {
    repositories,
    complete: incompleteReasons.length === 0,
    incompleteReasons,
    stats: { requests: counters.requests, notModified: counters.notModified, pages: pages.length },
  };
}

function incomplete(
  organization: string,
  failed: { page: number; error: ScmIntegrationError }[],
  lastPage: number,
): ScmIntegrationError {
  failed.sort((a, b) => a.page - b.page);
  const first = failed[0] as { page: number; error: ScmIntegrationError };
  const pagesText = failed.map((f) => f.page).join(", ");
  return new ScmIntegrationError(
    "incomplete",
    `the repository listing of "${organization}" is incomplete: page${failed.length > 1 ? "s" : ""} ${pagesText} of ${lastPage} failed (${first.error.problem})`,
    {
      // A token refused half way (revoked, expired, not authorized for SSO) is the token's problem;
      // page 1 had already shown the organization exists and is readable.
      field: first.error.field === "token" ? "token" : "organization",
      ...(first.error.status !== undefined ? { status: first.error.status } : {}),
      fix: first.error.fix ?? "retry; nothing was changed on the platform because of this listing",
      cause: first.error,
      details: { failedPages: failed.map((f) => f.page), lastPage, causeKind: first.error.kind },
    },
  );
}
