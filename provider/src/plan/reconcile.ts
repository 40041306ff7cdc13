// Desired repositories vs what the platform has → what to import, keep, resume and remove.
// This is where the product's promises about data live: an incomplete listing never leads to a
// removal, removals beyond maxDeletions need an explicit override, additive mode never touches an
// import this resource did not make, the same input in any order gives the same plan, and a planned
// write that fails changes nothing it owns: a failed removal stays owned until it is confirmed
// (`ownedAfterApply`), so the next plan makes it again. What this resource did not create is never
// owned: a desired import already on the platform is adopted (kept, listed in `adoptedAfter`, never
// removed in additive mode, on destroy included), and only authoritative mode removes imports it did
// not create.
// Pure: no I/O; names compare case-insensitively like GitHub and GitLab do (./names).
import type { ImportMode } from "../core/domain.generated";
import type { DeletionRefusalFinding } from "../core/findings";
import { nameKey, uniqueSortedNames } from "./names";
import { decideRemovals, warningsFor } from "./reconcile-holdback";
import { identity, normalizeActual } from "./reconcile-listing";
import { ownershipOf } from "./reconcile-ownership";

/** One repository as the platform has it (platforms/types `PlatformImport` fits). */
export interface ActualImport {
  fullName: string;
  /** Snyk target id / Semgrep project id. */
  platformId: string;
  /** False when the platform holds the repository but does not scan it (deactivated / scans off). */
  scanning: boolean;
  /**
   * The ownership marker the platform holds on it (a project tag): which stack and resource imported
   * it. Absent when it carries none (made by hand, before markers, or on a platform without them).
   */
  owner?: string;
}

export interface ReconcileInput {
  /** Desired full names (from ./desired); case variants of one name count once. */
  desired: readonly string[];
  /** False when the SCM listing behind `desired` did not finish or was filtered: nothing is removed then. */
  desiredComplete: boolean;
  /** What the platform has now. */
  actual: readonly ActualImport[];
  /** False when the platform listing did not finish: nothing is removed then. */
  actualComplete: boolean;
  /** Names this resource imported itself before (from its state): the only ones additive mode removes. */
  owned: readonly string[];
  /** Names this resource adopted before (already on the platform when it first wanted them); absent = none. */
  adopted?: readonly string[];
  /**
   * This resource's ownership marker (see `ActualImport.owner`). An import carrying it is this
   * resource's own even when its state does not say so (a crashed create, a replacement); one carrying
   * another marker is another resource's, never removed in additive mode. Absent = markers unused.
   */
  self?: string;
  /** authoritative: remove every import that is not desired; additive: remove only owned ones. */
  mode: ImportMode;
  /** Most removals a plan may make on its own; more are refused. Negative or NaN counts as 0. */
  maxDeletions: number;
  /**
   * The user's explicit override for one run: "I accept up to this many removals" (the resource's
   * `allowDeletions` input). The effective limit is the larger of the two; absent = no override.
   */
  allowDeletions?: number;
}

/** A removal that was not planned, and why. */
export interface WithheldRemoval extends ActualImport {
  reason: string;
}

/** Why the plan removes nothing although removals are due, and what the user can do. */
export interface DeletionRefusal {
  reason: string;
  fix: string;
  /** Removals the plan would have made. */
  count: number;
  /** The effective limit (max of maxDeletions and allowDeletions). */
  limit: number;
  /** The removals that were refused, sorted. */
  refused: ActualImport[];
  /** The refusal as the review report reads it (`reason` is its sentence). */
  finding: DeletionRefusalFinding;
}

