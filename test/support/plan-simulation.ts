// A plan carried out on paper: what the platform would hold afterwards, the oracle the planner's
// property tests check plans against. The provider itself never simulates, so this lives with the tests.
import { nameKey } from "../../provider/src/plan/names";
import { fullOutcome, type ActualImport, type ApplyOutcome, type Plan } from "../../provider/src/plan/reconcile";
import { identity, normalizeActual, sortImports } from "../../provider/src/plan/reconcile-listing";

/** The placeholder id `applyPlan` gives a simulated import. */
export function simulatedPlatformId(fullName: string): string {
  return `planned:${nameKey(fullName)}`;
}

/**
 * What the platform holds after the plan is carried out (a pure simulation):
 * the confirmed removals gone, stopped scans resumed, the confirmed imports added with
 * `simulatedPlatformId` ids. Without `outcome`, the plan is carried out in full.
 */
export function applyPlan(
  actual: readonly ActualImport[],
  plan: Plan,
  outcome: ApplyOutcome = fullOutcome(plan),
): ActualImport[] {
  const planned = new Set(plan.removals.map(identity));
  const removed = new Set(outcome.removed.map(identity).filter((id) => planned.has(id)));
  const importedKeys = new Set(outcome.imported.map(nameKey));
  const resumed = new Set(plan.resume.filter((entry) => importedKeys.has(nameKey(entry.fullName))).map(identity));
  const after = normalizeActual(actual)
    .filter((entry) => !removed.has(identity(entry)))
    .map((entry) => (resumed.has(identity(entry)) ? { ...entry, scanning: true } : entry));
  for (const fullName of plan.imports) {
    if (!importedKeys.has(nameKey(fullName))) continue;
    after.push({ fullName, platformId: simulatedPlatformId(fullName), scanning: true });
  }
  return sortImports(after);
}
