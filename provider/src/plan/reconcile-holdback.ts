// Which removals a plan may carry out, and what it says when it holds them back: the deletion limit,
// the refusal beyond it, why a removal waits for complete listings, and the plan's warnings. Pure: no I/O.
import { REFUSAL_NAMES_SHOWN, renderFinding, type DeletionRefusalFinding } from "../core/findings";
import type { ActualImport, DeletionRefusal, ReconcileInput, WithheldRemoval } from "./reconcile";

function deletionLimit(value: number | undefined): number {
  if (value === undefined || Number.isNaN(value) || value < 0) return 0;
  return Math.floor(value);
}

function refusalFor(refused: ActualImport[], input: ReconcileInput, limit: number): DeletionRefusal {
  const count = refused.length;
  const names = refused.slice(0, REFUSAL_NAMES_SHOWN).map((entry) => entry.fullName);
  const fix =
    `if these deletions are intended, set allowDeletions to ${count} (or maxDeletions to at least ${count}) ` +
    `and apply again; otherwise add the repositories back to repositories / selector` +
    (input.mode === "authoritative" ? ', or use mode "additive" to delete only what this resource imported' : "");
  const finding: DeletionRefusalFinding = {
    type: "deletion-refusal",
    operation: "plan",
    count,
    limit,
    maxDeletions: deletionLimit(input.maxDeletions),
    ...(input.allowDeletions === undefined ? {} : { allowDeletions: deletionLimit(input.allowDeletions) }),
    names,
    more: count - names.length,
    fix,
  };
  return { reason: renderFinding(finding), fix, count, limit, refused, finding };
}

function withheldReason(input: ReconcileInput): string {
  if (!input.desiredComplete && !input.actualComplete) {
    return "not removed: neither the SCM repository listing nor the platform's import listing is complete";
  }
  if (!input.desiredComplete) {
    return "not removed: the SCM repository listing is incomplete, so the repository may still be desired";
  }
  return "not removed: the platform's import listing is incomplete, so the removals cannot be counted against maxDeletions";
}

export function warningsFor(input: ReconcileInput, importCount: number, withheldCount: number): string[] {
  const warnings: string[] = [];
  if (!input.desiredComplete) {
    warnings.push(
      "the SCM repository listing is incomplete: repositories the selector should pick may be missing from the desired set",
    );
  }
  if (!input.actualComplete && importCount > 0) {
    warnings.push(
      `the platform's import listing is incomplete: some of the ${importCount} planned import(s) may already exist ` +
        "and must be adopted, not imported twice",
    );
  }
  if (withheldCount > 0) {
    warnings.push(`${withheldCount} removal(s) withheld until both listings are complete`);
  }
  return warnings;
}

/** Removals go ahead only on complete listings and within the deletion limit; else withheld or refused. */
export function decideRemovals(
  input: ReconcileInput,
  candidates: ActualImport[],
): { removals: ActualImport[]; withheld: WithheldRemoval[]; refusal?: DeletionRefusal } {
  const limit = Math.max(deletionLimit(input.maxDeletions), deletionLimit(input.allowDeletions));
  if (!(input.desiredComplete && input.actualComplete)) {
    const reason = withheldReason(input);
    return { removals: [], withheld: candidates.map((entry) => ({ ...entry, reason })) };
  }
  if (candidates.length > limit) return { removals: [], withheld: [], refusal: refusalFor(candidates, input, limit) };
  return { removals: candidates, withheld: [] };
}
