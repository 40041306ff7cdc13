// The listings a RepositoryImport plan is made from, reused across one command's steps.
import { tokenFingerprint } from "../core/redact";
import type { ImportListing } from "../platforms/types";
import { providerClock } from "./provider-config";
import {
  listActual,
  resolveDesiredRepositories,
  type DesiredResolution,
  type ImportContext,
} from "./repository-import-context";

// Listings made by check or diff are reused by the next step of the same command in this provider
// process (check → diff → create/update run back to back), so a plan costs one listing per API.
// Promises are kept, not values, so check can start the platform listing beside the SCM listing and
// diff picks it up: a preview then waits for the slower of the two APIs, not for their sum.
const REUSE_MS = 120_000;
const recent = new Map<string, { at: number; value: Promise<unknown> }>();

function reuse<T>(key: string, fresh: boolean, load: () => Promise<T>): Promise<T> {
  const now = providerClock().now();
  const hit = fresh ? undefined : recent.get(key);
  if (hit && now - hit.at <= REUSE_MS) return hit.value as Promise<T>;
  const value = load();
  recent.set(key, { at: now, value });
  // A failed listing is not reused: the next step lists again and reports its own error.
  value.catch(() => {
    if (recent.get(key)?.value === value) recent.delete(key);
  });
  return value;
}

/** Tests: forget the listings kept for the next step (one process then plays several engine runs). */
export function forgetListings(): void {
  recent.clear();
}

function scmKey(ctx: ImportContext): string {
  const c = ctx.inputs.connection;
  return `scm|${ctx.scope.endpoint.apiUrl}|${c.organization}|${tokenFingerprint(c.token)}|${JSON.stringify(ctx.inputs.selector ?? null)}|${JSON.stringify(ctx.inputs.repositories ?? [])}`;
}

function platformKey(ctx: ImportContext): string {
  const c = ctx.inputs.connection;
  return `platform|${c.platform}|${c.platformOrg}|${c.connectionId}|${c.organization}`;
}

/** The SCM's desired repositories; `fresh` lists again instead of reusing a recent listing. */
export function desiredFor(ctx: ImportContext, fresh: boolean): Promise<DesiredResolution> {
  return reuse(scmKey(ctx), fresh, () => resolveDesiredRepositories(ctx));
}

/** The platform's imports; `fresh` lists again instead of reusing a recent listing. */
export function actualFor(ctx: ImportContext, fresh: boolean): Promise<ImportListing> {
  return reuse(platformKey(ctx), fresh, () => listActual(ctx));
}

/** After an apply changed the platform, its earlier listing no longer says what is there. */
export function forgetPlatformListing(ctx: ImportContext): void {
  recent.delete(platformKey(ctx));
}
