// RepositoryImport: "exactly these repositories are scanned".
// check resolves repositories + selector into `resolvedRepositories` (so `preview --diff` shows one
// line per repository added or removed); diff plans against the platform and refuses plans beyond
// maxDeletions; create/update carry the plan out; read reports drift; delete removes what it owns.
import { randomUUID } from "node:crypto";
import { ScmIntegrationError } from "../core/errors";
import { nameKey, uniqueSortedNames } from "../plan/names";
import { planReconcile, type Plan } from "../plan/reconcile";
import type { ImportListing, PlatformImport } from "../platforms/types";
import type { RepositoryInfo } from "../scm/types";
import { errorFailure, guarded, PartialApplyError, referenceFailure, shieldFailures } from "./failures";
import { internalFields, knownReplacementKeys, pickInputs, unknownOnlyAt } from "./props";
import { tokenFingerprint } from "../core/redact";
import type { Props, ResourceHandler } from "./handler";
import { checkBranchAtPreview } from "./branch-check";
import { warnWhenSnykCodeOff } from "./snyk-code-import-warning";
import { applyReconcilePlan, buildOutputs, partialFailureMessage, removeImports } from "./repository-import-apply";
import { handOverKept, heldByAnother, withHolder } from "./repository-import-handover";
import {
  contextOf,
  findRenamed,
  INPUT_KEYS,
  KIND,
  listActual,
  parseInputs,
  resolveDesiredRepositories,
  semanticFailures,
  type DesiredResolution,
  type ImportContext,
} from "./repository-import-context";
import {
  repositoryImportDefaults,
  repositoryImportInputsSchema,
  repositoryImportReplaceOnChanges,
  repositoryImportInputKeys,
  repositoryImportSecretInputPaths,
  repositoryImportSecretOutputs,
} from "./schema.generated";
import { providerClock } from "./provider-config";
import { changedKeys, checkInputs } from "./schema-support";
import { withoutUnheldTokens } from "./unread-tokens";
import { resourceLogger } from "./services";
import type { Logger } from "../core/log";

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

function desiredFor(ctx: ImportContext, fresh: boolean): Promise<DesiredResolution> {
  return reuse(scmKey(ctx), fresh, () => resolveDesiredRepositories(ctx));
}

function actualFor(ctx: ImportContext, fresh: boolean): Promise<ImportListing> {
  return reuse(platformKey(ctx), fresh, () => listActual(ctx));
}

/**
 * What counts as an import for planning: everything the platform scans, plus desired entries it holds
 * with scans stopped (to resume). A Semgrep project that is neither scanned nor desired is not an
 * import: every sync makes one for each repository of the namespace, and a removal without
 * deleteFindings leaves exactly that behind — planning to "remove" it again would write on every run.
 */
export function plannedActual(desired: readonly string[], imports: ImportListing["imports"]): ImportListing["imports"] {
  const wanted = new Set(desired.map(nameKey));
  return imports.filter((i) => i.scanning || wanted.has(nameKey(i.fullName)));
}

/** What this resource recorded as owned (imported itself) or adopted (taken over), from its state. */
export interface Holdings {
  owned: string[];
  adopted: string[];
}

const NO_HOLDINGS: Holdings = { owned: [], adopted: [] };

/** The holdings recorded in old state (missing or malformed lists count as empty). */
function logAdoptedLeft(logger: Logger, holdings: Holdings): void {
  if (holdings.adopted.length === 0) return;
  logger.info(
    `left ${holdings.adopted.length} adopted imports in place (they existed before this resource): ${holdings.adopted.slice(0, 20).join(", ")}`,
  );
}

export function holdingsOf(props: Props): Holdings {
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return { owned: names(props.owned), adopted: names(props.adopted) };
}

function planWith(ctx: ImportContext, desired: string[], actual: ImportListing, holdings: Holdings): Plan {
  return planReconcile({
    desired,
    desiredComplete: true,
    actual: plannedActual(desired, actual.imports),
    actualComplete: actual.complete,
    owned: holdings.owned,
    adopted: holdings.adopted,
    ...(ctx.scope.owner !== undefined ? { self: ctx.scope.owner } : {}),
    mode: ctx.inputs.mode,
    maxDeletions: ctx.inputs.maxDeletions,
    ...(ctx.inputs.allowDeletions !== undefined ? { allowDeletions: ctx.inputs.allowDeletions } : {}),
  });
}

