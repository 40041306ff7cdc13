// Snyk Code on or off per org, as Snyk REST serves it under `/rest`: GET and PATCH
// /orgs/{org_id}/settings/sast (Snyk's REST description, operations getSastSettings, released 2023-06-22,
// and updateOrgSastSettings, released 2023-09-11). Both answer a JSON:API document {jsonapi, data:
// SastEnablement, links}; PATCH takes {data: {id, type, attributes: {sast_enabled}}} (no other
// properties at any level) and answers 201. The setting is seeded per org (`SnykSeedOrg.snykCode`,
// default off, as a new Snyk org has it) and flipped out of band with PUT /_control/snyk-code
// {orgId, enabled}, as a person in Snyk's UI would.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SnykSeed } from "./seed";
import type { SnykState } from "./state";

export interface SnykCodeRecord {
  enabled: boolean;
  autofixEnabled: boolean;
}

/** The Snyk Code setting of each org, by org id. */
export class SnykCodeStore {
  private readonly byOrg = new Map<string, SnykCodeRecord>();

  load(seed: SnykSeed): void {
    this.byOrg.clear();
    for (const org of seed.orgs) {
      this.byOrg.set(org.id, {
        enabled: org.snykCode?.enabled ?? false,
        autofixEnabled: org.snykCode?.autofixEnabled ?? false,
      });
    }
  }

  get(orgId: string): SnykCodeRecord {
    let record = this.byOrg.get(orgId);
    if (!record) {
      record = { enabled: false, autofixEnabled: false };
      this.byOrg.set(orgId, record);
    }
    return record;
  }

  set(orgId: string, enabled: boolean): void {
    this.get(orgId).enabled = enabled;
  }

  dump(): Record<string, SnykCodeRecord> {
    return Object.fromEntries([...this.byOrg].map(([id, r]) => [id, { ...r }]));
  }
}

const stores = new WeakMap<SnykState, SnykCodeStore>();

/** The Snyk Code store that belongs to an emulator's state. */
export function snykCodeOf(state: SnykState): SnykCodeStore {
  let store = stores.get(state);
  if (!store) {
    store = new SnykCodeStore();
    stores.set(state, store);
  }
  return store;
}

/** What rest-routes.ts lends these routes: its version resolution and org access check. */
export interface RestHelpers {
  served(req: FastifyRequest, reply: FastifyReply, endpoint: { ga?: string; beta?: string }): unknown;
  orgAllowed(req: FastifyRequest, reply: FastifyReply, orgId: string): boolean;
  sendError(reply: FastifyReply, status: number, detail: string, extra?: { source?: Record<string, string> }): unknown;
}

const SAST_GET = { ga: "2023-06-22" };
const SAST_PATCH = { ga: "2023-09-11" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAST_TYPE = "sast_settings";

function document(req: FastifyRequest, orgId: string, record: SnykCodeRecord) {
  const version = String((req.query as { version?: unknown }).version);
  return {
    jsonapi: { version: "1.0" },
    data: {
      type: SAST_TYPE,
      id: orgId,
      attributes: { sast_enabled: record.enabled, autofix_enabled: record.autofixEnabled },
    },
    links: { self: `/orgs/${orgId}/settings/sast?version=${version}` },
  };
}

/** What is wrong with a PATCH body, by the description's request schema, or undefined. */
function patchProblem(body: unknown): { detail: string; pointer: string } | undefined {
  const only = (value: unknown, keys: string[]) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value).find((k) => !keys.includes(k))
      : "(not an object)";
  const top = body as { data?: { id?: unknown; type?: unknown; attributes?: { sast_enabled?: unknown } } };
  const extraTop = only(body, ["data"]);
  if (extraTop !== undefined) return { detail: `unexpected property ${extraTop}`, pointer: "" };
  if (top.data === undefined) return { detail: "data is required", pointer: "/data" };
  const extraData = only(top.data, ["id", "type", "attributes"]);
  if (extraData !== undefined) return { detail: `unexpected property ${extraData}`, pointer: "/data" };
  if (typeof top.data.id !== "string" || !UUID.test(top.data.id))
    return { detail: "data.id must be a uuid", pointer: "/data/id" };
  if (typeof top.data.type !== "string") return { detail: "data.type must be a string", pointer: "/data/type" };
  const extraAttributes = only(top.data.attributes, ["sast_enabled"]);
  if (extraAttributes !== undefined)
    return { detail: `unexpected property ${extraAttributes}`, pointer: "/data/attributes" };
  if (typeof top.data.attributes?.sast_enabled !== "boolean")
    return { detail: "data.attributes.sast_enabled must be a boolean", pointer: "/data/attributes/sast_enabled" };
  return undefined;
}

/** Registered inside the `/rest` scope, so its auth, rate-limit, version and media-type checks apply. */
export function registerSastRoutes(scope: FastifyInstance, state: SnykState, rest: RestHelpers): void {
  const store = snykCodeOf(state);

  scope.get<{ Params: { orgId: string } }>("/orgs/:orgId/settings/sast", async (req, reply) => {
    if (!rest.served(req, reply, SAST_GET) || !rest.orgAllowed(req, reply, req.params.orgId)) return reply;
    return document(req, req.params.orgId, store.get(req.params.orgId));
  });

  scope.patch<{ Params: { orgId: string } }>("/orgs/:orgId/settings/sast", async (req, reply) => {
    if (!rest.served(req, reply, SAST_PATCH) || !rest.orgAllowed(req, reply, req.params.orgId)) return reply;
    const problem = patchProblem(req.body);
    if (problem) {
      rest.sendError(reply, 400, `Client request did not conform to OpenAPI specification: ${problem.detail}`, {
        source: { pointer: problem.pointer },
      });
      return reply;
    }
    const enabled = (req.body as { data: { attributes: { sast_enabled: boolean } } }).data.attributes.sast_enabled;
    store.set(req.params.orgId, enabled);
    return reply.code(201).send(document(req, req.params.orgId, store.get(req.params.orgId)));
  });
}

/** PUT /_control/snyk-code {orgId, enabled}: Snyk Code changed out of band (Snyk's UI). */
export function registerSastControl(app: FastifyInstance, state: SnykState): void {
  app.put<{ Body: { orgId?: unknown; enabled?: unknown } }>("/_control/snyk-code", async (req, reply) => {
    const { orgId, enabled } = req.body ?? {};
    if (typeof orgId !== "string" || typeof enabled !== "boolean")
      return reply.code(400).send({ error: "body must be {orgId: string, enabled: boolean}" });
    snykCodeOf(state).set(orgId, enabled);
    return { ok: true, orgId, enabled };
  });
}
