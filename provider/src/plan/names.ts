// Repository full names (`owner/name`, GitLab `group/sub/name`) compared the way the SCMs compare
// them: GitHub and GitLab treat names case-insensitively, so `Acme/API` and `acme/api` are one
// repository. Sorting is by code unit, never by locale, so a plan reads the same on every machine.

/** The comparison key of a repository name: two names are the same repository when their keys are equal. */
export function nameKey(fullName: string): string {
  // toLowerCase allocates a new string even when nothing changes, and a plan of 100,000 names takes
  // each name's key about ten times: a name with no upper-case letter and nothing beyond ASCII is
  // its own key.
  return MAY_CHANGE_CASE.test(fullName) ? fullName.toLowerCase() : fullName;
}

const MAY_CHANGE_CASE = /[A-Z\u0080-\uffff]/;

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
  // Most lists planned are already in this order (check sorts `resolvedRepositories`, apply sorts
  // `owned`): one pass proves it and copies, instead of a Map and a sort over 100,000 names.
  if (Array.isArray(names) && isUniqueSorted(names as readonly string[])) return [...(names as readonly string[])];
  const byKey = new Map<string, { name: string; key: string }>();
  const entries: { name: string; key: string }[] = [];
  for (const name of names) {
    const key = nameKey(name);
    const seen = byKey.get(key);
    if (seen === undefined) {
      const entry = { name, key };
      byKey.set(key, entry);
      entries.push(entry);
    } else if (compareCodeUnits(name, seen.name) < 0) seen.name = name;
  }
  // Keys are unique here, so the key alone orders them.
  entries.sort((a, b) => compareCodeUnits(a.key, b.key));
  return entries.map((entry) => entry.name);
}

/** Strictly increasing keys: sorted with `compareNames` and one spelling per repository. */
function isUniqueSorted(names: readonly string[]): boolean {
  let previous: string | undefined;
  for (let i = 0; i < names.length; i++) {
    const key = nameKey(names[i]!);
    if (previous !== undefined && compareCodeUnits(previous, key) >= 0) return false;
    previous = key;
  }
  return true;
}
