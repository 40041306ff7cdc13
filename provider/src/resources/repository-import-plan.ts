// RepositoryImport planning: what this resource holds (from its state), what counts as an import, and
// the reconcile plan of desired against actual; plus `resolvedRepositories`, check's record of desired.
import { nameKey, uniqueSortedNames } from "../plan/names";
import { planReconcile, type Plan } from "../plan/reconcile";
import type { ImportListing } from "../platforms/types";
import type { Props } from "./handler";
import type { DesiredResolution, ImportContext } from "./repository-import-context";

/**
 * What counts as an import for planning: everything the platform scans, plus desired entries it holds
 * with scans stopped (to resume). A Semgrep project that is neither scanned nor desired is not an
 * import: every sync makes one for each repository of the namespace, and a removal without
 * deleteFindings leaves exactly that behind — planning to "remove" it again would write on every run.
 */
export function plannedActual(desired: readonly string[], imports: ImportListing["imports"]): ImportListing["imports"] {
  // Most listings hold only scanned imports: then nothing is filtered, and no set of keys is built.
  if (imports.every((i) => i.scanning)) return imports;
  const wanted = new Set(desired.map(nameKey));
  return imports.filter((i) => i.scanning || wanted.has(nameKey(i.fullName)));
}

/** What this resource recorded as owned (imported itself) or adopted (taken over), from its state. */
export interface Holdings {
  owned: string[];
  adopted: string[];
}

export const NO_HOLDINGS: Holdings = { owned: [], adopted: [] };

/** The holdings recorded in old state (missing or malformed lists count as empty). */
export function holdingsOf(props: Props): Holdings {
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return { owned: names(props.owned), adopted: names(props.adopted) };
}

export function planWith(ctx: ImportContext, desired: string[], actual: ImportListing, holdings: Holdings): Plan {
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

/** The names in a `resolvedRepositories` map (old state may be missing or malformed: then none). */
export function resolvedNames(value: unknown): string[] {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
}

/** `resolvedRepositories`: each desired repository → why (explicitly listed, or picked by the selector). */
export function resolvedMap(
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
export function protectIncomplete(ctx: ImportContext, resolution: DesiredResolution, previous: unknown): string[] {
  if (resolution.complete) return resolution.desired;
  const kept = resolvedNames(previous);
  ctx.logger.warn(
    `the repository listing of ${ctx.scope.organization} is incomplete (${resolution.incompleteReasons.join("; ") || "no reason given"}); ` +
      `the ${kept.length} repositories resolved before stay desired, so nothing is removed because of it`,
  );
  return uniqueSortedNames([...resolution.desired, ...kept]);
}