export interface Plan {
  mode: ImportMode;
  /** The desired names, unique and sorted (one spelling per repository). */
  desired: string[];
  /** Desired names the platform does not have: import these. */
  imports: string[];
  /** Platform entries to delete. Empty whenever `refusal` is set or a listing is incomplete. */
  removals: ActualImport[];
  /** Desired entries the platform already has: leave them. */
  keeps: ActualImport[];
  /**
   * Desired names already on the platform that this resource neither created nor adopted before: this
   * plan takes them over (the resource asks for an explicit opt-in first). They are kept, never owned.
   */
  adopted: string[];
  /**
   * Every desired name on the platform that this resource did not create, after the plan: adopted
   * before or by this plan. Kept while desired; never removed in additive mode.
   */
  adoptedAfter: string[];
  /** Kept entries whose scans are stopped: turn scanning back on. */
  resume: ActualImport[];
  /** Additive mode: entries neither desired nor owned; this resource leaves them alone. */
  untouched: ActualImport[];
  /** Removals not planned because a listing is incomplete. */
  withheld: WithheldRemoval[];
  /** Set when the removals due exceed the limit; then nothing is removed. */
  refusal?: DeletionRefusal;
  /**
   * What this resource owns once the plan is applied in full: `ownedAfterApply(plan, fullOutcome(plan))`.
   * After a real apply, where single writes may fail, what it owns is `ownedAfterApply(plan, outcome)`.
   */
  owned: string[];
  /** How the apply's confirmed writes change what this resource owns (see `ownedAfterApply`). */
  ownership: Ownership;
  /** Things a reviewer should know that do not stop the plan. */
  warnings: string[];
}

/**
 * Ownership, split by what it waits for. Owned after an apply = owned before − the removals the
 * platform confirmed + the imports the platform confirmed. Desired repositories the platform already
 * has and this resource did not import are adopted (`Plan.adoptedAfter`), never owned. A planned write that did not succeed changes nothing: a removal
 * that failed stays owned, so the next plan removes it again (also in additive mode); an import that
 * failed is not owned until the platform has it.
 */
export interface Ownership {
  /**
   * Owned whatever the writes do: desired names owned before, and names owned before, not desired, that may still exist and are not being removed
   * (their removal was withheld or refused, or an incomplete listing may hide them).
   */
  kept: string[];
  /** Planned imports and resumptions not owned before: owned once the platform confirms the import. */
  onImport: string[];
  /** Names owned before with planned removals: given up once the platform confirms every removal of the name. */
  onRemoval: string[];
}

/** What the platform confirmed of a plan's writes. */
export interface ApplyOutcome {
  /** Entries of `plan.removals` confirmed gone: deleted now, or reported already gone (404). */
  removed: readonly ActualImport[];
  /** Names of `plan.imports` (and of `plan.resume`: resuming scans is importing) the platform confirmed. */
  imported: readonly string[];
}

/** Imports in `compareNames` order of their names, then by platform id: a total, fixed order. */
/** Plans one reconcile. Deterministic: the same input in any order gives the same plan. */
export function planReconcile(input: ReconcileInput): Plan {
  const desired = uniqueSortedNames(input.desired);
  const desiredKeys = new Set(desired.map(nameKey));
  const actual = normalizeActual(input.actual);
  const { claimed, adoptedBefore } = ownedClaims(input, actual);
  const ownedKeys = new Set(claimed.map(nameKey));
  const actualByKey = byName(actual);
  const matched = matchDesired(desired, actualByKey, ownedKeys, adoptedBefore);
  const { candidates, untouched } = removalCandidates(input, actual, desiredKeys, ownedKeys);
  const { removals, withheld, refusal } = decideRemovals(input, candidates);

  const plan: Plan = {
    mode: input.mode,
    desired,
    imports: matched.imports,
    removals,
    keeps: matched.keeps,
    adopted: matched.adopted,
    adoptedAfter: matched.adoptedAfter,
    resume: matched.resume,
    untouched,
    withheld,
    owned: [],
    ownership: ownershipOf({ ...input, owned: claimed }, desired, desiredKeys, actualByKey, removals),
    warnings: warningsFor(input, matched.imports.length, withheld.length),
  };
  if (refusal) plan.refusal = refusal;
  plan.owned = ownedAfterApply(plan, fullOutcome(plan));
  return plan;
}

/** What this resource owns before the plan, and the names the state records as adopted. */
function ownedClaims(input: ReconcileInput, actual: readonly ActualImport[]) {
  // Owned: what the state says this resource imported, and what carries its own marker.
  const marked = actual.filter((entry) => input.self !== undefined && entry.owner === input.self);
  // A name the state records as adopted existed before this resource: never owned, whatever else
  // says so (a state written before adoption was tracked apart listed such names in `owned` too).
  const adoptedBefore = new Set((input.adopted ?? []).map(nameKey));
  const claimed = uniqueSortedNames([...input.owned, ...marked.map((entry) => entry.fullName)]).filter(
    (name) => !adoptedBefore.has(nameKey(name)),
  );
  return { claimed, adoptedBefore };
}

