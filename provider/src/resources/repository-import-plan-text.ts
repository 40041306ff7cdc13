// What a RepositoryImport plan says to the person running it: the plan lines a preview shows, and the
// refusals that stop a plan before anything changes.
import { ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import { nameKey } from "../plan/names";
import type { Plan } from "../plan/reconcile";
import type { ImportContext } from "./repository-import-context";
import type { Holdings } from "./repository-import-plan";

export function describePlan(plan: Plan): string {
  const parts = [`import ${plan.imports.length}`, `remove ${plan.removals.length}`, `keep ${plan.keeps.length}`];
  if (plan.adopted.length) parts.push(`adopt ${plan.adopted.length} already on the platform (adoptExisting)`);
  if (plan.resume.length) parts.push(`resume scans of ${plan.resume.length}`);
  if (plan.untouched.length) parts.push(`leave ${plan.untouched.length} not owned by this resource`);
  if (plan.withheld.length) parts.push(`withhold ${plan.withheld.length} removals (incomplete listing)`);
  return `plan: ${parts.join(", ")}`;
}

export function logPlan(ctx: ImportContext, plan: Plan, owned: readonly string[]): void {
  ctx.logger.info(describePlan(plan));
  const show = (label: string, names: string[]) => {
    if (names.length === 0) return;
    const head = names.slice(0, 20).join(", ");
    ctx.logger.info(`${label}: ${head}${names.length > 20 ? ` … and ${names.length - 20} more` : ""}`);
  };
  show("to import", plan.imports);
  // Authoritative mode removes imports this resource did not make: each is named as such.
  const ownedKeys = new Set(owned.map(nameKey));
  show(
    "to remove",
    plan.removals.map((r) =>
      ownedKeys.has(nameKey(r.fullName)) && (r.owner === undefined || r.owner === ctx.scope.owner)
        ? r.fullName
        : `${r.fullName} (not made by this resource${madeBy(r)})`,
    ),
  );
  show(
    "to adopt (already on the platform, not made by this resource; kept, never removed in additive mode)",
    plan.adopted,
  );
  for (const warning of plan.warnings) ctx.logger.warn(warning);
}

/** `; its marker says <owner> imported it` when the platform's ownership marker names who did. */
function madeBy(entry: { owner?: string }): string {
  return entry.owner !== undefined ? `; its marker says ${entry.owner} imported it` : "";
}

export function logAdoptedLeft(logger: Logger, holdings: Holdings): void {
  if (holdings.adopted.length === 0) return;
  logger.info(
    `left ${holdings.adopted.length} adopted imports in place (they existed before this resource): ${holdings.adopted.slice(0, 20).join(", ")}`,
  );
}

export function refusalError(plan: Plan, inputs: ImportContext["inputs"]): ScmIntegrationError | undefined {
  if (plan.refusal) {
    return new ScmIntegrationError("invalid-input", plan.refusal.reason, {
      field: "maxDeletions",
      fix: plan.refusal.fix,
      finding: plan.refusal.finding,
    });
  }
  return takeoverRefusal(plan, inputs);
}

/**
 * Desired repositories the platform already scans that this resource neither imported nor adopted:
 * taking them over needs `adoptExisting` (README.md, "Ownership"). Which stack or person made them
 * is not recorded on the platform; they may be hand-made, another stack's or another resource's.
 */
export function takeoverRefusal(plan: Plan, inputs: ImportContext["inputs"]): ScmIntegrationError | undefined {
  if (plan.adopted.length === 0 || inputs.adoptExisting) return undefined;
  const count = plan.adopted.length;
  const owners = new Map(plan.keeps.filter((k) => k.owner !== undefined).map((k) => [nameKey(k.fullName), k.owner]));
  const named = plan.adopted.map((name) => {
    const owner = owners.get(nameKey(name));
    return owner !== undefined ? `${name} (marked as imported by ${owner})` : name;
  });
  const shown = named.slice(0, 20).join(", ") + (count > 20 ? ` and ${count - 20} more` : "");
  return new ScmIntegrationError(
    "invalid-input",
    `${count} desired ${count === 1 ? "repository is" : "repositories are"} already imported on ${inputs.connection.platform} ` +
      `and this resource did not import ${count === 1 ? "it" : "them"} (made by hand, by another stack or by another resource): ${shown}; ` +
      "up would keep them as they are and record them in adopted. Nothing was changed",
    {
      field: "adoptExisting",
      fix:
        "set adoptExisting: true to take them over (they are then kept, and never removed by additive mode or destroy), " +
        "or leave them out of repositories / selector",
    },
  );
}
