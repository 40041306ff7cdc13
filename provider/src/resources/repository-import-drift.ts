// What a RepositoryImport refresh reports as drift: imports gone from or added to the platform, owned
// imports an earlier removal left behind, and repositories deleted, renamed or archived in the SCM.
// Warnings only: refresh records the state, it changes nothing.
import { nameKey } from "../plan/names";
import type { Plan } from "../plan/reconcile";
import { findRenamed, resolveDesiredRepositories, type ImportContext } from "./repository-import-context";

/** Drift between the plan's desired repositories and what the platform holds. */
export function reportImportDrift(ctx: ImportContext, plan: Plan, owned: readonly string[]): void {
  // Not imported any more: gone from the platform, or (Semgrep) held with its scans turned off.
  const missing = [...plan.imports, ...plan.resume.map((r) => r.fullName)];
  // Owned imports still on the platform though not desired: a removal that failed (or was cut
  // short) before; the next `pulumi up` removes them. The others appeared out of band.
  const ownedKeys = new Set(owned.map(nameKey));
  const leftOver = plan.removals.filter((r) => ownedKeys.has(nameKey(r.fullName))).map((r) => r.fullName);
  const extra = plan.removals.filter((r) => !ownedKeys.has(nameKey(r.fullName))).map((r) => r.fullName);
  if (missing.length)
    ctx.logger.warn(
      `drift: ${missing.length} desired repositories are no longer imported: ${missing.slice(0, 20).join(", ")}`,
    );
  if (leftOver.length)
    ctx.logger.warn(
      `${leftOver.length} imports this resource owns are no longer desired but still on the platform (an earlier removal failed); ` +
        `the next pulumi up removes them: ${leftOver.slice(0, 20).join(", ")}`,
    );
  if (extra.length)
    ctx.logger.warn(
      `drift: ${extra.length} imports not desired were added out of band: ${extra.slice(0, 20).join(", ")}`,
    );
}

/** Repositories deleted, renamed or archived in the SCM since the last run (a failed listing is a warning). */
export async function reportScmDrift(ctx: ImportContext, desired: readonly string[]): Promise<void> {
  const inputs = ctx.inputs;
  try {
    const resolution = await resolveDesiredRepositories({ ...ctx, inputs: { ...inputs, repositories: [] } });
    const present = new Set(resolution.desired.map(nameKey));
    const gone = inputs.selector ? desired.filter((n) => !present.has(nameKey(n))) : [];
    const renamed = gone.length ? await findRenamed(ctx.client, gone) : [];
    if (renamed.length)
      ctx.logger.warn(
        `drift: ${renamed.length} repositories were renamed in the SCM: ${renamed.map((r) => `${r.from} → ${r.to}`).join(", ")}`,
      );
    const renamedKeys = new Set(renamed.map((r) => nameKey(r.from)));
    const vanished = gone.filter((n) => !renamedKeys.has(nameKey(n)));
    if (vanished.length)
      ctx.logger.warn(
        `drift: ${vanished.length} repositories no longer match the selector in the SCM (deleted, renamed or archived): ${vanished.slice(0, 20).join(", ")}`,
      );
  } catch (e) {
    ctx.logger.warn(`could not re-list the SCM during refresh: ${(e as Error).message}`);
  }
}
