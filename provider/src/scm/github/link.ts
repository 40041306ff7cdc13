// RFC 8288 Link headers as GitHub sends them (`<url>; rel="next", <url>; rel="last"`), parsed by
// http-link-header. Octokit's paginate only follows `next` one page at a time; the listing needs
// `last` too, to fetch the remaining pages in parallel, so it reads the header itself.
import LinkHeader from "http-link-header";

/** rel → URL (the first link of each rel). A rel listing several values (`rel="next last"`) maps each. */
export function parseLinkHeader(value: string | undefined | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  let parsed: LinkHeader;
  try {
    parsed = LinkHeader.parse(value);
  } catch {
    // A header the parser refuses is no pagination information: the listing then reads page by page.
    return links;
  }
  for (const ref of parsed.refs) {
    for (const rel of ref.rel.split(/\s+/)) if (rel !== "") links[rel.toLowerCase()] ??= ref.uri;
  }
  return links;
}

/** The `page` query parameter of a URL, or undefined when absent or not a positive integer. */
export function pageNumberOf(url: string): number | undefined {
  try {
    const raw = new URL(url).searchParams.get("page");
    if (raw === null || !/^\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= 1 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The same URL with `page` set to `page` (every other parameter, and the path form, kept). */
export function withPage(url: string, page: number): string {
  const u = new URL(url);
  u.searchParams.set("page", String(page));
  return u.toString();
}
