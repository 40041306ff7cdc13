import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import picomatch from "picomatch";
import { validateSelector } from "../../../provider/src/plan/selector";
import { compileSelector, matchesSelector, type SelectableRepository } from "../../../provider/src/plan/selector-match";
import type { RepositorySelector } from "../../../provider/src/core/domain.generated";

function repo(fullName: string, extra: Partial<SelectableRepository> = {}): SelectableRepository {
  return { fullName, visibility: "private", archived: false, fork: false, topics: [], ...extra };
}

const names = (repos: SelectableRepository[], selector: RepositorySelector | undefined) =>
  repos.filter((r) => matchesSelector(r, selector)).map((r) => r.fullName);

describe("matchesSelector", () => {
  const repos = [
    repo("acme/api"),
    repo("acme/web"),
    repo("acme/.github"),
    repo("acme/platform/api"),
    repo("acme/platform/deep/tool"),
    repo("other/api"),
  ];

  it("keeps `*` inside one segment and lets `**` cross segments (GitLab subgroups)", () => {
    assert.deepEqual(names(repos, { include: ["acme/*"] }), ["acme/api", "acme/web", "acme/.github"]);
    assert.deepEqual(names(repos, { include: ["acme/**"] }), [
      "acme/api",
      "acme/web",
      "acme/.github",
      "acme/platform/api",
      "acme/platform/deep/tool",
    ]);
    assert.deepEqual(names(repos, { include: ["*/api"] }), ["acme/api", "other/api"]);
    assert.deepEqual(names(repos, { include: ["**/api"] }), ["acme/api", "acme/platform/api", "other/api"]);
  });

  it("ignores case in globs and literal names", () => {
    assert.deepEqual(names(repos, { include: ["ACME/A*"] }), ["acme/api"]);
    assert.deepEqual(names(repos, { include: ["Other/API"] }), ["other/api"]);
    assert.deepEqual(names([repo("Acme/Web")], { include: ["acme/web"] }), ["Acme/Web"]);
  });

  it("selects everything when include is absent or empty, and exclude wins over include", () => {
    assert.equal(names(repos, undefined).length, 6);
    assert.equal(names(repos, {}).length, 6);
    assert.equal(names(repos, { include: [] }).length, 6);
    assert.deepEqual(names(repos, { include: ["acme/*"], exclude: ["acme/.github", "ACME/W*"] }), ["acme/api"]);
    assert.deepEqual(names(repos, { include: ["acme/api"], exclude: ["acme/api"] }), []);
    assert.deepEqual(names(repos, { exclude: ["acme/**"] }), ["other/api"]);
  });

  it("requires every listed topic, ignoring case", () => {
    const tagged = [
      repo("a/one", { topics: ["Security", "go"] }),
      repo("a/two", { topics: ["security"] }),
      repo("a/three"),
    ];
    assert.deepEqual(names(tagged, { topics: ["security"] }), ["a/one", "a/two"]);
    assert.deepEqual(names(tagged, { topics: ["SECURITY", "Go"] }), ["a/one"]);
    assert.deepEqual(names(tagged, { topics: [] }), ["a/one", "a/two", "a/three"]);
  });

  it("filters by the visibility allow-list", () => {
    const mixed = [
      repo("a/pub", { visibility: "public" }),
      repo("a/priv", { visibility: "private" }),
      repo("a/int", { visibility: "internal" }),
    ];
    assert.deepEqual(names(mixed, { visibility: ["public", "internal"] }), ["a/pub", "a/int"]);
    assert.deepEqual(names(mixed, { visibility: [] }), []);
  });

  it("leaves out archived repositories and forks unless asked for", () => {
    const mixed = [repo("a/live"), repo("a/old", { archived: true }), repo("a/copy", { fork: true })];
    assert.deepEqual(names(mixed, {}), ["a/live"]);
    assert.deepEqual(names(mixed, { archived: true }), ["a/live", "a/old"]);
    assert.deepEqual(names(mixed, { forks: true }), ["a/live", "a/copy"]);
    assert.deepEqual(names(mixed, { archived: false, forks: false }), ["a/live"]);
  });

  it("matches an organization of 100,000 repositories with many literal entries", () => {
    const big = Array.from({ length: 100_000 }, (_, i) =>
      repo(`org${i % 10}/repo-${i}`, { archived: i % 97 === 0, topics: i % 3 === 0 ? ["team-a"] : [] }),
    );
    const literals = Array.from({ length: 2_000 }, (_, i) => `ORG${i % 10}/Repo-${i}`);
    const selector: RepositorySelector = {
      include: [...literals, "org7/repo-9999*"],
      exclude: ["org1/**"],
      topics: ["team-a"],
    };
    const expected = big.filter((r) => {
      const i = Number(r.fullName.split("-")[1]);
      const included = i < 2_000 || (r.fullName.startsWith("org7/repo-9999") && true);
      return included && !r.fullName.startsWith("org1/") && i % 3 === 0 && i % 97 !== 0;
    });
    const picked = big.filter((r) => matchesSelector(r, selector));
    assert.equal(picked.length, expected.length);
    assert.deepEqual(
      picked.map((r) => r.fullName),
      expected.map((r) => r.fullName),
    );
  });
});

