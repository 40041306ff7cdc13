// Which repositories a RepositorySelector picks. Globs run on `owner/name` through picomatch (the
// glob library the Node ecosystem relies on), compiled once per selector so that matching a
// 100,000-repository organization costs one regex test per glob per repository.
import picomatch from "picomatch";
import { ScmIntegrationError } from "../core/errors";
import type { RepositorySelector, RepositoryVisibility } from "../core/domain.generated";

/** The facts about a repository that a selector looks at (scm/types `RepositoryInfo` fits). */
export interface SelectableRepository {
  fullName: string;
  visibility: RepositoryVisibility;
  archived: boolean;
  fork: boolean;
  topics: readonly string[];
}

export const VISIBILITIES: readonly SelectableRepository["visibility"][] = ["public", "private", "internal"];

// `*` stays inside one path segment and `**` crosses segments (GitLab subgroups); names compare
// case-insensitively like GitHub and GitLab do; `dot` so `acme/*` also picks `acme/.github`.
export const GLOB_OPTIONS: picomatch.PicomatchOptions = { nocase: true, dot: true };

interface CompiledGlobs {
  /** Entries without glob syntax, lower-cased: a Set lookup instead of a regex per entry. */
  literals: Set<string>;
  patterns: RegExp[];
}

/** A selector turned into a predicate. Build it once and reuse it for every repository. */
export type RepositoryPredicate = (repo: SelectableRepository) => boolean;

function isLiteral(glob: string): boolean {
  // A backslash escapes glob syntax, so such an entry must still go through picomatch.
  return !glob.includes("\\") && !picomatch.scan(glob).isGlob;
}

function compileGlobs(globs: readonly string[] | undefined, field: string): CompiledGlobs | undefined {
  if (!globs || globs.length === 0) return undefined;
  const compiled: CompiledGlobs = { literals: new Set(), patterns: [] };
  globs.forEach((glob, index) => {
    if (isLiteral(glob)) {
      compiled.literals.add(glob.toLowerCase());
      return;
    }
    try {
      compiled.patterns.push(picomatch.makeRe(glob, GLOB_OPTIONS));
    } catch (e) {
      throw new ScmIntegrationError("invalid-input", `the glob "${glob}" cannot be read (${String(e)})`, {
        field: `${field}[${index}]`,
        fix: "write a glob such as `acme/*` or `acme/**`; escape literal brackets with a backslash",
      });
    }
  });
  return compiled;
}

function globsMatch(globs: CompiledGlobs, fullName: string): boolean {
  if (globs.literals.has(fullName.toLowerCase())) return true;
  return globs.patterns.some((pattern) => pattern.test(fullName));
}

/**
 * Compiles a selector into a predicate. Rules: exclude wins over include; absent or empty include
 * selects every name; every listed topic must be present (case-insensitive); visibility is an
 * allow-list (absent = any); archived repositories and forks are left out unless asked for.
 * `includeSubgroups` / `includeShared` shape the SCM listing itself and are applied by the SCM client.
 */
export function compileSelector(selector: RepositorySelector | undefined): RepositoryPredicate {
  const include = compileGlobs(selector?.include, "selector.include");
  const exclude = compileGlobs(selector?.exclude, "selector.exclude");
  const topics = (selector?.topics ?? []).map((topic) => topic.toLowerCase());
  const visibility = selector?.visibility ? new Set(selector.visibility) : undefined;
  const archived = selector?.archived === true;
  const forks = selector?.forks === true;

  return (repo) => {
    // Cheapest checks first: the predicate runs once per repository of the organization.
    if (repo.archived && !archived) return false;
    if (repo.fork && !forks) return false;
    if (visibility && !visibility.has(repo.visibility)) return false;
    if (exclude && globsMatch(exclude, repo.fullName)) return false;
    if (include && !globsMatch(include, repo.fullName)) return false;
    if (topics.length > 0) {
      const present = new Set(repo.topics.map((topic) => topic.toLowerCase()));
      if (!topics.every((topic) => present.has(topic))) return false;
    }
    return true;
  };
}

// Selectors are input values and are not changed after they are built, so one compiled predicate
// per selector object is enough; the WeakMap lets it go with the selector.
const compiledSelectors = new WeakMap<RepositorySelector, RepositoryPredicate>();
const selectEverything = compileSelector(undefined);

/** True when the selector picks the repository. Compiles each selector object once (see `compileSelector`). */
export function matchesSelector(repo: SelectableRepository, selector: RepositorySelector | undefined): boolean {
  if (selector === undefined) return selectEverything(repo);
  let predicate = compiledSelectors.get(selector);
  if (predicate === undefined) {
    predicate = compileSelector(selector);
    compiledSelectors.set(selector, predicate);
  }
  return predicate(repo);
}
