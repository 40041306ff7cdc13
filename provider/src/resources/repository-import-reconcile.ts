// RepositoryImport's create and update: plan desired against a complete platform listing, refuse what
// the limits forbid, hand kept imports over, carry the plan out, and report a partial apply so the
// engine records what exists.
import { ScmIntegrationError } from "../core/errors";
import type { Plan } from "../plan/reconcile";
import type { ImportListing } from "../platforms/types";
import type { RepositoryInfo } from "../scm/types";
import { PartialApplyError } from "./failures";
import type { Props } from "./handler";
import { actualFor, desiredFor, forgetPlatformListing } from "./listing-reuse";
import { applyReconcilePlan, partialFailureMessage, type ApplyResult } from "./repository-import-apply";
import { contextOf, KIND, parseInputs, type ImportContext } from "./repository-import-context";
import { handOverKept, withHolder } from "./repository-import-handover";
import { planWith, resolvedNames, type Holdings } from "./repository-import-plan";
import { logPlan, refusalError } from "./repository-import-plan-text";

export async function reconcile(
  id: string,
  props: Props,
  holdings: Holdings,
  creating = false,
): Promise<{ id: string; outs: Props }> {
  const inputs = parseInputs(props);
  const ctx = withHolder(contextOf(inputs, props), id);
  const resolution = await desiredFor(ctx, false);
  const desired = inputs.resolvedRepositories ? resolvedNames(inputs.resolvedRepositories) : resolution.desired;
  const actual = await completeListing(ctx);
  const plan = planWith(ctx, desired, actual, holdings);
  const refusal = refusalError(plan, inputs);
  if (refusal) throw refusal;
  logPlan(ctx, plan, holdings.owned);
  // Before anything changes: what this resource keeps carries its marker and id (a replacement's
  // create takes its predecessor's imports over here, or stops).
  await handOverKept(ctx, plan, actual, creating);
  const known = new Map<string, RepositoryInfo>(resolution.byKey);
  const result = await applyReconcilePlan(ctx, plan, known, props, resolution.complete && actual.complete);
  forgetPlatformListing(ctx);
  failOnPartialApply(id, props, plan, result);
  ctx.logger.info(
    `done: ${String(result.outputs.importedCount)} repositories imported, ${plan.removals.length} removed`,
  );
  return { id, outs: result.outputs };
}

/** The platform's imports, listed again; an incomplete listing stops the apply before it changes anything. */
async function completeListing(ctx: ImportContext): Promise<ImportListing> {
  const actual = await actualFor(ctx, true);
  if (!actual.complete) {
    // Without the whole listing nothing is known to exist: importing would send again what exists,
    // and outputs built from it would tell the engine that nothing is imported. Change nothing.
    throw new ScmIntegrationError(
      "incomplete",
      `the ${ctx.inputs.connection.platform} listing of imports did not complete, so which repositories are already imported is unknown; nothing was imported or removed`,
      { fix: "run pulumi up again once the platform answers (earlier log lines say what failed)" },
    );
  }
  return actual;
}

/** Part of the plan failed: throw, with outputs saying what exists, so the engine records it. */
function failOnPartialApply(id: string, props: Props, plan: Plan, result: ApplyResult): void {
  const failed = Object.keys(result.failures).length;
  if (failed === 0) return;
  throw new PartialApplyError(
    `${KIND} ${typeof props.resourceName === "string" ? props.resourceName : id}: ${partialFailureMessage(result.failures, plan.imports.length + plan.resume.length + plan.removals.length)}`,
    id,
    // The engine stores these as the resource's outputs as they are: without the serialized provider
    // the dynamic-provider server cannot load the provider for the next refresh (its read takes
    // `__provider` from the stored outputs), so it is carried over from the inputs, as a success does.
    { ...result.outputs, ...(props.__provider !== undefined ? { __provider: props.__provider } : {}) },
  );
}
