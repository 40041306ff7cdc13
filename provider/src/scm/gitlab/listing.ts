// Listing a group's projects (https://docs.gitlab.com/api/groups/, https://docs.gitlab.com/api/rest/#pagination).
// Offset pages of 100, ordered by id so
// pages are stable; once page 1 tells the page count the rest are fetched in parallel. Above 10,000
// rows GitLab omits the totals, so pages are walked one by one through x-next-page. Every page is
// checked against the totals; a failed or inconsistent page fails the whole listing: it never comes
// back short.
import pLimit from "p-limit";
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { matchesSelector } from "../../plan/selector-match";
import type { RepositorySelector } from "../../core/domain.generated";
import type { RepositoryInfo, RepositoryListing } from "../types";
import type { GitLabContext, GitLabProject } from "./context";
import { toScmError } from "./errors";
import { getGroupAccess, normaliseGroupPath, readGroup } from "./groups";
import { toRepositoryInfo } from "./projects";
import { GitLabResponseError } from "./requester";

export const PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 8;

interface Page {
  projects: GitLabProject[];
  total: number | undefined;
  totalPages: number | undefined;
  next: number | undefined;
}

function listQuery(selector: RepositorySelector | undefined) {
  const visibility = selector?.visibility?.length === 1 ? selector.visibility[0] : undefined;
  return {
    perPage: PAGE_SIZE,
    // Our defaults differ from GitLab's (include_subgroups false, with_shared true): a group's
    // repositories are the ones it owns, down its subgroups; projects shared in from elsewhere are opt-in.
    includeSubgroups: selector?.includeSubgroups ?? true,
    withShared: selector?.includeShared ?? false,
    orderBy: "id" as const,
    sort: "asc" as const,
    // Server-side filters only where the selector is certain to drop the rest anyway.
    ...(selector?.archived === true ? {} : { archived: false }),
    ...(visibility ? { visibility } : {}),
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

async function fetchPage(
  ctx: GitLabContext,
  path: string,
  query: ReturnType<typeof listQuery>,
  page: number,
): Promise<Page> {
  // `page` given explicitly stops Gitbeaker's own pagination; showExpanded returns the x-* headers parsed.
  const response = (await ctx.api.Groups.allProjects(path, {
    ...query,
    page,
    showExpanded: true,
  })) as unknown as {
    data: GitLabProject[];
    paginationInfo: { total?: number; totalPages?: number; next?: number | null; current?: number; perPage?: number };
  };
  if (!Array.isArray(response.data)) {
    throw new ScmIntegrationError("protocol", `page ${page} of group "${path}" is not a list of projects`);
  }
  const info = response.paginationInfo ?? {};
  return {
    projects: response.data,
    total: info.total === 0 ? 0 : numberOrUndefined(info.total),
    totalPages: numberOrUndefined(info.totalPages),
    next: numberOrUndefined(info.next ?? undefined),
  };
}

function inconsistent(path: string, detail: string): ScmIntegrationError {
  return new ScmIntegrationError(
    "incomplete",
    `the project list of GitLab group "${path}" changed or was cut while it was read (${detail})`,
    {
      fix: "run again; if it keeps happening, check the GitLab instance's pagination settings (max offset)",
    },
  );
}

function failedPage(
  ctx: GitLabContext,
  path: string,
  page: number,
  of: number | undefined,
  e: unknown,
): ScmIntegrationError {
  const cause = toScmError(e, ctx.endpoint, `list projects of "${path}"`);
  return new ScmIntegrationError(
    "incomplete",
    `listing the projects of GitLab group "${path}" failed at page ${page}${of ? ` of ${of}` : ""}: ${cause.problem}`,
    {
      // A token refused half way (revoked, expired) names the token; other causes name no field.
      ...(cause.field === "token" ? { field: "token" } : {}),
      ...(cause.status !== undefined ? { status: cause.status } : {}),
      fix: cause.fix ?? "run again",
      cause,
      details: { page, causeKind: cause.kind },
    },
  );
}

/** Every page after the first, when the page count is known: fetched in parallel, checked against the total. */
async function fetchCountedPages(
  ctx: GitLabContext,
  path: string,
  query: ReturnType<typeof listQuery>,
  first: Page,
): Promise<GitLabProject[][]> {
  const total = first.total as number;
  const pages = first.totalPages ?? Math.max(1, Math.ceil(total / PAGE_SIZE));
  const limit = pLimit(Math.max(1, ctx.concurrency));
  const expected = (n: number) => (n < pages ? PAGE_SIZE : total - PAGE_SIZE * (pages - 1));
  const check = (n: number, page: Page) => {
    if (page.total !== undefined && page.total !== total)
      throw inconsistent(path, `page ${n} reported ${page.total} projects, page 1 reported ${total}`);
    if (page.projects.length !== expected(n))
      throw inconsistent(path, `page ${n} had ${page.projects.length} projects, expected ${expected(n)}`);
  };
  check(1, first);
  // After the first failure the queued pages are skipped; the listing waits for the ones in flight
  // so that nothing is left running behind the thrown error.
  let failure: { error: unknown } | undefined;
  const rest = Array.from({ length: pages - 1 }, (_, i) => i + 2).map((n) =>
    limit(async (): Promise<GitLabProject[]> => {
      if (failure) return [];
      try {
        let page: Page;
        try {
          page = await fetchPage(ctx, path, query, n);
        } catch (e) {
          throw failedPage(ctx, path, n, pages, e);
        }
        check(n, page);
        return page.projects;
      } catch (e) {
        failure ??= { error: e };
        throw e;
      }
    }),
  );
  const settled = await Promise.allSettled(rest);
  if (failure) throw failure.error;
  return [first.projects, ...settled.map((s) => (s as PromiseFulfilledResult<GitLabProject[]>).value)];
}

/** Pages walked through x-next-page (GitLab omits totals above 10,000 rows). */
async function walkPages(
  ctx: GitLabContext,
  path: string,
  query: ReturnType<typeof listQuery>,
  first: Page,
): Promise<GitLabProject[][]> {
  const pages = [first.projects];
  let current = first;
  let number = 1;
  while (current.next !== undefined) {
    if (current.projects.length !== PAGE_SIZE)
      throw inconsistent(path, `page ${number} had ${current.projects.length} projects but a next page`);
    if (current.next !== number + 1) throw inconsistent(path, `page ${number} pointed at page ${current.next}`);
    number = current.next;
    try {
      current = await fetchPage(ctx, path, query, number);
    } catch (e) {
      throw failedPage(ctx, path, number, undefined, e);
    }
    pages.push(current.projects);
  }
  return pages;
}

export async function listGroupProjects(
  ctx: GitLabContext,
  organization: string,
  selector?: RepositorySelector,
): Promise<RepositoryListing> {
  const path = normaliseGroupPath(organization);
  const requestsBefore = ctx.counters.requests;
  const incompleteReasons: string[] = [];

  // A user without membership sees only public and internal projects: the listing is then partial.
  try {
    await getGroupAccess(ctx, path);
  } catch (e) {
    if (!isScmIntegrationError(e) || e.kind !== "no-access") throw e;
    incompleteReasons.push(
      `${e.message.split(". Fix:")[0]}; GitLab shows such a user only public and internal projects`,
    );
  }

  const query = listQuery(selector);
  let first: Page;
  try {
    first = await fetchPage(ctx, path, query, 1);
  } catch (e) {
    // The group was readable a moment ago; a 404 now still means "not found", other errors as mapped.
    if (e instanceof GitLabResponseError && e.status === 404) await readGroup(ctx, path);
    throw toScmError(e, ctx.endpoint, `list projects of "${path}"`);
  }
  const pages =
    first.total !== undefined
      ? await fetchCountedPages(ctx, path, query, first)
      : await walkPages(ctx, path, query, first);

  const seen = new Set<number>();
  const repositories: RepositoryInfo[] = [];
  for (const project of pages.flat()) {
    if (seen.has(project.id)) throw inconsistent(path, `project ${project.path_with_namespace} appeared twice`);
    seen.add(project.id);
    const repo = toRepositoryInfo(project);
    if (matchesSelector(repo, selector)) repositories.push(repo);
  }
  return {
    repositories,
    complete: incompleteReasons.length === 0,
    incompleteReasons,
    stats: { requests: ctx.counters.requests - requestsBefore, notModified: 0, pages: pages.length },
  };
}

export { DEFAULT_CONCURRENCY };
