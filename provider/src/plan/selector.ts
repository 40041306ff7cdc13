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
const GLOB_OPTIONS: picomatch.PicomatchOptions = { nocase: true, dot: true };

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

/** The repositories the selector picks, in input order. */
export function selectRepositories<T extends SelectableRepository>(
  repos: readonly T[],
  selector: RepositorySelector | undefined,
): T[] {
  const predicate = compileSelector(selector);
  return repos.filter(predicate);
}

/** One thing wrong with a selector, ready for a `ScmIntegrationError` (`field`, problem, `fix`). */
export interface SelectorProblem {
  field: string;
  problem: string;
  fix: string;
}

function globProblem(glob: unknown): Omit<SelectorProblem, "field"> | undefined {
  if (typeof glob !== "string") {
    return { problem: `expected a glob string, got ${typeof glob}`, fix: 'write the glob as a string, e.g. "acme/*"' };
  }
  if (glob.trim() === "") {
    return { problem: "the glob is empty", fix: 'remove the entry or write a glob such as "acme/*"' };
  }
  if (glob !== glob.trim()) {
    return {
      problem: `the glob "${glob}" has leading or trailing spaces, which no repository name has`,
      fix: "remove the spaces",
    };
  }
  if (picomatch.scan(glob).negated) {
    return {
      problem: `the glob "${glob}" starts with "!"; negation is not supported here`,
      fix: `list "${glob.slice(1)}" under selector.exclude instead`,
    };
  }
  if (glob.startsWith("/") || glob.endsWith("/") || glob.includes("//")) {
    return {
      problem: `the glob "${glob}" has an empty path segment; repository names look like "owner/name"`,
      fix: 'remove the extra "/", e.g. "acme/*"',
    };
  }
  if (!glob.includes("/") && !glob.includes("**")) {
    return {
      problem: `the glob "${glob}" has no "/", so it can never match an "owner/name" repository name`,
      fix: `write "${glob}/*" for the repositories of "${glob}", or "*/${glob}" for a repository of that name in any owner`,
    };
  }
  try {
    picomatch.makeRe(glob, { ...GLOB_OPTIONS, strictBrackets: true });
  } catch (e) {
    return {
      problem: `the glob "${glob}" cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      fix: "close the bracket, brace or parenthesis, or escape a literal one with a backslash",
    };
  }
  return undefined;
}

function validateGlobs(globs: readonly unknown[] | undefined, name: "include" | "exclude"): SelectorProblem[] {
  const problems: SelectorProblem[] = [];
  const firstIndex = new Map<string, number>();
  (globs ?? []).forEach((glob, index) => {
    const field = `selector.${name}[${index}]`;
    const problem = globProblem(glob);
    if (problem) {
      problems.push({ field, ...problem });
      return;
    }
    const key = (glob as string).toLowerCase();
    const first = firstIndex.get(key);
    if (first !== undefined) {
      problems.push({
        field,
        problem: `"${String(glob)}" repeats selector.${name}[${first}] (globs ignore case)`,
        fix: "remove the duplicate entry",
      });
    } else {
      firstIndex.set(key, index);
    }
  });
  return problems;
}

function validateTopics(topics: readonly unknown[] | undefined): SelectorProblem[] {
  const problems: SelectorProblem[] = [];
  const firstIndex = new Map<string, number>();
  (topics ?? []).forEach((topic, index) => {
    const field = `selector.topics[${index}]`;
    if (typeof topic !== "string" || topic.trim() === "") {
      problems.push({ field, problem: "the topic is empty", fix: "remove the entry or name a topic" });
      return;
    }
    if (topic !== topic.trim()) {
      problems.push({
        field,
        problem: `the topic "${topic}" has leading or trailing spaces, which no topic has`,
        fix: "remove the spaces",
      });
      return;
    }
    const first = firstIndex.get(topic.toLowerCase());
    if (first !== undefined) {
      problems.push({
        field,
        problem: `"${topic}" repeats selector.topics[${first}] (topics ignore case)`,
        fix: "remove the duplicate entry",
      });
    } else {
      firstIndex.set(topic.toLowerCase(), index);
    }
  });
  return problems;
}

function validateVisibility(visibility: readonly unknown[] | undefined): SelectorProblem[] {
  if (visibility === undefined) return [];
  if (visibility.length === 0) {
    return [
      {
        field: "selector.visibility",
        problem: "an empty visibility list selects no repository",
        fix: 'remove selector.visibility to allow every visibility, or list e.g. ["private"]',
      },
    ];
  }
  const problems: SelectorProblem[] = [];
  const firstIndex = new Map<unknown, number>();
  visibility.forEach((value, index) => {
    const field = `selector.visibility[${index}]`;
    if (!VISIBILITIES.includes(value as SelectableRepository["visibility"])) {
      problems.push({
        field,
        problem: `"${String(value)}" is not a visibility`,
        fix: `use one of ${VISIBILITIES.map((v) => `"${v}"`).join(", ")}`,
      });
      return;
    }
    const first = firstIndex.get(value);
    if (first !== undefined) {
      problems.push({
        field,
        problem: `"${String(value)}" repeats selector.visibility[${first}]`,
        fix: "remove the duplicate entry",
      });
    } else {
      firstIndex.set(value, index);
    }
  });
  return problems;
}

// An include that an exclude names word for word selects nothing: most likely a slip worth a message.
function validateOverlap(selector: RepositorySelector): SelectorProblem[] {
  const includeIndex = new Map<string, number>();
  (selector.include ?? []).forEach((glob, index) => {
    if (typeof glob === "string" && !includeIndex.has(glob.toLowerCase())) includeIndex.set(glob.toLowerCase(), index);
  });
  const problems: SelectorProblem[] = [];
  (selector.exclude ?? []).forEach((glob, index) => {
    if (typeof glob !== "string") return;
    const included = includeIndex.get(glob.toLowerCase());
    if (included !== undefined && glob.trim() !== "") {
      problems.push({
        field: `selector.exclude[${index}]`,
        problem: `"${glob}" is also selector.include[${included}]; exclude wins, so that include selects nothing`,
        fix: "remove it from one of the two lists",
      });
    }
  });
  return problems;
}

/** Every problem in a selector, in field order; empty when the selector is sound. */
export function validateSelector(selector: RepositorySelector | undefined): SelectorProblem[] {
  if (selector === undefined) return [];
  return [
    ...validateGlobs(selector.include, "include"),
    ...validateGlobs(selector.exclude, "exclude"),
    ...validateOverlap(selector),
    ...validateTopics(selector.topics),
    ...validateVisibility(selector.visibility),
  ];
}
