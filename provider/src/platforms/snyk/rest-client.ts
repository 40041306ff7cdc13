// A thin typed client for the Snyk REST API: `?version=` on every call, JSON:API media type, JSON:API
// errors, cursor pagination that follows `links.next` as given. Hand-written for the same reason as
// the V1 client (no official TypeScript SDK), on the same transport with the key's REST rate limiter.
import type { z } from "zod";
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { snykProtocolError } from "./api-error";
import {
  restIntegrationSchema,
  restPageSchema,
  restProjectSchema,
  restTargetSchema,
  type RestProject,
  type RestTarget,
} from "./schemas";
import type { SnykTag } from "./owner-tags";
import { sendSnykRequest, type SnykTransport } from "./transport";

/**
 * The REST version this provider is written against: a GA date after targets (GA 2024-02-21) and
 * projects (GA 2024-05-31) went GA. Snyk serves the newest GA version at or before this date, and GA
 * versions stay supported at least six months after the next GA
 * (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api).
 */
export const SNYK_REST_VERSION = "2024-10-15";
/**
 * REST integrations are Early Access only (UNVERIFIED: absent from Snyk's GA REST description); used
 * read-only, for `has_broker`.
 */
export const SNYK_REST_INTEGRATIONS_VERSION = "2024-10-15~beta";

const JSON_API = "application/vnd.api+json";

export interface RestResponse {
  status: number;
  body: unknown;
}

export class SnykRestClient {
  constructor(private readonly transport: SnykTransport) {}

  /** `path` is relative to the REST root and may already carry a query (a `links.next`). */
  async call(
    method: string,
    pathOrLink: string,
    options: {
      action: string;
      field?: string;
      accept?: number[];
      query?: Record<string, string>;
      version?: string;
      /** A JSON:API document to send (PATCH); sent as `application/vnd.api+json`. */
      body?: unknown;
      /** A write that sets a value outright (sending it twice changes nothing): retried like a read. */
      idempotent?: boolean;
    },
  ): Promise<RestResponse> {
    const url = this.resolve(pathOrLink);
    if (!url.searchParams.has("version")) url.searchParams.set("version", options.version ?? SNYK_REST_VERSION);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    // REST speaks JSON:API both ways (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api).
    const headers: Record<string, string> = { authorization: `token ${this.transport.apiToken}`, accept: JSON_API };
    if (options.body !== undefined) headers["content-type"] = JSON_API;
    const { status, body } = await sendSnykRequest(
      this.transport,
      "rest",
      {
        method,
        url: url.href,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
      },
      options,
    );
    return { status, body };
  }

  /**
   * Resolve a path or `links.next` against the REST root. Snyk's links are root-relative paths such as
   * `/orgs/…?version=…&starting_after=…` (relative to `/rest`); absolute links are followed only on our
   * own origin, so the API key never goes to a host named by a response body.
   */
  resolve(pathOrLink: string): URL {
    const root = new URL(this.transport.roots.rest);
    if (/^https?:\/\//i.test(pathOrLink)) {
      const url = new URL(pathOrLink);
      if (url.origin !== root.origin) {
        throw snykProtocolError("a paged listing", `links.next points at another host (${url.host})`);
      }
      return url;
    }
    const restPath = root.pathname.replace(/\/+$/, "");
    const path = pathOrLink.startsWith("/") ? pathOrLink : `/${pathOrLink}`;
    // A link that already carries the REST prefix is host-relative; one without it is REST-relative.
    const full = path === restPath || path.startsWith(`${restPath}/`) ? path : `${restPath}${path}`;
    return new URL(full, root.origin);
  }

  /**
   * Every item of a cursor-paged listing, each passed through `keep` as its page arrives (undefined
   * drops it): an organization's 100,000 targets are never held as parsed JSON:API documents at once.
   * A page that fails after the policy's retries throws kind "incomplete" saying how far the listing
   * got: a short list is never returned as if it were whole.
   */
  async listAll<T extends z.ZodType, U>(
    path: string,
    query: Record<string, string>,
    item: T,
    keep: (item: z.infer<T>) => U | undefined,
    options: { action: string; field?: string },
  ): Promise<{ items: U[]; pages: number }> {
    const { action, field } = options;
    const schema = restPageSchema(item);
    const items: U[] = [];
    let link: string | undefined = path;
    let first = true;
    let pages = 0;
    const seen = new Set<string>();
    while (link) {
      let res: RestResponse;
      try {
        res = await this.call("GET", link, {
          action,
          ...(field !== undefined ? { field } : {}),
          ...(first ? { query } : {}),
        });
      } catch (e) {
        if (pages === 0 || !isScmIntegrationError(e)) throw e;
        throw new ScmIntegrationError(
          "incomplete",
          `${action} stopped after ${pages} page(s) and ${items.length} item(s): ${e.problem}`,
          {
            fix: `${e.fix ? `${e.fix}; ` : ""}nothing was changed because of this partial listing; retry the operation`,
            ...(e.status ? { status: e.status } : {}),
            cause: e,
          },
        );
      }
      first = false;
      pages++;
      const parsed = schema.safeParse(res.body);
      if (!parsed.success) throw snykProtocolError(action, parsed.error.issues[0]?.message ?? "shape mismatch");
      for (const entry of parsed.data.data as z.infer<T>[]) {
        const kept = keep(entry);
        if (kept !== undefined) items.push(kept);
      }
      const next: string | null | undefined = parsed.data.links?.next;
      if (next && seen.has(next))
        throw snykProtocolError(action, "links.next repeats a page already read (pagination loop)");
      if (next) seen.add(next);
      // Followed even after an empty page: stopping early could pass a short list off as complete.
      link = next ?? undefined;
    }
    return { items, pages };
  }

