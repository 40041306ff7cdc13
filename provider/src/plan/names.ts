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
  return [...byKey.values()].sort(compareNames);
}
