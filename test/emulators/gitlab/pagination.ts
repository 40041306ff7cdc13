// GitLab offset pagination (https://docs.gitlab.com/api/rest/#pagination): page (1-based), per_page (default 20, max 100),
// x-page / x-per-page / x-next-page / x-prev-page / x-total / x-total-pages and a Link header with
// prev / next / first / last. Above 10,000 rows x-total, x-total-pages and rel="last" are omitted.

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
export const COUNT_LIMIT = 10_000;

export interface PageRequest {
  page: number;
  perPage: number;
}

/** Reads page / per_page; returns the name of an invalid parameter instead. */
export function readPageRequest(query: Record<string, string | undefined>): PageRequest | { invalid: string } {
  const read = (name: string, fallback: number): number | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === "") return fallback;
    if (!/^-?\d+$/.test(raw)) return undefined;
    return Number(raw);
  };
  const page = read("page", 1);
  if (page === undefined) return { invalid: "page" };
  const perPage = read("per_page", DEFAULT_PER_PAGE);
  if (perPage === undefined) return { invalid: "per_page" };
  return {
    page: page < 1 ? 1 : page,
    // Values above the maximum are clamped, non-positive ones fall back to the default.
    perPage: perPage < 1 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE),
  };
}

export interface PagedResult<T> {
  items: T[];
  headers: Record<string, string>;
}

/** One page of `all` with GitLab's headers; `requestUrl` is the absolute URL of the request (links keep its path and query). */
export function paginate<T>(all: readonly T[], request: PageRequest, requestUrl: URL): PagedResult<T> {
  const { page, perPage } = request;
  const total = all.length;
  const counted = total <= COUNT_LIMIT;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  const hasNext = start + perPage < total;
  const hasPrev = page > 1;

  const link = (p: number) => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set("page", String(p));
    url.searchParams.set("per_page", String(perPage));
    return url.toString();
  };
  const links: string[] = [];
  if (hasPrev) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (hasNext) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`);
  if (counted) links.push(`<${link(totalPages)}>; rel="last"`);

  const headers: Record<string, string> = {
    "x-page": String(page),
    "x-per-page": String(perPage),
    "x-next-page": hasNext ? String(page + 1) : "",
    "x-prev-page": hasPrev ? String(page - 1) : "",
    link: links.join(", "),
  };
  if (counted) {
    headers["x-total"] = String(total);
    headers["x-total-pages"] = String(totalPages);
  }
  return { items, headers };
}

/**
 * Keyset pagination ordered by id (docs.gitlab.com, api/rest/index.md "Keyset-based pagination"):
 * `pagination=keyset`, `per_page`, `order_by=id`, `sort`; the next page is given only by
 * `Link: <…&id_after=N>; rel="next"` (`id_before` when sorting desc), absent on the last page; no
 * x-total / x-page headers. (The older `Links` header was removed in GitLab 14.0, same page.)
 */
export function paginateKeyset<T extends { id: number }>(
  sorted: readonly T[],
  perPage: number,
  sort: "asc" | "desc",
  query: Record<string, string | undefined>,
  requestUrl: URL,
): PagedResult<T> | { invalid: string } {
  const cursorName = sort === "asc" ? "id_after" : "id_before";
  let rows = sorted;
  for (const name of ["id_after", "id_before"] as const) {
    const raw = query[name];
    if (raw === undefined || raw === "") continue;
    if (!/^\d+$/.test(raw)) return { invalid: name };
    const bound = Number(raw);
    rows = rows.filter((r) => (name === "id_after" ? r.id > bound : r.id < bound));
  }
  const items = rows.slice(0, perPage);
  const headers: Record<string, string> = {};
  if (rows.length > perPage) {
    const next = new URL(requestUrl.toString());
    next.searchParams.delete("id_after");
    next.searchParams.delete("id_before");
    next.searchParams.delete("page");
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set(cursorName, String(items[items.length - 1]!.id));
    headers["link"] = `<${next.toString()}>; rel="next"`;
  }
  return { items, headers };
}
