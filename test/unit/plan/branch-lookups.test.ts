import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  branchReport,
  MAX_BRANCH_LOOKUPS,
  planBranchLookups,
  type BranchLookupResults,
} from "../../../provider/src/plan/branch-lookups";

const defaults = (map: Record<string, string | null>) => (name: string) => map[name.toLowerCase()];

describe("planBranchLookups", () => {
  it("looks up only repositories whose default branch differs or is unknown, each once", () => {
    const plan = planBranchLookups(
      "develop",
      ["acme/api", "acme/web", "ACME/Web", "acme/empty", "acme/new", "acme/dev"],
      defaults({ "acme/api": "main", "acme/web": "main", "acme/empty": null, "acme/dev": "develop" }),
    );
    assert.deepEqual(plan, { lookUp: ["acme/api", "acme/web", "acme/empty", "acme/new"], notChecked: 0, onDefault: 1 });
  });

  it("stops at the limit and counts the rest as not checked", () => {
    const names = Array.from({ length: MAX_BRANCH_LOOKUPS + 7 }, (_, i) => `acme/r${i}`);
    const plan = planBranchLookups("x", names, () => "main");
    assert.equal(plan.lookUp.length, MAX_BRANCH_LOOKUPS);
    assert.deepEqual(plan.lookUp, names.slice(0, MAX_BRANCH_LOOKUPS));
    assert.equal(plan.notChecked, 7);
    assert.deepEqual(
      planBranchLookups("x", ["acme/a"], () => "main", -1),
      { lookUp: [], notChecked: 1, onDefault: 0 },
    );
  });

  it("every candidate is looked up, on its default branch, or counted as not checked", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^acme\/[a-z]{1,6}$/)),
        fc.func(fc.constantFrom("main", "develop", null, undefined)),
        fc.nat(40),
        (names, defaultOf, limit) => {
          const plan = planBranchLookups("develop", names, defaultOf, limit);
          assert.ok(plan.lookUp.length <= limit);
          assert.equal(plan.lookUp.length + plan.notChecked + plan.onDefault, names.length);
          for (const name of plan.lookUp) assert.notEqual(defaultOf(name), "develop");
        },
      ),
    );
  });
});

describe("branchReport", () => {
  const base: BranchLookupResults = {
    branch: "release",
    platform: "snyk",
    desiredCount: 5,
    missing: [],
    unknown: [],
    notChecked: 0,
  };

  it("nothing missing, nothing unknown: nothing to say", () => {
    assert.deepEqual(branchReport(base), { warnings: [] });
  });

  it("missing in some: one warning naming them, what Snyk's up does and the fix", () => {
    const report = branchReport({ ...base, missing: ["acme/a", "acme/b"] });
    assert.equal(report.failure, undefined);
    assert.equal(report.warnings.length, 1);
    const [line] = report.warnings;
    assert.match(line!, /^branch "release" does not exist in 2 of the repositories to import: acme\/a, acme\/b\. /);
    assert.match(line!, /pulumi up still asks Snyk to import them on branch "release"/);
    assert.match(line!, /Fix: create branch "release" in those repositories, leave them out/);
  });

  it("on Semgrep the warning says the primary branch is set anyway", () => {
    const [line] = branchReport({ ...base, platform: "semgrep", missing: ["acme/a"] }).warnings;
    assert.match(line!, /Managed Scans for them with primary branch "refs\/heads\/release"/);
  });

  it("names the first 20 and counts the rest", () => {
    const missing = Array.from({ length: 23 }, (_, i) => `acme/r${String(i).padStart(2, "0")}`);
    const [line] = branchReport({ ...base, desiredCount: 500, missing }).warnings;
    assert.match(line!, /acme\/r19 … and 3 more\./);
    assert.doesNotMatch(line!, /acme\/r20/);
  });

  it("missing in every desired repository: a failure quoting the value exactly, no warning", () => {
    const report = branchReport({ ...base, branch: 'wip"x\u200b', desiredCount: 2, missing: ["acme/a", "acme/b"] });
    assert.deepEqual(report.warnings, []);
    assert.match(
      report.failure!.problem,
      /^"wip\\"x\\u200b" is a branch of none of the 2 repositories to import \(acme\/a, acme\/b\)/,
    );
    assert.match(report.failure!.fix, /^create branch "wip\\"x\\u200b"/);
  });

  it("no failure while any repository could not be checked or was not looked up", () => {
    const unknown = branchReport({ ...base, desiredCount: 2, missing: ["acme/a"], unknown: ["acme/b"] });
    assert.equal(unknown.failure, undefined);
    const capped = branchReport({ ...base, desiredCount: 2, missing: ["acme/a"], notChecked: 1 });
    assert.equal(capped.failure, undefined);
    assert.equal(branchReport({ ...base, desiredCount: 0 }).failure, undefined);
  });

  it("a lookup the SCM did not answer is could-not-check, with the SCM's words, never missing", () => {
    const report = branchReport({
      ...base,
      unknown: ["acme/b", "acme/a"],
      firstFailure: "github.com kept failing with HTTP 500",
    });
    assert.equal(report.warnings.length, 1);
    assert.match(
      report.warnings[0]!,
      /^could not check whether branch "release" exists in 2 of the repositories to import \(acme\/b, acme\/a\)/,
    );
    assert.match(report.warnings[0]!, /not a missing branch\): github\.com kept failing with HTTP 500$/);
    assert.doesNotMatch(report.warnings[0]!, /does not exist/);
    const bare = branchReport({ ...base, unknown: ["acme/a"] });
    assert.match(bare.warnings[0]!, /not a missing branch\)$/);
  });

  it("says how many were not checked beyond the limit", () => {
    const [line] = branchReport({ ...base, notChecked: 12 }).warnings;
    assert.match(
      line!,
      new RegExp(
        `not checked in 12 more repositories to import: a preview looks up at most ${MAX_BRANCH_LOOKUPS} branches`,
      ),
    );
  });
});
