// RepositoryImport's check: validate the inputs, resolve repositories + selector into
// `resolvedRepositories`, plan now when there is no diff step to do it (a new resource), and report
// at preview what `up` would otherwise fail on (Snyk Code off, a branch repositories lack).
import type * as pulumi from "@pulumi/pulumi";
import { nameKey } from "../plan/names";
import type { ImportListing } from "../platforms/types";
import { errorFailure, logErrorFinding, referenceFailure } from "./failures";
import type { Props } from "./handler";
import { internalFields, knownReplacementKeys, unknownOnlyAt } from "./props";
import { checkBranchAtPreview } from "./branch-check";
import { usesCiJob, usesProvisioning } from "./ci-onboarding-inputs";
import { actualFor, desiredFor } from "./listing-reuse";
import { contextOf, listActual, semanticFailures, type ImportContext } from "./repository-import-context";
import { NO_HOLDINGS, planWith, protectIncomplete, resolvedMap, resolvedNames } from "./repository-import-plan";
import { logPlan, refusalError, takeoverRefusal } from "./repository-import-plan-text";
import {
  repositoryImportDefaults,
  repositoryImportInputsSchema,
  repositoryImportReplaceOnChanges,
  type CheckedRepositoryImportInputs,
} from "./schema.generated";
import { checkInputs } from "./schema-support";
import { warnWhenSnykCodeOff } from "./snyk-code-import-warning";

type Failure = pulumi.dynamic.CheckFailure;

/** Where this check stands: a new resource (no diff step follows), and connection ids unknown yet. */
interface CheckStep {
  creating: boolean;
  idsPending: boolean;
}

/** The desired repositories check resolved, and the platform listing it started beside them. */
interface Resolved {
  ctx: ImportContext;
  desired: string[];
  renamed: ReadonlyMap<string, string>;
  actual?: Promise<ImportListing>;
}

export async function checkRepositoryImport(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const { rest, internal } = internalFields(news);
  const result = checkInputs(repositoryImportInputsSchema(), rest, repositoryImportDefaults);
  if (!result.ok) return { failures: result.failures };
  const inputs = result.inputs;
  const failures = semanticFailures(inputs);
  if (failures.length > 0) return { failures };
  // Ids of a connection created in this same run are unknown during its preview; everything the
  // SCM listing needs (token, organization, selector) is known, so resolve anyway.
  const idsPending =
    result.hasUnknowns &&
    unknownOnlyAt(rest, ["connection.connectionId", "connection.integrationId", "connection.apiUrl"]);
  if (result.hasUnknowns && !idsPending) return { inputs: { ...inputs, ...internal } };

  // A new resource has no diff step: plan here, so a refused plan fails the preview.
  const step = { creating: olds.resolvedRepositories === undefined && olds.connection === undefined, idsPending };
  const resolved = await resolveAtCheck(inputs, news, olds, rest, step);
  if ("failure" in resolved) return { failures: [resolved.failure] };
  const { ctx, desired, actual } = resolved;
  const added = logResolved(ctx, desired, olds.resolvedRepositories);
  // Onboarding by CI job (or by Semgrep's provisioning) imports nothing: its preview is ci-onboarding-check.ts.
  const importPlan =
    usesCiJob(inputs) || usesProvisioning(inputs) ? undefined : await planAtCheck(ctx, desired, actual, step);
  const failure = importPlan ?? (await previewWarnings(ctx, resolved, added, step));
  if (failure) return { failures: [failure] };
  return { inputs: { ...inputs, resolvedRepositories: resolvedMap(inputs, desired, resolved.renamed), ...internal } };
}

/** The SCM's desired repositories, with the platform listing started beside them when a plan follows. */
async function resolveAtCheck(
  inputs: CheckedRepositoryImportInputs,
  news: Props,
  olds: Props,
  rest: Props,
  step: CheckStep,
): Promise<Resolved | { failure: Failure }> {
  let ctx: ImportContext;
  try {
    ctx = contextOf(inputs, news);
  } catch (e) {
    return { failure: referenceFailure(e, "connection.") };
  }
  try {
    const started = startPlatformListing(ctx, olds, rest, step);
    const resolution = await desiredFor(started.ctx, true);
    const desired = protectIncomplete(started.ctx, resolution, olds.resolvedRepositories);
    return { ...started, desired, renamed: resolution.renamed };
  } catch (e) {
    return { failure: referenceFailure(e, "connection.", inputs.selector ? "selector" : "repositories") };
  }
}

/**
 * The plan (here for a new resource, in diff for an existing one unless it is replaced) needs the
 * platform's listing too: start it now, beside the SCM listing.
 */