function describePlan(plan: Plan): string {
  const parts = [`import ${plan.imports.length}`, `remove ${plan.removals.length}`, `keep ${plan.keeps.length}`];
  if (plan.adopted.length) parts.push(`adopt ${plan.adopted.length} already on the platform (adoptExisting)`);
  if (plan.resume.length) parts.push(`resume scans of ${plan.resume.length}`);
  if (plan.untouched.length) parts.push(`leave ${plan.untouched.length} not owned by this resource`);
  if (plan.withheld.length) parts.push(`withhold ${plan.withheld.length} removals (incomplete listing)`);
  return `plan: ${parts.join(", ")}`;
}

function logPlan(ctx: ImportContext, plan: Plan, owned: readonly string[]): void {
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

function refusalError(plan: Plan, inputs: ImportContext["inputs"]): ScmIntegrationError | undefined {
  if (plan.refusal) {
    return new ScmIntegrationError("invalid-input", plan.refusal.reason, {
      field: "maxDeletions",
      fix: plan.refusal.fix,
    });
  }
  return takeoverRefusal(plan, inputs);
}

/**
 * Desired repositories the platform already scans that this resource neither imported nor adopted:
 * taking them over needs `adoptExisting` (README.md, "Ownership"). Which stack or person made them
 * is not recorded on the platform; they may be hand-made, another stack's or another resource's.
 */
function takeoverRefusal(plan: Plan, inputs: ImportContext["inputs"]): ScmIntegrationError | undefined {
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

/** The names in a `resolvedRepositories` map (old state may be missing or malformed: then none). */
export function resolvedNames(value: unknown): string[] {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
}

/** `resolvedRepositories`: each desired repository → why (explicitly listed, or picked by the selector). */
function resolvedMap(
  inputs: ImportContext["inputs"],
  desired: string[],
  renamed: ReadonlyMap<string, string> = new Map(),
): Record<string, string> {
  // An explicit name the SCM resolved to a new one (a rename) marks the new name as explicit.
  const explicit = new Set((inputs.repositories ?? []).map((n) => nameKey(renamed.get(nameKey(n)) ?? n)));
  const map: Record<string, string> = {};
  for (const name of desired) map[name] = explicit.has(nameKey(name)) ? "repositories" : "selector";
  return map;
}

/** Keep every repository resolved before when the SCM listing is incomplete: nothing may drop out. */
function protectIncomplete(ctx: ImportContext, resolution: DesiredResolution, previous: unknown): string[] {
  if (resolution.complete) return resolution.desired;
  const kept = resolvedNames(previous);
  ctx.logger.warn(
    `the repository listing of ${ctx.scope.organization} is incomplete (${resolution.incompleteReasons.join("; ") || "no reason given"}); ` +
      `the ${kept.length} repositories resolved before stay desired, so nothing is removed because of it`,
  );
  return uniqueSortedNames([...resolution.desired, ...kept]);
}

async function reconcile(
  id: string,
  props: Props,
  holdings: Holdings,
  creating = false,
): Promise<{ id: string; outs: Props }> {
  const inputs = parseInputs(props);
  const ctx = withHolder(contextOf(inputs, props), id);
  const resolution = await desiredFor(ctx, false);
  const desired = inputs.resolvedRepositories ? resolvedNames(inputs.resolvedRepositories) : resolution.desired;
  const actual = await actualFor(ctx, true);
  if (!actual.complete) {
    // Without the whole listing nothing is known to exist: importing would send again what exists,
    // and outputs built from it would tell the engine that nothing is imported. Change nothing.
    throw new ScmIntegrationError(
      "incomplete",
      `the ${inputs.connection.platform} listing of imports did not complete, so which repositories are already imported is unknown; nothing was imported or removed`,
      { fix: "run pulumi up again once the platform answers (earlier log lines say what failed)" },
    );
  }
  const plan = planWith(ctx, desired, actual, holdings);
  const refusal = refusalError(plan, inputs);
  if (refusal) throw refusal;
  logPlan(ctx, plan, holdings.owned);
  // Before anything changes: what this resource keeps carries its marker and id (a replacement's
  // create takes its predecessor's imports over here, or stops).
  await handOverKept(ctx, plan, actual, creating);
  const known = new Map<string, RepositoryInfo>(resolution.byKey);
  const result = await applyReconcilePlan(ctx, plan, known, props, resolution.complete && actual.complete);
  recent.delete(platformKey(ctx));
  const failed = Object.keys(result.failures).length;
  if (failed > 0) {
    throw new PartialApplyError(
      `${KIND} ${typeof props.resourceName === "string" ? props.resourceName : id}: ${partialFailureMessage(result.failures, plan.imports.length + plan.resume.length + plan.removals.length)}`,
      id,
      // The engine stores these as the resource's outputs as they are: without the serialized provider
      // the dynamic-provider server cannot load the provider for the next refresh (its read takes
      // `__provider` from the stored outputs), so it is carried over from the inputs, as a success does.
      { ...result.outputs, ...(props.__provider !== undefined ? { __provider: props.__provider } : {}) },
    );
  }
  ctx.logger.info(
    `done: ${String(result.outputs.importedCount)} repositories imported, ${plan.removals.length} removed`,
  );
  return { id, outs: result.outputs };
}

export const repositoryImportHandler: ResourceHandler = {
  check: guarded(
    KIND,
    shieldFailures({ secret: repositoryImportSecretOutputs, inputs: repositoryImportInputKeys }, async (olds, news) => {
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
      const creating = olds.resolvedRepositories === undefined && olds.connection === undefined;
      let ctx: ImportContext;
      let desired: string[];
      let renamed: ReadonlyMap<string, string>;
      let actual: Promise<ImportListing> | undefined;
      try {
        ctx = contextOf(inputs, news);
      } catch (e) {
        return { failures: [referenceFailure(e, "connection.")] };
      }
      try {
        // The plan (here for a new resource, in diff for an existing one unless it is replaced) needs
        // the platform's listing too: start it now, beside the SCM listing.
        const planned =
          !idsPending && (creating || knownReplacementKeys(repositoryImportReplaceOnChanges, olds, rest).length === 0);
        if (planned) {
          actual = actualFor(ctx, true);
          actual.catch(() => undefined); // awaited (or re-listed) by the step that plans
        } else if (idsPending && creating) {
          // The connection is created in this run too: list what the platform already holds for the
          // organization anyway (read only), so the preview names imports this resource would take over.
          ctx = { ...ctx, scope: { ...ctx.scope, provisional: true } };
          actual = listActual(ctx);
          actual.catch(() => undefined);
        }
        const resolution = await desiredFor(ctx, true);
        renamed = resolution.renamed;
        desired = protectIncomplete(ctx, resolution, olds.resolvedRepositories);
      } catch (e) {
        return { failures: [referenceFailure(e, "connection.", inputs.selector ? "selector" : "repositories")] };
      }
      const before = new Set(resolvedNames(olds.resolvedRepositories).map(nameKey));
      const added = desired.filter((n) => !before.has(nameKey(n)));
      // A set, not desired.some per name: this runs over every repository (quadratic at 100,000).
      const desiredKeys = new Set(desired.map(nameKey));
      const removed = before.size ? [...before].filter((k) => !desiredKeys.has(k)) : [];
      ctx.logger.info(
        `resolved ${desired.length} repositories in ${ctx.scope.organization}` +
          (before.size ? ` (+${added.length} −${removed.length} since the last run)` : ""),
      );

      if (idsPending && creating && actual) {
        try {
          const existing = planWith(ctx, desired, await actual, NO_HOLDINGS);
          const refusal = takeoverRefusal(existing, inputs);
          if (refusal) return { failures: [errorFailure(refusal, "adoptExisting")] };
          if (existing.adopted.length > 0) logPlan(ctx, existing, []);
        } catch (e) {
          return { failures: [referenceFailure(e, "connection.", "connection")] };
        }
      }
      if (idsPending) {
        // An existing resource whose connection is being updated (a token rotation) imports nothing new
        // because of it: saying "import N" there would tell a reviewer every repository is re-imported.
        ctx.logger.info(
          creating
            ? `plan: import ${desired.length} once the connection exists`
            : "plan: made at apply, once the connection is updated",
        );
      } else if (creating) {
        try {
          const plan = planWith(ctx, desired, await (actual ?? actualFor(ctx, true)), NO_HOLDINGS);
          const refusal = refusalError(plan, inputs);
          if (refusal) return { failures: [errorFailure(refusal, "maxDeletions")] };
          logPlan(ctx, plan, []);
        } catch (e) {
          return { failures: [referenceFailure(e, "connection.", "connection")] };
        }
      }
      // An import into a Snyk org with Snyk Code off gets no Snyk Code analysis: a preview line, never a failure.
      await warnWhenSnykCodeOff(ctx);
      // A `branch` that repositories about to be imported lack is reported now, not at up (branch-check.ts).
      const branchFailure = await checkBranchAtPreview(ctx, {
        candidates: creating ? desired : added,
        desiredCount: desired.length,
        known: async () => (await desiredFor(ctx, false)).byKey,
        ...(actual ? { actual } : {}),
      });
      if (branchFailure) return { failures: [branchFailure] };
      return { inputs: { ...inputs, resolvedRepositories: resolvedMap(inputs, desired, renamed), ...internal } };
    }),
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

  create: guarded(KIND, async (inputs) => reconcile(`ri-${randomUUID()}`, inputs, NO_HOLDINGS, true)),

  update: guarded(KIND, async (id, olds, news) => ({ outs: (await reconcile(id, news, holdingsOf(olds))).outs })),

  read: guarded(KIND, async (id, props) => {
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
    const owned = holdings.owned;
    const plan = planWith(ctx, desired, actual, holdings);
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
    // Repositories deleted, renamed or archived in the SCM since the last run.
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
    const imported: Record<string, string> = {};
    for (const keep of plan.keeps) imported[keep.fullName] = keep.platformId;
    const failures = (props.failures ?? {}) as Record<string, string>;
    // Refresh reports the state; it does not pretend the last apply changed (nor what it owns).
    const outputs = buildOutputs(ctx, props, plan, imported, failures, actual.complete, 0, holdings);
    outputs.lastPlan = props.lastPlan;
    return { id, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
  }),

  delete: guarded(KIND, async (id, props) => {
    // Only what this resource imported itself: adopted imports, and those of other stacks or made by
    // hand, stay as they were, in either mode.
    const holdings = holdingsOf(props);
    // Nothing recorded as its own and no owner marker to find: nothing can be this resource's, so
    // nothing is read or parsed (an imported one may hold no token, unread-tokens.ts).
    if (holdings.owned.length === 0 && props.owner === undefined) {
      logAdoptedLeft(resourceLogger(KIND, props.resourceName), holdings);
      return;
    }
    const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
    const ctx = withHolder(contextOf(inputs, props), id);
    const ownedKeys = new Set(holdings.owned.map(nameKey));
    const actual = await listActual(ctx);
    if (!actual.complete) {
      // Deleting the resource now would forget imports it could not see: stay, so destroy can run again.
      throw new ScmIntegrationError(
        "incomplete",
        `the ${inputs.connection.platform} listing of imports did not complete; nothing was removed`,
        {
          fix: "run pulumi destroy again once the platform answers",
        },
      );
    }
    // Semgrep projects whose scans are already off need nothing unless their findings are to go.
    // An import another resource's marker claims is left (a newer owner); one carrying this resource's
    // own marker is removed even when the state lost it (a create that never returned), unless another
    // id of this same resource holds it: its replacement took it over (repository-import-handover.ts).
    const self = ctx.scope.owner;
    const ours = (i: PlatformImport) =>
      (i.owner === undefined || self === undefined ? ownedKeys.has(nameKey(i.fullName)) : i.owner === self) &&
      !heldByAnother(ctx, i);
    const handedOver = actual.imports.filter((i) => heldByAnother(ctx, i)).map((i) => i.fullName);
    if (handedOver.length > 0)
      ctx.logger.info(
        `left ${handedOver.length} imports its replacement holds now: ${handedOver.slice(0, 20).join(", ")}`,
      );
    const mine = actual.imports.filter((i) => ours(i) && (i.scanning || inputs.deleteFindings));
    const limit = Math.max(inputs.maxDeletions, inputs.allowDeletions ?? 0);
    if (mine.length > limit) {
      throw new ScmIntegrationError(
        "invalid-input",
        `destroying would remove ${mine.length} imports, more than the limit of ${limit}`,
        {
          field: "maxDeletions",
          fix: `set allowDeletions: ${mine.length} on this resource, run pulumi up, then destroy again`,
        },
      );
    }
    const result = await removeImports(ctx, mine);
    const failed = Object.keys(result.failures);
    if (failed.length > 0)
      throw new ScmIntegrationError("incomplete", partialFailureMessage(result.failures, mine.length));
    ctx.logger.info(`removed ${mine.length} imports owned by this resource`);
    logAdoptedLeft(ctx.logger, holdings);
  }),
};
