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
  // only, without an identity string and a Map entry per import (100,000 of each at scale).
  const merged: ActualImport[] = [];
  let groupKey: string | undefined;
  let first: ActualImport | undefined;
  /** The current name's entries after its first, by platform id (most names have one entry). */
  let others: Map<string, ActualImport> | undefined;
  const sorted = sortImports(actual);
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    const key = nameKey(entry.fullName);
    if (key !== groupKey) {
      groupKey = key;
      first = undefined;
      others = undefined;
    }
    const seen = first?.platformId === entry.platformId ? first : others?.get(entry.platformId);
    if (seen === undefined) {
      const copy: ActualImport = {
        fullName: entry.fullName,
        platformId: entry.platformId,
        scanning: entry.scanning,
        ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
      };
      merged.push(copy);
      if (first === undefined) first = copy;
      else (others ??= new Map()).set(copy.platformId, copy);
    } else {
      seen.scanning = seen.scanning && entry.scanning;
      if (seen.owner === undefined && entry.owner !== undefined) seen.owner = entry.owner;
    }
  }
  return merged;
}
