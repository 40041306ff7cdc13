// RFC 8288 Link headers as GitHub sends them (`<url>; rel="next", <url>; rel="last"`). Small and
// exact enough to write here: Octokit's paginate only follows `next` one page at a time, and we
// need `last` to fetch the remaining pages in parallel.

/** rel → URL. A rel listing several values (`rel="next last"`) maps each of them. */
export function parseLinkHeader(value: string | undefined | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of value.matchAll(pattern)) {
    const url = match[1] as string;
    const params = match[2] ?? "";
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").split(/\s+/).filter((r) => r.length > 0);
    for (const r of rels) links[r.toLowerCase()] ??= url;
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
