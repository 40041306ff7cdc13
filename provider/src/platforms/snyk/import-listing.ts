// Which Snyk targets are this connection's imports (REST targets), and who marked them (REST project
// tags as ownership markers: ./owner-marks, ./owner-tags).
import type { ImportListing, ImportScope, PlatformImport } from "../types";
import { snykIntegrationPlan } from "./integration-types";
import { holdersFromMarks, ownerFromMarkers, readOwnerMarkers, type TargetMarks } from "./owner-marks";
import type { SnykContext } from "./platform-context";
import type { RestTarget } from "./schemas";
import { sharedString } from "../../core/shared-strings";

/**
 * The connection's imports with their owner markers and holders. A failed page throws (kind
 * "incomplete"), so a returned listing is always whole.
 */
export async function listSnykImports(context: SnykContext, scope: ImportScope): Promise<ImportListing> {
  // The markers (owner-tags.ts) come from one listing of the org's marked projects, beside the targets'.
  const [{ targets: imports }, markers] = await Promise.all([
    listConnectionTargets(context, scope),
    readOwnerMarkers(context.rest, scope.platformOrg, context.logger),
  ]);
  for (const item of imports) attachMarks(item, markers?.get(item.platformId), scope);
  return { imports, complete: true };
}

function attachMarks(item: PlatformImport, marks: TargetMarks | undefined, scope: ImportScope): void {
  const owner = ownerFromMarkers(marks?.markers, scope.owner);
  if (owner !== undefined) item.owner = sharedString(owner);
  const holders = holdersFromMarks(marks?.holders, scope.holder);
  if (holders.length > 0) item.holders = holders;
}

/**
 * The org's targets that belong to this connection (all of them, or with `recent` only those created
 * since), and the pages the listing took.
 */
export async function listConnectionTargets(
  { rest }: SnykContext,
  scope: ImportScope,
  recent?: { createdGte: string },
): Promise<{ targets: PlatformImport[]; pages: number }> {
  const { sourceTypes } = snykIntegrationPlan(scope.endpoint, "");
  return rest.listTargets(scope.platformOrg, sourceTypes, (t) => connectionImportOf(t, scope), recent);
}

/**
 * Only targets of this integration and of this SCM organization belong to this connection: in
 * authoritative mode everything listed here that is not desired gets deleted. Filtering is done here,
 * not with the server's `display_name` filter, whose prefix semantics are not confirmed. A target whose
 * integration id is null (the REST description allows it: a target made without an integration, e.g.
 * by the CLI) was not made by this connection's imports: it is never listed as ours, so planning never
 * removes it, and an import of the same repository gets its own target.
 */
function connectionImportOf(target: RestTarget, scope: ImportScope): PlatformImport | undefined {
  const integrationId = target.relationships?.integration?.data?.id;
  // Provisional (ids unknown at preview): the org's one integration of the type holds every target
  // of its source type that names an integration.
  const ofIntegration = scope.provisional ? typeof integrationId === "string" : integrationId === scope.integrationId;
  const prefix = `${scope.organization.toLowerCase()}/`;
  if (!ofIntegration || !target.attributes.display_name.toLowerCase().startsWith(prefix)) return undefined;
  return {
    fullName: sharedString(target.attributes.display_name),
    platformId: sharedString(target.id),
    // Listing each target's projects to see whether all are deactivated would cost one request
    // per target; a listed target is reported as scanning (Snyk's `sync` deactivates, never hides).
    scanning: true,
  };
}
