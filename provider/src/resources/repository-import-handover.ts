// Which incarnation of a RepositoryImport holds its imports, where the platform keeps a holder next to
// the owner marker (Snyk: the `pulumi-holder` project tag, platforms/snyk/owner-tags.ts).
//
// `pulumi up --replace` of a Snyk RepositoryImport runs create-before-delete (sdk/repository-import.ts):
// the replacement (same owner `<project>/<stack>/<resource>`, new id) recognises the imports by their
// marker and keeps them, and stamps its own id on them before it changes anything; the replaced
// resource's delete then sees another id holding them and leaves them. Their Snyk ids, and with them
// Snyk's issue history, stay. A real destroy finds its own id and removes them.
import { ScmIntegrationError } from "../core/errors";
import { nameKey } from "../plan/names";
import type { Plan } from "../plan/reconcile";
import type { ImportListing, PlatformImport } from "../platforms/types";
import type { ImportContext } from "./repository-import-context";

/** The context of the resource `id`: what it stamps and compares as holder. */
export function withHolder(ctx: ImportContext, id: string): ImportContext {
  return { ...ctx, scope: { ...ctx.scope, holder: id } };
}

/** True when the platform shows another incarnation of this resource holding `item` (it was replaced). */
export function heldByAnother(ctx: ImportContext, item: PlatformImport): boolean {
  const { owner, holder } = ctx.scope;
  return (
    owner !== undefined &&
    holder !== undefined &&
    item.owner === owner &&
    (item.holders ?? []).some((h) => h !== holder)
  );
}

/**
 * Stamp this resource's marker and id on the kept imports it owns that lack them: its predecessor's
 * (a replacement, or a create whose first attempt never returned) and owned ones a failed tagging left
 * unmarked. In a create, a predecessor's import that cannot be handed over stops the create before
 * anything changes: the replacement then fails and the replaced resource keeps its imports (its delete
 * would otherwise remove them from under this one).
 */
export async function handOverKept(
  ctx: ImportContext,
  plan: Plan,
  actual: ImportListing,
  creating: boolean,
): Promise<void> {
  const { owner, holder } = ctx.scope;
  if (!ctx.platform.markOwned || owner === undefined || holder === undefined) return;
  const owned = new Set(plan.ownership.kept.map(nameKey));
  const kept = new Set(plan.keeps.map((k) => k.platformId));
  const stale = actual.imports.filter(
    (i) =>
      kept.has(i.platformId) &&
      owned.has(nameKey(i.fullName)) &&
      (i.owner === undefined || (i.owner === owner && !((i.holders ?? []).length === 1 && i.holders?.[0] === holder))),
  );
  if (stale.length === 0) return;
  const predecessors = stale.filter((i) => i.owner === owner).length;
  if (predecessors > 0) ctx.logger.info(`taking over ${predecessors} imports marked as this resource's`);
  const failed = new Set((await ctx.platform.markOwned(ctx.scope, stale, ctx.inputs.concurrency)).map(nameKey));
  const notHandedOver = stale.filter((i) => i.owner === owner && failed.has(nameKey(i.fullName)));
  if (creating && notHandedOver.length > 0) {
    const names = notHandedOver.map((i) => i.fullName);
    throw new ScmIntegrationError(
      "incomplete",
      `${names.length} imports marked as this resource's (${names.slice(0, 10).join(", ")}${names.length > 10 ? " …" : ""}) ` +
        "could not be marked as held by this new resource, so the resource it replaces would remove them on its delete; " +
        "nothing was imported or removed, and the replaced resource keeps them",
      { fix: "run pulumi up again once the platform answers (earlier log lines say what failed)" },
    );
  }
}