// Names and globs from a small alphabet so that matches are frequent.
const segment = fc.stringMatching(/^[a-cA-C][a-c._-]{0,3}$/);
const fullName = fc.array(segment, { minLength: 2, maxLength: 4 }).map((parts) => parts.join("/"));
const globSegment = fc.oneof(segment, fc.constantFrom("*", "a*", "*c", "?b*", "{a,b}*", "[ab]*"));
const glob = fc.oneof(
  fc.array(globSegment, { minLength: 2, maxLength: 3 }).map((parts) => parts.join("/")),
  fc.array(segment, { minLength: 1, maxLength: 2 }).map((parts) => `${parts.join("/")}/**`),
  fullName,
);
const selectable = fc.record({
  fullName,
  visibility: fc.constantFrom("public" as const, "private" as const, "internal" as const),
  archived: fc.boolean(),
  fork: fc.boolean(),
  topics: fc.array(fc.constantFrom("x", "Y", "z"), { maxLength: 3 }),
});
const selectorArb: fc.Arbitrary<RepositorySelector> = fc.record(
  {
    include: fc.array(glob, { maxLength: 4 }),
    exclude: fc.array(glob, { maxLength: 3 }),
    topics: fc.array(fc.constantFrom("x", "y", "Z"), { maxLength: 2 }),
    visibility: fc.subarray(["public", "private", "internal"] as ("public" | "private" | "internal")[]),
    archived: fc.boolean(),
    forks: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** The rules written out plainly, one picomatch call per glob: the oracle for the compiled form. */
function model(r: SelectableRepository, s: RepositorySelector): boolean {
  const options = { nocase: true, dot: true };
  const any = (globs: string[] | undefined) => (globs ?? []).some((g) => picomatch.isMatch(r.fullName, g, options));
  if (r.archived && s.archived !== true) return false;
  if (r.fork && s.forks !== true) return false;
  if (s.visibility && !s.visibility.includes(r.visibility)) return false;
  if (any(s.exclude)) return false;
  if (s.include && s.include.length > 0 && !any(s.include)) return false;
  const topics = r.topics.map((t) => t.toLowerCase());
  return (s.topics ?? []).every((t) => topics.includes(t.toLowerCase()));
}

describe("matchesSelector properties", () => {
  it("agrees with one picomatch call per glob", () => {
    fc.assert(
      fc.property(selectable, selectorArb, (r, s) => {
        assert.equal(matchesSelector(r, s), model(r, s));
        assert.equal(compileSelector(s)(r), model(r, s));
      }),
      { numRuns: 3000 },
    );
  });

  it("does not depend on the casing of the repository name", () => {
    fc.assert(
      fc.property(selectable, selectorArb, (r, s) => {
        const upper = { ...r, fullName: r.fullName.toUpperCase() };
        assert.equal(matchesSelector(upper, s), matchesSelector(r, s));
      }),
      { numRuns: 2000 },
    );
  });

  it("never selects a repository that an exclude names", () => {
    fc.assert(
      fc.property(selectable, selectorArb, (r, s) => {
        assert.equal(matchesSelector(r, { ...s, exclude: [...(s.exclude ?? []), r.fullName.toUpperCase()] }), false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("validateSelector", () => {
  it("accepts sound selectors", () => {
    assert.deepEqual(validateSelector(undefined), []);
    assert.deepEqual(
      validateSelector({
        include: ["acme/*", "acme/**", "acme/api", "**/tools", "acme/{a,b}*"],
        exclude: ["acme/legacy-*"],
        topics: ["security"],
        visibility: ["private", "internal"],
        archived: true,
      }),
      [],
    );
  });

  it("names the field, the value and the fix for each problem", () => {
    const problems = validateSelector({
      include: ["acme/*", "", " acme/x", "!acme/old", "acme", "/acme/x", "acme/[ab", "ACME/*"],
      exclude: ["acme/*"],
      topics: ["a", "A", ""],
      visibility: ["public", "secret" as "public", "public"],
    });
    assert.deepEqual(problems, [
      {
        field: "selector.include[1]",
        problem: "the glob is empty",
        fix: 'remove the entry or write a glob such as "acme/*"',
      },
      {
        field: "selector.include[2]",
        problem: 'the glob " acme/x" has leading or trailing spaces, which no repository name has',
        fix: "remove the spaces",
      },
      {
        field: "selector.include[3]",
        problem: 'the glob "!acme/old" starts with "!"; negation is not supported here',
        fix: 'list "acme/old" under selector.exclude instead',
      },
      {
        field: "selector.include[4]",
        problem: 'the glob "acme" has no "/", so it can never match an "owner/name" repository name',
        fix: 'write "acme/*" for the repositories of "acme", or "*/acme" for a repository of that name in any owner',
      },
      {
        field: "selector.include[5]",
        problem: 'the glob "/acme/x" has an empty path segment; repository names look like "owner/name"',
        fix: 'remove the extra "/", e.g. "acme/*"',
      },
      {
        field: "selector.include[6]",
        problem: 'the glob "acme/[ab" cannot be read: Missing closing: "]" - use "\\\\]" to match literal characters',
        fix: "close the bracket, brace or parenthesis, or escape a literal one with a backslash",
      },
      {
        field: "selector.include[7]",
        problem: '"ACME/*" repeats selector.include[0] (globs ignore case)',
        fix: "remove the duplicate entry",
      },
      {
        field: "selector.exclude[0]",
        problem: '"acme/*" is also selector.include[0]; exclude wins, so that include selects nothing',
        fix: "remove it from one of the two lists",
      },
      {
        field: "selector.topics[1]",
        problem: '"A" repeats selector.topics[0] (topics ignore case)',
        fix: "remove the duplicate entry",
      },
      { field: "selector.topics[2]", problem: "the topic is empty", fix: "remove the entry or name a topic" },
      {
        field: "selector.visibility[1]",
        problem: '"secret" is not a visibility',
        fix: 'use one of "public", "private", "internal"',
      },
      {
        field: "selector.visibility[2]",
        problem: '"public" repeats selector.visibility[0]',
        fix: "remove the duplicate entry",
      },
    ]);
  });

  it("flags an empty visibility list, which would select nothing", () => {
    assert.deepEqual(validateSelector({ visibility: [] }), [
      {
        field: "selector.visibility",
        problem: "an empty visibility list selects no repository",
        fix: 'remove selector.visibility to allow every visibility, or list e.g. ["private"]',
      },
    ]);
  });
});