function byName(actual: readonly ActualImport[]): Map<string, ActualImport[]> {
  const actualByKey = new Map<string, ActualImport[]>();
  for (let i = 0; i < actual.length; i++) {
    const entry = actual[i]!;
    const key = nameKey(entry.fullName);
    const entries = actualByKey.get(key);
    if (entries) entries.push(entry);
    else actualByKey.set(key, [entry]);
  }
  return actualByKey;
}

/**
 * Each desired name: imported when missing, else kept (resumed when its scans stopped, or adopted).
 * The loops over every repository here and in ./reconcile-ownership and ./reconcile-listing go by
 * index: a plan runs once per command, mostly before V8 optimizes it, and `for…of` then allocates
 * an iterator result per element (28 MB of a 100,000-repository plan's 90, by a sampling heap profile).
 */
function matchDesired(
  desired: readonly string[],
  actualByKey: ReadonlyMap<string, ActualImport[]>,
  ownedKeys: ReadonlySet<string>,
  adoptedBefore: ReadonlySet<string>,
): Pick<Plan, "imports" | "keeps" | "adopted" | "adoptedAfter" | "resume"> {
  const imports: string[] = [];
  const keeps: ActualImport[] = [];
  const adopted: string[] = [];
  const adoptedAfter: string[] = [];
  const resume: ActualImport[] = [];
  for (let i = 0; i < desired.length; i++) {
    const name = desired[i]!;
    const present = actualByKey.get(nameKey(name));
    if (present === undefined) {
      imports.push(name);
      continue;
    }
    for (const entry of present) {
      keeps.push(entry);
      if (!entry.scanning) resume.push(entry);
    }
    // Held but scanned by nobody (a Semgrep project a sync made, or one whose scans were turned off):
    // not an import anyone made, so turning its scans on is this resource's import, not a takeover.
    if (ownedKeys.has(nameKey(name)) || !present.some((entry) => entry.scanning)) continue;
    adoptedAfter.push(name);
    if (!adoptedBefore.has(nameKey(name))) adopted.push(name);
  }
  return { imports, keeps, adopted, adoptedAfter, resume };
}

/** What is on the platform but not desired: what the mode lets this plan remove, and the rest. */
function removalCandidates(
  input: ReconcileInput,
  actual: readonly ActualImport[],
  desiredKeys: ReadonlySet<string>,
  ownedKeys: ReadonlySet<string>,
): { candidates: ActualImport[]; untouched: ActualImport[] } {
  const foreign = (entry: ActualImport) =>
    input.self !== undefined && entry.owner !== undefined && entry.owner !== input.self;
  const candidates: ActualImport[] = [];
  const untouched: ActualImport[] = [];
  for (let i = 0; i < actual.length; i++) {
    const entry = actual[i]!;
    const key = nameKey(entry.fullName);
    if (desiredKeys.has(key)) continue;
    // Additive: only what this resource owns, and never an entry another resource's marker claims.
    if (input.mode === "authoritative" || (ownedKeys.has(key) && !foreign(entry))) candidates.push(entry);
    else untouched.push(entry);
  }
  return { candidates, untouched };
}

/** The outcome of a plan carried out in full: every removal and every import confirmed. */
export function fullOutcome(plan: Plan): ApplyOutcome {
  return { removed: plan.removals, imported: [...plan.imports, ...plan.resume.map((entry) => entry.fullName)] };
}

/**
 * What this resource owns after an apply: owned before − the confirmed removals + the confirmed
 * imports. Removals and imports that are not
 * confirmed change nothing, so a removal that failed stays owned and the next plan makes it again.
 * Outcome entries that are not part of the plan are ignored.
 */
export function ownedAfterApply(plan: Plan, outcome: ApplyOutcome): string[] {
  const removed = new Set(outcome.removed.map(identity));
  const imported = new Set(outcome.imported.map(nameKey));
  const owned = [...plan.ownership.kept, ...plan.ownership.onImport.filter((name) => imported.has(nameKey(name)))];
  const unconfirmed = new Set(
    plan.removals.filter((entry) => !removed.has(identity(entry))).map((entry) => nameKey(entry.fullName)),
  );
  for (const name of plan.ownership.onRemoval) if (unconfirmed.has(nameKey(name))) owned.push(name);
  return uniqueSortedNames(owned);
}
