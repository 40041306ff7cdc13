// Repository full names (`owner/name`, GitLab `group/sub/name`) compared the way the SCMs compare
// them: GitHub and GitLab treat names case-insensitively, so `Acme/API` and `acme/api` are one
// repository. Sorting is by code unit, never by locale, so a plan reads the same on every machine.

/** The comparison key of a repository name: two names are the same repository when their keys are equal. */
export function nameKey(fullName: string): string {
  return fullName.toLowerCase();
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders names case-insensitively, then by exact spelling, so the order is total and deterministic. */
export function compareNames(a: string, b: string): number {
  return compareCodeUnits(nameKey(a), nameKey(b)) || compareCodeUnits(a, b);
}

/**
 * `items` sorted by `compareNames` of their names (then by `tieBreak`). Each name is lower-cased once,
 * not once per comparison: sorting 100,000 names with `compareNames` lower-cases millions of times.
 */
export function sortByName<T>(items: Iterable<T>, nameOf: (item: T) => string, tieBreak?: (a: T, b: T) => number): T[] {
  const decorated = Array.from(items, (item) => {
    const name = nameOf(item);
    return { item, name, key: nameKey(name) };
  });
  decorated.sort(
    (a, b) => compareCodeUnits(a.key, b.key) || compareCodeUnits(a.name, b.name) || (tieBreak?.(a.item, b.item) ?? 0),
  );
  return decorated.map((entry) => entry.item);
}

/**
 * One spelling per repository, sorted with `compareNames`. When the same repository appears with
 * several spellings, the first one in `compareNames` order wins, so the result does not depend on
 * the order of the input.
 */
export function uniqueSortedNames(names: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = nameKey(name);
    const seen = byKey.get(key);
    if (seen === undefined || compareNames(name, seen) < 0) byKey.set(key, name);
  }
  return sortByName(byKey.values(), (name) => name);
}
