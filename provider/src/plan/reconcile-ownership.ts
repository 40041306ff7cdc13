// Which names a plan keeps owned whatever the apply does, and which wait for the platform to
// confirm an import or a removal. Pure: no I/O.
import { nameKey, uniqueSortedNames } from "./names";
import type { ActualImport, Ownership, ReconcileInput } from "./reconcile";

/**
 * Which names stay owned whatever the apply does, and which wait for the platform's confirmation.
 * A desired name already on the platform that was not owned before is adopted, not owned. A name
 * owned before that is not desired stays owned while it may still be on the platform; it is
 * given up only when a complete listing shows it gone or every removal of it is confirmed.
 */
export function ownershipOf(
  input: ReconcileInput,
  desired: readonly string[],
  /** `desired`'s name keys (the caller has them already). */
  desiredKeys: ReadonlySet<string>,
  actualByKey: ReadonlyMap<string, ActualImport[]>,
  removals: readonly ActualImport[],
): Ownership {
  const ownedKeys = new Set(input.owned.map(nameKey));
  const removedKeys = new Set(removals.map((entry) => nameKey(entry.fullName)));
  const kept: string[] = [];
  const onImport: string[] = [];
  const onRemoval: string[] = [];
  // Indexed loops: see matchDesired in ./reconcile.
  for (let i = 0; i < desired.length; i++) {
    const name = desired[i]!;
    const key = nameKey(name);
    const present = actualByKey.get(key);
    if (ownedKeys.has(key)) kept.push(name);
    // Missing, or held with scans stopped: owned once the platform confirms the import (or resumption).
    else if (present === undefined || !present.some((entry) => entry.scanning)) onImport.push(name);
  }
  const owned = uniqueSortedNames(input.owned);
  for (let i = 0; i < owned.length; i++) {
    const name = owned[i]!;
    const key = nameKey(name);
    if (desiredKeys.has(key)) continue;
    const present = actualByKey.get(key);
    if (present === undefined) {
      if (!input.actualComplete) kept.push(name);
    } else if (removedKeys.has(key)) {
      onRemoval.push(present[0]?.fullName ?? name);
    } else {
      kept.push(present[0]?.fullName ?? name);
    }
  }
  return { kept, onImport, onRemoval };
}
