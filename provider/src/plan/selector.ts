// Whether a RepositorySelector can be read at all, checked before anything is listed: every glob
// compiles, topics and visibilities are well formed, and include and exclude do not cancel out. The
// matching itself is in selector-match.ts.
import picomatch from "picomatch";
import type { RepositorySelector } from "../core/domain.generated";
import { GLOB_OPTIONS, VISIBILITIES, type SelectableRepository } from "./selector-match";

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
