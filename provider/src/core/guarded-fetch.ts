// The fetch every client sends through: its own connection pool and CA, every resolved address
// vetted when connecting (./destination guardedLookup), and redirects taken by hand so none leaves
// the origin the token was meant for.
import { Agent, fetch as undiciFetch } from "undici";
import {
  classifyHost,
  describeClass,
  DestinationRefusedError,
  guardedLookup,
  isRefusedClass,
  type LookupFunction,
} from "./destination";
import type { FetchLike } from "./http";

export interface FetchOptions {
  /** PEM bundle of the private CA(s) that signed the server's certificate. */
  caCertificate?: string;
  /** Concurrent connections per origin. */
  connections?: number;
  /** Let names resolve to loopback addresses (the allowInsecureLoopback provider setting: tests only). */
  allowLoopback?: boolean;
  /** Resolver behind the destination check (tests inject one; default dns.lookup). */
  lookup?: LookupFunction;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A fetch bound to its own connection pool (and CA, when given). undici's own fetch is used so the
 * dispatcher and fetch always come from the same undici version.
 *
 * Destinations: every address a name resolves to is classified when connecting (guardedLookup), and
 * redirects are not left to undici. undici would follow them to any host, and for a redirect to an
 * IP literal no lookup runs, while GitLab's PRIVATE-TOKEN header (unlike Authorization) survives a
 * cross-origin redirect. So redirects are taken manually: same-origin ones (GitHub's renamed
 * repositories) are followed, up to 5; a redirect to another origin is refused, never followed.
 * A caller that asks for redirect "manual" or "error" itself gets that.
 */
export function createFetch(options: FetchOptions = {}): FetchLike {
  const lookup = guardedLookup({
    allowLoopback: options.allowLoopback === true,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const dispatcher = new Agent({
    connections: options.connections ?? 32,
    keepAliveTimeout: 10_000,
    connect: { lookup, ...(options.caCertificate ? { ca: options.caCertificate } : {}) },
  });
  const send = async (input: string, init: RequestInit | undefined) =>
    keptWithItsBody(await undiciFetch(input, { ...(init as object), dispatcher }));
  return async (input: string, init?: RequestInit) => {
    if (init?.redirect === "manual" || init?.redirect === "error") return send(input, init);
    let url = input;
    let current: RequestInit = { ...init, redirect: "manual" };
    for (let hop = 0; ; hop++) {
      const response = await send(url, current);
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const target = redirectTarget(new URL(url), location, hop);
      current = requestAfterRedirect(response.status, current);
      url = target.href;
    }
  };
}

// undici cancels a response's body stream once the Response object is garbage collected, unless the
// stream is locked or read by then (its streamRegistry, lib/web/fetch/response.js; nodejs/undici#3199).
// A caller that keeps only `response.body`, as Octokit does with parseSuccessResponseBody: false, then
// reads an empty body whenever a collection falls between the answer and its first read: 200 pages of
// a GitHub listing came back with no bytes under memory pressure. The WeakMap holds each Response for
// as long as its body stream is reachable, and no longer.
const responseOfBody = new WeakMap<ReadableStream<Uint8Array>, Response>();

function keptWithItsBody(response: Response): Response {
  if (response.body) responseOfBody.set(response.body, response);
  return response;
}

/** Where a redirect leads, when it may be followed: same origin only, at most MAX_REDIRECTS hops. */
function redirectTarget(from: URL, location: string, hop: number): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new DestinationRefusedError(`refused to follow a redirect from ${from.host} to an invalid URL`, from.host);
  }
  const targetClass = classifyHost(target.hostname);
  // Same origin: the host already passed every check. Any other origin: never followed.
  if (target.origin !== from.origin) {
    throw new DestinationRefusedError(
      `refused to follow a redirect from ${from.host} to ${target.host}${
        isRefusedClass(targetClass, false) ? ` (another origin, ${describeClass(targetClass)})` : " (another origin)"
      }`,
      target.hostname,
    );
  }
  if (hop >= MAX_REDIRECTS) {
    throw new DestinationRefusedError(
      `refused to follow more than ${MAX_REDIRECTS} redirects from ${from.host}`,
      from.host,
    );
  }
  return target;
}

/** The request to send on to a redirect's target: 303 (and 301 / 302 after a POST) turn into a GET. */
function requestAfterRedirect(status: number, current: RequestInit): RequestInit {
  const method = (current.method ?? "GET").toUpperCase();
  if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
    const { body: _body, ...rest } = current;
    void _body;
    return { ...rest, method: "GET" };
  }
  return current;
}