  /**
   * Targets of an org from these source types, through `keep`: all of them, or with `recent` only those
   * with projects (`exclude_empty=true`) created at or after `createdGte` (REST `created_gte`: "Return
   * only targets which have been created at or after the specified date").
   */
  async listTargets<U>(
    orgId: string,
    sourceTypes: string[],
    keep: (target: RestTarget) => U | undefined,
    recent?: { createdGte: string },
  ): Promise<{ targets: U[]; pages: number }> {
    const { items, pages } = await this.listAll(
      `/orgs/${encodeURIComponent(orgId)}/targets`,
      {
        limit: "100",
        exclude_empty: recent ? "true" : "false",
        ...(recent ? { created_gte: recent.createdGte } : {}),
        ...(sourceTypes.length ? { source_types: sourceTypes.join(",") } : {}),
      },
      restTargetSchema(),
      keep,
      { action: `listing the targets of org ${orgId}`, field: "platformOrg" },
    );
    return { targets: items, pages };
  }

  /**
   * Projects of an org, through `keep`: those of these targets (`target_id`, repeated: the parameter
   * is a form-exploded array), and/or those carrying every one of `tags` (`key:value`).
   */
  async listProjects<U>(
    orgId: string,
    filter: { targetIds?: readonly string[]; tags?: readonly SnykTag[] },
    keep: (project: RestProject) => U | undefined,
  ): Promise<U[]> {
    const query = new URLSearchParams();
    for (const id of filter.targetIds ?? []) query.append("target_id", id);
    const path = `/orgs/${encodeURIComponent(orgId)}/projects${query.toString() !== "" ? `?${query.toString()}` : ""}`;
    const { items } = await this.listAll(
      path,
      {
        limit: "100",
        ...(filter.tags?.length ? { tags: filter.tags.map((t) => `${t.key}:${t.value}`).join(",") } : {}),
      },
      restProjectSchema(),
      keep,
      { action: `listing the projects of org ${orgId}`, field: "platformOrg" },
    );
    return items;
  }

  /**
   * Set a project's tags to exactly `tags` (updateOrgProject). Sending the same list twice changes
   * nothing, so it is retried like a read.
   */
  async setProjectTags(orgId: string, projectId: string, tags: readonly SnykTag[]): Promise<void> {
    await this.call("PATCH", `/orgs/${encodeURIComponent(orgId)}/projects/${encodeURIComponent(projectId)}`, {
      action: `tagging project ${projectId} of org ${orgId}`,
      body: { data: { type: "project", id: projectId, attributes: { tags }, relationships: {} } },
      idempotent: true,
    });
  }

  /** Delete a target and, with it, all its projects. False when it was already gone. */
  async deleteTarget(orgId: string, targetId: string): Promise<boolean> {
    const res = await this.call(
      "DELETE",
      `/orgs/${encodeURIComponent(orgId)}/targets/${encodeURIComponent(targetId)}`,
      {
        action: `deleting target ${targetId} of org ${orgId}`,
        accept: [404],
      },
    );
    return res.status !== 404;
  }

  /**
   * `has_broker` of an integration, from the Early Access REST integrations API; undefined when that API
   * is not available to this key or version (callers then fall back to what V1 answers).
   */
  async integrationHasBroker(orgId: string, integrationId: string): Promise<boolean | undefined> {
    const action = `reading integration ${integrationId} of org ${orgId}`;
    const res = await this.call(
      "GET",
      `/orgs/${encodeURIComponent(orgId)}/integrations/${encodeURIComponent(integrationId)}`,
      {
        action,
        version: SNYK_REST_INTEGRATIONS_VERSION,
        accept: [400, 403, 404],
      },
    );
    if (res.status !== 200) return undefined;
    const parsed = restIntegrationSchema().safeParse(res.body);
    if (!parsed.success) throw snykProtocolError(action, parsed.error.issues[0]?.message ?? "shape mismatch");
    return parsed.data.data.attributes.has_broker ?? false;
  }
}