function startPlatformListing(
  ctx: ImportContext,
  olds: Props,
  rest: Props,
  { creating, idsPending }: CheckStep,
): { ctx: ImportContext; actual?: Promise<ImportListing> } {
  const planned =
    !idsPending && (creating || knownReplacementKeys(repositoryImportReplaceOnChanges, olds, rest).length === 0);
  if (planned) {
    const actual = actualFor(ctx, true);
    actual.catch(() => undefined); // awaited (or re-listed) by the step that plans
    return { ctx, actual };
  }
  if (idsPending && creating) {
    // The connection is created in this run too: list what the platform already holds for the
    // organization anyway (read only), so the preview names imports this resource would take over.
    const provisional = { ...ctx, scope: { ...ctx.scope, provisional: true } };
    const actual = listActual(provisional);
    actual.catch(() => undefined);
    return { ctx: provisional, actual };
  }
  return { ctx };
}

/** Log `resolved N repositories in <org> (+A −R since the last run)`; the names added since then. */
function logResolved(ctx: ImportContext, desired: string[], previous: unknown): string[] {
  const { added, removed, hadPrevious } = sinceLastRun(desired, resolvedNames(previous));
  ctx.logger.finding("info", {
    type: "resolved-repositories",
    count: desired.length,
    organization: ctx.scope.organization,
    ...(hadPrevious ? { sinceLastRun: { added: added.length, removed: removed.length } } : {}),
  });
  return added;
}

/** The names added to and the keys removed from `beforeNames` (the last run's) in `desired`. */
function sinceLastRun(desired: string[], beforeNames: string[]) {
  const hadPrevious = beforeNames.length > 0;
  // Unchanged since the last run (the usual preview): the same names in the same order, told apart
  // without two sets of 100,000 keys.
  if (beforeNames.length === desired.length && beforeNames.every((name, i) => nameKey(name) === nameKey(desired[i]!)))
    return { added: [], removed: [], hadPrevious };
  const before = new Set(beforeNames.map(nameKey));
  const added = desired.filter((n) => !before.has(nameKey(n)));
  // A set, not desired.some per name: this runs over every repository (quadratic at 100,000).
  const desiredKeys = new Set(desired.map(nameKey));
  const removed = before.size ? [...before].filter((k) => !desiredKeys.has(k)) : [];
  return { added, removed, hadPrevious };
}

/** The plan a new resource gets at check (it has no diff step); a refused plan fails the preview. */
async function planAtCheck(
  ctx: ImportContext,
  desired: string[],
  actual: Promise<ImportListing> | undefined,
  { creating, idsPending }: CheckStep,
): Promise<Failure | undefined> {
  if (idsPending) {
    const failure = creating && actual ? await previewTakeover(ctx, desired, actual) : undefined;
    if (failure) return failure;
    // An existing resource whose connection is being updated (a token rotation) imports nothing new
    // because of it: saying "import N" there would tell a reviewer every repository is re-imported.
    ctx.logger.info(
      creating
        ? `plan: import ${desired.length} once the connection exists`
        : "plan: made at apply, once the connection is updated",
    );
    return undefined;
  }
  return creating ? planNewResource(ctx, desired, actual) : undefined;
}

/** A connection made in this run: the imports already on the platform this resource would take over. */
async function previewTakeover(
  ctx: ImportContext,
  desired: string[],
  actual: Promise<ImportListing>,
): Promise<Failure | undefined> {
  try {
    const existing = planWith(ctx, desired, await actual, NO_HOLDINGS);
    const refusal = takeoverRefusal(existing, ctx.inputs);
    if (refusal) return errorFailure(refusal, "adoptExisting");
    if (existing.adopted.length > 0) logPlan(ctx, existing, []);
  } catch (e) {
    return referenceFailure(e, "connection.", "connection");
  }
  return undefined;
}

async function planNewResource(
  ctx: ImportContext,
  desired: string[],
  actual: Promise<ImportListing> | undefined,
): Promise<Failure | undefined> {
  try {
    const plan = planWith(ctx, desired, await (actual ?? actualFor(ctx, true)), NO_HOLDINGS);
    const refusal = refusalError(plan, ctx.inputs);
    if (refusal) {
      logErrorFinding(ctx.logger, refusal);
      return errorFailure(refusal, "maxDeletions");
    }
    logPlan(ctx, plan, []);
  } catch (e) {
    return referenceFailure(e, "connection.", "connection");
  }
  return undefined;
}

/** What `up` would meet that a preview can say now: Snyk Code off (a warning), a missing branch (a failure). */
async function previewWarnings(
  ctx: ImportContext,
  { desired, actual }: Resolved,
  added: string[],
  { creating }: CheckStep,
): Promise<Failure | undefined> {
  // An import into a Snyk org with Snyk Code off gets no Snyk Code analysis: a preview line, never a failure.
  await warnWhenSnykCodeOff(ctx);
  // A `branch` that repositories about to be imported lack is reported now, not at up (branch-check.ts).
  return checkBranchAtPreview(ctx, {
    candidates: creating ? desired : added,
    desiredCount: desired.length,
    known: async () => (await desiredFor(ctx, false)).byKey,
    ...(actual ? { actual } : {}),
  });
}
