// The desired set of a RepositoryImport: the explicit `repositories` list plus whatever the selector
// picked, one entry per repository, spelled the way the SCM spells it, in a fixed order. Pure: the
// caller has already listed and looked up repositories through the SCM client.
import { nameKey, uniqueSortedNames } from "./names";

/** Anything with the SCM's spelling of a repository name (scm/types `RepositoryInfo` fits). */
export interface NamedRepository {
  fullName: string;
}

/**
 * How to find an explicitly listed repository in the SCM: a function, or a map from a name (any
 * spelling) to the repository, where `null` / `undefined` means the SCM has no such repository
 * (what `ScmClient.getRepository` returns for a missing one).
 */
export type RepositoryLookup =
  ((fullName: string) => NamedRepository | null | undefined) | ReadonlyMap<string, NamedRepository | null | undefined>;

export interface ResolveDesiredInput {
  /** The user's `repositories` list, in the user's order (indexes name the field in messages). */
  explicit: readonly string[];
  /** Repositories the selector picked, already filtered (see ./selector). */
  selected: readonly NamedRepository[];
  /** Repositories known to exist; consulted for explicit names the selection does not contain. */
  known: RepositoryLookup;
}

/** An explicit name the SCM does not have; `field` is the input property to name in the error. */
export interface MissingRepository {
  index: number;
  fullName: string;
  field: string;
}

export interface DesiredSet {
  /** Unique case-insensitively, SCM spelling, sorted case-insensitively then by exact spelling. */
  desired: string[];
  /** Explicit names that do not exist, in input order. The caller turns them into an error. */
  missing: MissingRepository[];
}

function lookupIn(known: RepositoryLookup): (fullName: string) => NamedRepository | undefined {
  if (typeof known === "function") return (fullName) => known(fullName) ?? undefined;
  // A map may be keyed by the user's spelling or the SCM's: index it case-insensitively once.
  const byKey = new Map<string, NamedRepository | null | undefined>();
  for (const [name, repo] of known) {
    const key = nameKey(name);
    if (!byKey.has(key) || repo) byKey.set(key, repo);
  }
  return (fullName) => byKey.get(nameKey(fullName)) ?? undefined;
}

/**
 * Resolves the desired set. An explicit name is found first among the selected repositories, then
 * through `known`; either way the SCM's spelling is used (the user may write `ACME/Api` for
 * `acme/api`). Listing a repository twice, or both explicitly and through the selector, is fine.
 */
export function resolveDesired(input: ResolveDesiredInput): DesiredSet {
  const selectedByKey = new Map<string, string>();
  for (const name of uniqueSortedNames(input.selected.map((repo) => repo.fullName))) {
    selectedByKey.set(nameKey(name), name);
  }
  const lookup = lookupIn(input.known);

  const names: string[] = [...selectedByKey.values()];
  const missing: MissingRepository[] = [];
  input.explicit.forEach((fullName, index) => {
    const spelled = selectedByKey.get(nameKey(fullName)) ?? lookup(fullName)?.fullName;
    if (spelled === undefined) {
      missing.push({ index, fullName, field: `repositories[${index}]` });
    } else {
      names.push(spelled);
    }
  });
  return { desired: uniqueSortedNames(names), missing };
}
