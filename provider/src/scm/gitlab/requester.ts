// The transport under Gitbeaker. Gitbeaker's own request handler retries 429 and 502 ten times
// within ~0.3 s and ignores Retry-After (@gitbeaker/rest 43.8.0, https://github.com/jdalrymple/gitbeaker),
// which hammers a throttled server.
// Gitbeaker takes a `requesterFn` option (the documented hook, built with `createRequesterFn` from
// its requester-utils package), so we keep Gitbeaker's request building (URL, query encoding,
// auth header) and replace only the sending: every request goes through `sendWithPolicy`, which
// bounds attempts, times out each one and waits as long as Retry-After says.
import { createRequesterFn, type RequesterType, type ResourceOptions } from "@gitbeaker/requester-utils";
import type { HttpRequest } from "../../core/http";

/** A non-2xx answer (or a 2xx that is not JSON), kept raw so the client can map it to a clear error. */
export class GitLabResponseError extends Error {
  readonly status: number;
  readonly method: string;
  /** Path under the API root, e.g. `/groups/acme%2Fsub` (never a query string, which could carry a token). */
  readonly path: string;
  readonly contentType: string;
  /** Parsed JSON body, or the text when the body is not JSON. */
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    contentType: string;
    body: unknown;
    headers: Record<string, string>;
  }) {
    super(`GitLab answered ${init.status} to ${init.method} ${init.path}`);
    this.name = "GitLabResponseError";
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.contentType = init.contentType;
    this.body = init.body;
    this.headers = init.headers;
  }

  get isJson(): boolean {
    return this.contentType === "application/json";
  }
}

export type SendFn = (request: HttpRequest) => Promise<Response>;

function mediaType(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (mediaType(response) === "application/json") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A Gitbeaker `requesterFn` whose requests are sent by `send` (sendWithPolicy with our fetch).
 * `apiRoot` is the API URL (`…/api/v4`), used to report paths relative to it.
 */
export function createPolicyRequesterFn(
  send: SendFn,
  apiRoot: string,
): (serviceOptions: ResourceOptions) => RequesterType {
  const rootPath = new URL(apiRoot).pathname.replace(/\/+$/, "");
  return createRequesterFn(
    async (_serviceOptions, requestOptions) => requestOptions,
    async (endpoint, options) => {
      const opts = (options ?? {}) as {
        method?: string;
        headers?: Record<string, string>;
        body?: unknown;
        searchParams?: string;
        prefixUrl?: string;
        signal?: AbortSignal;
      };
      if (opts.body !== undefined && typeof opts.body !== "string") {
        // Form uploads are not used by this provider; refuse rather than send something malformed.
        throw new TypeError(`GitLab requester: only JSON bodies are supported (${endpoint})`);
      }
      const base = opts.prefixUrl ? (opts.prefixUrl.endsWith("/") ? opts.prefixUrl : `${opts.prefixUrl}/`) : undefined;
      const url = new URL(endpoint, base);
      url.search = opts.searchParams ?? "";
      const method = (opts.method ?? "GET").toUpperCase();
      const response = await send({
        method,
        url: url.toString(),
        headers: { accept: "application/json", ...(opts.headers ?? {}) },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const headers = Object.fromEntries(response.headers.entries());
      const contentType = mediaType(response);
      const path = url.pathname.startsWith(rootPath) ? url.pathname.slice(rootPath.length) || "/" : url.pathname;
      if (response.status === 204) return { body: null, headers, status: 204 };
      const body = await readBody(response);
      if (!response.ok || contentType !== "application/json") {
        throw new GitLabResponseError({ status: response.status, method, path, contentType, body, headers });
      }
      return { body: (body ?? {}) as Record<string, unknown>, headers, status: response.status };
    },
  );
}
