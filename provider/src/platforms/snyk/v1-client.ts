// A thin typed client for the Snyk V1 API (`Authorization: token …`, plain JSON, `{code,message,error}`
// errors). Hand-written because Snyk publishes no TypeScript SDK; every call goes through the shared
// request policy and the key's V1 rate limiter (./transport).
import type { z } from "zod";
import { ScmIntegrationError } from "../../core/errors";
import { snykProtocolError } from "./api-error";
import { importJobSchema, integrationIdSchema, integrationMapSchema, type ImportJob } from "./schemas";
import { sendSnykRequest, type SnykAnswer, type SnykTransport } from "./transport";

export type SnykImportTarget = { owner: string; name: string; branch: string } | { id: number; branch: string };

export interface IntegrationCredentials {
  token: string;
  url?: string;
}

export class SnykV1Client {
  constructor(private readonly transport: SnykTransport) {}

  /** Send one request; returns the answer for 2xx and for statuses in `accept`, throws a mapped error otherwise. */
  async call(
    method: string,
    path: string,
    options: { body?: unknown; action: string; field?: string; accept?: number[]; signal?: AbortSignal },
  ): Promise<SnykAnswer> {
    return sendSnykRequest(
      this.transport,
      "v1",
      {
        method,
        url: `${this.transport.roots.v1}${path}`,
        // V1 speaks plain JSON (https://docs.snyk.io/snyk-api/v1-api).
        headers: {
          authorization: `token ${this.transport.apiToken}`,
          accept: "application/json",
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      options,
    );
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, action: string): z.infer<T> {
    const result = schema.safeParse(body);
    if (!result.success) throw snykProtocolError(action, result.error.issues[0]?.message ?? "shape mismatch");
    return result.data;
  }

  /** `{type: integrationId}` of every integration of the org. */
  async listIntegrations(orgId: string): Promise<Record<string, string>> {
    const action = `listing the integrations of org ${orgId}`;
    const res = await this.call("GET", `/org/${enc(orgId)}/integrations`, { action, field: "platformOrg" });
    return this.parse(integrationMapSchema(), res.body ?? {}, action);
  }

  /** The id of the org's integration of this type, or null when the org has none. */
  async findIntegrationId(orgId: string, type: string): Promise<string | null> {
    const action = `looking up the ${type} integration of org ${orgId}`;
    const res = await this.call("GET", `/org/${enc(orgId)}/integrations/${enc(type)}`, {
      action,
      field: "platformOrg",
      accept: [404],
    });
    if (res.status === 404) {
      // A 404 here means either "no integration of this type" or "no such org": tell them apart with
      // the list, which 404s only for a missing org.
      await this.listIntegrations(orgId);
      return null;
    }
    return this.parse(integrationIdSchema(), res.body, action).id;
  }

  async createIntegration(orgId: string, type: string, credentials: IntegrationCredentials): Promise<string> {
    const action = `creating the ${type} integration of org ${orgId}`;
    const res = await this.call("POST", `/org/${enc(orgId)}/integrations`, { action, body: { type, credentials } });
    return this.parse(integrationIdSchema(), res.body, action).id;
  }

  async updateIntegrationCredentials(
    orgId: string,
    integrationId: string,
    type: string,
    credentials: IntegrationCredentials,
  ): Promise<string> {
    const action = `updating the credentials of ${type} integration ${integrationId} in org ${orgId}`;
    const res = await this.call("PUT", `/org/${enc(orgId)}/integrations/${enc(integrationId)}`, {
      action,
      body: { type, credentials },
    });
    return this.parse(integrationIdSchema(), res.body, action).id;
  }

  /** Remove the integration's credentials (V1 has no integration delete). True when removed, false when already gone. */
  async deleteIntegrationCredentials(orgId: string, integrationId: string): Promise<boolean> {
    const res = await this.call("DELETE", `/org/${enc(orgId)}/integrations/${enc(integrationId)}/authentication`, {
      action: `removing the credentials of integration ${integrationId} in org ${orgId}`,
      accept: [404],
    });
    return res.status !== 404;
  }

  /** Start an import; returns the job's Location URL. Not retried after a 5xx (a POST may have started the job). */
  async startImport(
    orgId: string,
    integrationId: string,
    target: SnykImportTarget,
    options: { exclusionGlobs?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const label = "owner" in target ? `${target.owner}/${target.name}` : `GitLab project ${target.id}`;
    const action = `importing ${label} into org ${orgId}`;
    const res = await this.call("POST", `/org/${enc(orgId)}/integrations/${enc(integrationId)}/import`, {
      action,
      body: { target, ...(options.exclusionGlobs !== undefined ? { exclusionGlobs: options.exclusionGlobs } : {}) },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const location = res.headers.get("location");
    if (res.status !== 201 || !location) {
      throw snykProtocolError(
        action,
        `expected 201 with a Location header, got ${res.status}${location ? "" : " without Location"}`,
      );
    }
    return location;
  }

  /** Read an import job from the URL Snyk gave in `Location`. */
  async getImportJob(locationUrl: string, signal?: AbortSignal): Promise<ImportJob> {
    const path = importJobPath(locationUrl);
    const action = `reading import job ${path.split("/").pop() ?? ""}`;
    const res = await this.call("GET", path, { action, ...(signal ? { signal } : {}) });
    return this.parse(importJobSchema(), res.body, action);
  }
}

/**
 * The V1-relative path of an import job's Location. Snyk's Location points at `/api/v1/org/…/import/<jobId>`
 * on a host of the region; like snyk-api-import, only the part after `/api/v1/` (or `/v1/`) is kept and
 * joined to our own V1 root, so the API key is never sent to a host named by a response header.
 */
export function importJobPath(locationUrl: string): string {
  let pathname: string;
  try {
    pathname = new URL(locationUrl, "http://relative.invalid").pathname;
  } catch {
    throw snykProtocolError("an import", `the Location ${JSON.stringify(locationUrl)} is not a URL`);
  }
  const match = /\/(?:api\/)?v1(\/org\/[^/]+\/integrations\/[^/]+\/import\/[^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) {
    throw new ScmIntegrationError(
      "protocol",
      `Snyk gave an import Location this provider does not understand: ${pathname}`,
      {
        fix: "report this; the import may have started, so check the org's targets before retrying",
      },
    );
  }
  return match[1];
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
