// The naive baseline's HTTP: one request at a time, no conditional requests, no budget. A 429 (or
// GitHub's 403 with no requests remaining) is waited out and retried, as a simple script would, so
// the baseline finishes whatever the limits; the 429s it draws are counted by the emulators.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface NaiveResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function naiveRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<NaiveResponse> {
  for (let attempt = 1; attempt <= 200; attempt++) {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const limited =
      response.status === 429 || (response.status === 403 && response.headers.get("x-ratelimit-remaining") === "0");
    if (limited) {
      await response.body?.cancel();
      // A fixed one-second back-off: what a simple sequential script does.
      await sleep(1000);
      continue;
    }
    const text = await response.text();
    if (response.status >= 400)
      throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`);
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  }
  throw new Error(`${method} ${new URL(url).pathname} stayed rate limited`);
}

/** `rel="next"` of a GitHub Link header. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
