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
  const merged = new Map<string, ActualImport>();
  for (const entry of sortImports(actual)) {
    const id = identity(entry);
    const seen = merged.get(id);
    if (seen === undefined) {
      merged.set(id, {
        fullName: entry.fullName,
        platformId: entry.platformId,
        scanning: entry.scanning,
        ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
      });
    } else {
      seen.scanning = seen.scanning && entry.scanning;
      if (seen.owner === undefined && entry.owner !== undefined) seen.owner = entry.owner;
    }
  }
  return [...merged.values()];
}
