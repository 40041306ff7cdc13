// The platform's import listing as planning reads it: in one fixed order, repeated entries merged,
// each entry known by its name and platform id. Pure: no I/O.
import { nameKey, sortByName } from "./names";
import type { ActualImport } from "./reconcile";

export function sortImports(imports: Iterable<ActualImport>): ActualImport[] {
  return sortByName(
    imports,
    (entry) => entry.fullName,
    (a, b) => (a.platformId < b.platformId ? -1 : a.platformId > b.platformId ? 1 : 0),
  );
}

export function identity(entry: ActualImport): string {
  return `${nameKey(entry.fullName)}\u0000${entry.platformId}`;
}

/**
 * The platform listing in a fixed order with repeated entries (pages that overlapped) merged: one
 * platform object is deleted once. A merged entry counts as scanning only if every copy says so.
 */
export function normalizeActual(actual: readonly ActualImport[]): ActualImport[] {
  // Sorted by name key first, so one name's entries are adjacent: repeats are looked for among them
  // only, without an identity string and a Map entry per import (100,000 of each at scale). An entry
  // met once is kept as given, not copied (the listing it comes from is kept for the next step anyway,
  // and a copy of each was 6 MB of a 100,000-repository Diff); repeats are merged into a copy, so the
  // given entries are never changed.
  const merged: ActualImport[] = [];
  let groupKey: string | undefined;
  /** Where the current name's first entry is in `merged` (-1: none yet). */
  let firstAt = -1;
  /** Where the current name's entries after its first are, by platform id (most names have one entry). */
  let othersAt: Map<string, number> | undefined;
  const sorted = sortImports(actual);
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    const key = nameKey(entry.fullName);
    if (key !== groupKey) {
      groupKey = key;
      firstAt = -1;
      othersAt = undefined;
    }
    const at =
      firstAt >= 0 && merged[firstAt]!.platformId === entry.platformId
        ? firstAt
        : (othersAt?.get(entry.platformId) ?? -1);
    if (at < 0) {
      merged.push(entry);
      if (firstAt < 0) firstAt = merged.length - 1;
      else (othersAt ??= new Map()).set(entry.platformId, merged.length - 1);
      continue;
    }
    // A repeat always leaves a merged copy, whichever of the repeats came first: the plan is the same
    // in any order of the listing.
    const kept = merged[at]!;
    const scanning = kept.scanning && entry.scanning;
    const owner = kept.owner ?? entry.owner;
    merged[at] = {
      fullName: kept.fullName,
      platformId: kept.platformId,
      scanning,
      ...(owner !== undefined ? { owner } : {}),
    };
  }
  return merged;
}
