// Following Semgrep's opaque continuation tokens (the SCM API's `cursor`, v2 projects/list's
// `pageToken`): pages are read until the token is empty or a page is empty, and a token seen twice is
// a protocol error rather than an endless loop.
import { ScmIntegrationError } from "../../core/errors";

/** Every item of every page; `tokenName` names the token in the error ("cursor", "page token"). */
export async function followPages<T>(
  operation: string,
  tokenName: string,
  fetchPage: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | null | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    all.push(...page.items);
    const next = page.next || undefined;
    if (!next || page.items.length === 0) return all;
    if (seen.has(next)) {
      throw new ScmIntegrationError("protocol", `Semgrep repeated the ${tokenName} while paging through ${operation}`, {
        fix: "retry; if it persists, report it to Semgrep support",
      });
    }
    seen.add(next);
    token = next;
  }
}
