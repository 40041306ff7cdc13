// RepositoryImport: "exactly these repositories are scanned".
// check resolves repositories + selector into `resolvedRepositories` (so `preview --diff` shows one
// line per repository added or removed); diff plans against the platform and refuses plans beyond
// maxDeletions; create/update carry the plan out; read reports drift; delete removes what it owns.
import { randomUUID } from "node:crypto";
import { guarded, shieldFailures } from "./failures";
import { internalFields, knownReplacementKeys, pickInputs } from "./props";
import type { ResourceHandler } from "./handler";
import { actualFor } from "./listing-reuse";
import { buildOutputs } from "./repository-import-apply";
import { checkRepositoryImport } from "./repository-import-check";
import { applyCiOnboarding, ciWorkPending } from "./ci-onboarding";
import { readCiOnboarding } from "./ci-onboarding-refresh";
import { deleteCiOnboarding } from "./ci-onboarding-removal";
import { withOnboardingCheck } from "./ci-onboarding-check";
import { usesCiJob, usesProvisioning } from "./ci-onboarding-inputs";
import { applyProvisioning, provisioningPending, readProvisioning } from "./ci-provisioning";
import { contextOf, INPUT_KEYS, KIND, listActual, parseInputs } from "./repository-import-context";
import { destroyOwnedImports } from "./repository-import-destroy";
import { reportImportDrift, reportScmDrift } from "./repository-import-drift";
import { holdingsOf, NO_HOLDINGS, planWith, resolvedNames } from "./repository-import-plan";
import { logPlan, refusalError } from "./repository-import-plan-text";
import { reconcile } from "./repository-import-reconcile";
import {
  repositoryImportDefaults,
  repositoryImportInputsSchema,
  repositoryImportReplaceOnChanges,
  repositoryImportInputKeys,
  repositoryImportSecretInputPaths,
  repositoryImportSecretOutputs,
} from "./schema.generated";
import { changedKeys, checkInputs } from "./schema-support";
import { withoutUnheldTokens } from "./unread-tokens";

// Tests forget the listings reused between steps (listing-reuse.ts) from here, beside the handler.
export { forgetListings } from "./listing-reuse";

export const repositoryImportHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures(
      { secret: repositoryImportSecretOutputs, inputs: repositoryImportInputKeys },
      withOnboardingCheck(checkRepositoryImport),
    ),
  ),

  diff: guarded(KIND, async (_id, olds, news) => {
    const replaces = knownReplacementKeys(repositoryImportReplaceOnChanges, olds, news);
    if (replaces.length > 0) return { replaces, deleteBeforeReplace: true };
    const compared = withoutUnheldTokens(olds, news, repositoryImportSecretInputPaths);
    const inputsChanged = changedKeys(olds, compared, INPUT_KEYS).length > 0;
    // `resolvedRepositories` is check's own output (name → reason): only the user's inputs are checked
    // again, rather than validating and copying a map of up to 100,000 names once more.
    const { resolvedRepositories, ...userInputs } = internalFields(news).rest;
    const checked = checkInputs(repositoryImportInputsSchema(), userInputs, repositoryImportDefaults);
    const resolvedKnown = typeof resolvedRepositories === "object" && resolvedRepositories !== null;
    if (!checked.ok || checked.hasUnknowns || !resolvedKnown) return inputsChanged ? {} : { changes: false };
    // Onboarding by CI job plans pull / merge requests, not platform imports (ci-onboarding.ts).
    if (usesCiJob(checked.inputs)) {
      const pending = await ciWorkPending(checked.inputs, news, olds);
      return inputsChanged ? {} : { changes: pending };
    }
    if (usesProvisioning(checked.inputs)) {
      const pending = await provisioningPending(checked.inputs, news, olds);
      return inputsChanged ? {} : { changes: pending };
    }

    // Plan against the platform: catches drift (imports removed out of band) and refuses big deletions.
    const ctx = contextOf(checked.inputs, news);
    const holdings = holdingsOf(olds);
    const plan = planWith(ctx, resolvedNames(resolvedRepositories), await actualFor(ctx, false), holdings);
    const refusal = refusalError(plan, checked.inputs);
    if (refusal) throw refusal;
    const work = plan.imports.length + plan.removals.length + plan.resume.length + plan.adopted.length;
    if (work > 0 || inputsChanged) logPlan(ctx, plan, holdings.owned);
    if (inputsChanged) return {}; // the engine shows which inputs change
    return { changes: work > 0 };
  }),

  create: guarded(KIND, async (inputs) =>
    usesCiJob(inputs)
      ? applyCiOnboarding(`ri-${randomUUID()}`, inputs, {})
      : usesProvisioning(inputs)
        ? applyProvisioning(`ri-${randomUUID()}`, inputs, {})
        : reconcile(`ri-${randomUUID()}`, inputs, NO_HOLDINGS, true),
  ),

  update: guarded(KIND, async (id, olds, news) =>
    usesCiJob(news)
      ? { outs: (await applyCiOnboarding(id, news, olds)).outs }
      : usesProvisioning(news)
        ? { outs: (await applyProvisioning(id, news, olds)).outs }
        : { outs: (await reconcile(id, news, holdingsOf(olds))).outs },
  ),

  read: guarded(KIND, async (id, props) => {
    if (usesCiJob(props)) return readCiOnboarding(id, props);
    if (usesProvisioning(props)) return readProvisioning(id, props);
    const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
    const ctx = contextOf(inputs, props);
    const actual = await listActual(ctx);
    if (!actual.complete) {
      // An incomplete listing proves nothing about drift: keep what the state says.
      ctx.logger.warn("refresh kept the recorded imports: the platform listing did not complete");
      return { id, props, inputs: pickInputs(props, INPUT_KEYS) };
    }
    const desired = resolvedNames(inputs.resolvedRepositories);
    const holdings = holdingsOf(props);
    const plan = planWith(ctx, desired, actual, holdings);
    reportImportDrift(ctx, plan, holdings.owned);
    await reportScmDrift(ctx, desired);
    const imported: Record<string, string> = {};
    for (const keep of plan.keeps) imported[keep.fullName] = keep.platformId;
    const failures = (props.failures ?? {}) as Record<string, string>;
    // Refresh reports the state; it does not pretend the last apply changed (nor what it owns).
    const outputs = buildOutputs(ctx, props, plan, imported, failures, actual.complete, 0, holdings);
    outputs.lastPlan = props.lastPlan;
    return { id, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (id, props) =>
    usesCiJob(props) ? deleteCiOnboarding(id, props) : destroyOwnedImports(id, props),
  ),
};
