// Snyk Code (Snyk's SAST) on or off for one org, through Snyk REST `/orgs/{org_id}/settings/sast`
// (https://docs.snyk.io/snyk-api/reference/sastsettings): GET "Retrieves the SAST settings for an org"
// (released 2023-06-22), PATCH "Enable/Disable the Snyk Code settings for an org" (released 2023-09-11).
// Both answer a JSON:API document whose `data` is a `SastEnablement` ({type, id, attributes:
// {sast_enabled, autofix_enabled?}}); PATCH takes {data: {id, type, attributes: {sast_enabled}}} and
// answers 201.
import { z } from "zod";
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { snykProtocolError } from "./api-error";
import type { SnykRestClient } from "./rest-client";

/** The versions each operation was released at (x-snyk-api-releases of the REST description). */
export const SAST_SETTINGS_GET_VERSION = "2023-06-22";
export const SAST_SETTINGS_PATCH_VERSION = "2023-09-11";

/**
 * The JSON:API `type` of the settings object. UNVERIFIED: the description types it only as a string
 * and gives no example; `x-snyk-api-resource` names the resource `sast_settings`, which is sent here.
 */
export const SAST_SETTINGS_TYPE = "sast_settings";

export interface SnykCodeState {
  /** `sast_enabled`: Snyk Code analyses the org's imported repositories. */
  enabled: boolean;
  /** `autofix_enabled`, when Snyk answers it. */
  autofixEnabled?: boolean;
}

// Built on call, never at module level: zod schemas must not end up in a closure the engine serializes.
function sastDocumentSchema() {
  return z.object({
    data: z.object({
      id: z.string(),
      type: z.string(),
      attributes: z.object({ sast_enabled: z.boolean(), autofix_enabled: z.boolean().optional() }),
    }),
  });
}

function stateOf(body: unknown, action: string): SnykCodeState {
  const parsed = sastDocumentSchema().safeParse(body);
  if (!parsed.success) throw snykProtocolError(action, parsed.error.issues[0]?.message ?? "shape mismatch");
  const attributes = parsed.data.data.attributes;
  return {
    enabled: attributes.sast_enabled,
    ...(attributes.autofix_enabled !== undefined ? { autofixEnabled: attributes.autofix_enabled } : {}),
  };
}

const settingsPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}/settings/sast`;

/** A 403 here is about the org permissions these operations list, not the integration ones. */
async function withPermissionFix<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!isScmIntegrationError(e) || e.kind !== "no-access") throw e;
    throw new ScmIntegrationError("no-access", e.message, {
      field: "platformOrg",
      fix: "use a Snyk token whose role has View Organization (to read Snyk Code) and Edit Organization (to change it) in this org",
      ...(e.status !== undefined ? { status: e.status } : {}),
      cause: e,
    });
  }
}

/** Whether Snyk Code is on in the org. */
export async function readSnykCode(rest: SnykRestClient, orgId: string): Promise<SnykCodeState> {
  const action = `reading the Snyk Code setting of org ${orgId}`;
  const res = await withPermissionFix(() =>
    rest.call("GET", settingsPath(orgId), { action, field: "platformOrg", version: SAST_SETTINGS_GET_VERSION }),
  );
  return stateOf(res.body, action);
}

/** Turn Snyk Code on or off in the org; returns the setting as Snyk answers it after the change. */
export async function writeSnykCode(rest: SnykRestClient, orgId: string, enabled: boolean): Promise<SnykCodeState> {
  const action = `turning Snyk Code ${enabled ? "on" : "off"} in org ${orgId}`;
  const res = await withPermissionFix(() =>
    rest.call("PATCH", settingsPath(orgId), {
      action,
      field: "platformOrg",
      version: SAST_SETTINGS_PATCH_VERSION,
      // `data.id` is a uuid the description does not name further (UNVERIFIED): the org's id, the only
      // uuid this settings object has.
      body: { data: { id: orgId, type: SAST_SETTINGS_TYPE, attributes: { sast_enabled: enabled } } },
      // Sets the value outright: sending it again after a lost answer changes nothing.
      idempotent: true,
    }),
  );
  return stateOf(res.body, action);
}
