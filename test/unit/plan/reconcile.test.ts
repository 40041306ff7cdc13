import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { planReconcile, type ActualImport, type ReconcileInput } from "../../../provider/src/plan/reconcile";
import { applyPlan, simulatedPlatformId } from "../../support/plan-simulation";
import { anyInput, completeInput, entryId, entryKeys, key, keys, ownedBefore } from "./reconcile-arbitraries";

const RUNS = { numRuns: 2000 };

function shuffled<T>(items: readonly T[], order: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, rank: order[i % Math.max(order.length, 1)] ?? 0, i }))
    .sort((a, b) => a.rank - b.rank || b.i - a.i)
    .map(({ item }) => item);
}

describe("planReconcile properties", () => {
  it("authoritative, complete and within limits: applying the plan yields exactly the desired set", () => {
    fc.assert(
      fc.property(completeInput, (input) => {
        const plan = planReconcile({ ...input, mode: "authoritative", maxDeletions: 1000 });
        assert.equal(plan.refusal, undefined);
        const after = applyPlan(input.actual, plan);
        assert.deepEqual(entryKeys(after), keys(input.desired));
        assert.ok(
          after.every((entry) => entry.scanning),
          "every desired repository scans after apply",
        );
      }),
      RUNS,
    );
  });

  it("additive mode never removes an import it does not own", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planReconcile({ ...input, mode: "additive" });
        const owned = keys(input.owned);
        for (const removal of plan.removals) assert.ok(owned.has(key(removal.fullName)), removal.fullName);
        for (const removal of plan.refusal?.refused ?? []) assert.ok(owned.has(key(removal.fullName)));
      }),
      RUNS,
    );
  });

  it("removals never exceed max(maxDeletions, allowDeletions); over the limit nothing is removed", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planReconcile(input);
        const limit = Math.max(input.maxDeletions, input.allowDeletions ?? 0);
        assert.ok(plan.removals.length <= limit);
        if (plan.refusal) {
          assert.equal(plan.removals.length, 0);
          assert.ok(plan.refusal.count > limit);
          assert.equal(plan.refusal.count, plan.refusal.refused.length);
          assert.equal(plan.refusal.limit, limit);
        }
      }),
      RUNS,
    );
  });

  it("an incomplete listing on either side yields no removal, and every candidate is withheld with a reason", () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom("desired", "actual", "both"), (input, side) => {
        const incomplete = {
          ...input,
          desiredComplete: side === "actual",
          actualComplete: side === "desired",
        };
        const plan = planReconcile({ ...incomplete, maxDeletions: 1000 });
        assert.deepEqual(plan.removals, []);
        assert.equal(plan.refusal, undefined);
        const complete = planReconcile({ ...input, desiredComplete: true, actualComplete: true, maxDeletions: 1000 });
        // Entries are compared by their fields: a plan keeps an entry listed once as it was given.
        const fields = ({ fullName, platformId, scanning }: ActualImport) => ({ fullName, platformId, scanning });
        assert.deepEqual(plan.withheld.map(fields), complete.removals.map(fields));
        for (const withheld of plan.withheld) assert.match(withheld.reason, /^not removed: .*complete/);
      }),
      RUNS,
    );
  });

  it("is deterministic: the same input in any order (and with repeated entries) gives the same plan", () => {
    fc.assert(
      fc.property(anyInput, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (input, order) => {
        const reordered: ReconcileInput = {
          ...input,
          desired: shuffled([...input.desired, ...input.desired.slice(0, 2)], order),
          actual: shuffled([...input.actual, ...input.actual.slice(0, 2)], order),
          owned: shuffled([...input.owned, ...input.owned.slice(0, 1)], order),
        };
        // By content: an entry listed once is kept as it was given, a repeated one merged into a plain copy.
        assert.deepEqual(structuredClone(planReconcile(reordered)), structuredClone(planReconcile(input)));
      }),
      RUNS,
    );
  });

  it("is idempotent: planning again after applying changes nothing", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const first = planReconcile(input);
        const after = applyPlan(input.actual, first);
        const second = planReconcile({ ...input, actual: after, owned: first.owned, adopted: first.adoptedAfter });
        assert.deepEqual(second.imports, []);
        assert.deepEqual(second.removals, []);
        assert.deepEqual(second.resume, []);
        assert.deepEqual(second.adopted, []);
        assert.deepEqual(second.owned, first.owned);
        assert.deepEqual(second.adoptedAfter, first.adoptedAfter);
      }),
      RUNS,
    );
  });

  it("never imports and removes the same repository, whatever the casing", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planReconcile({ ...input, desiredComplete: true, actualComplete: true, maxDeletions: 1000 });
        const imported = keys(plan.imports);
        for (const removal of plan.removals) assert.ok(!imported.has(key(removal.fullName)), removal.fullName);
        for (const keep of plan.keeps) assert.ok(!imported.has(key(keep.fullName)));
      }),
      RUNS,
    );
  });

  it("partitions the platform listing: every entry is kept, removed, withheld, refused or untouched exactly once", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planReconcile(input);
        const ids = [
          ...plan.keeps,
          ...plan.removals,
          ...plan.withheld,
          ...(plan.refusal?.refused ?? []),
          ...plan.untouched,
        ].map((e) => `${key(e.fullName)}|${e.platformId}`);
        const distinct = new Set(input.actual.map((e) => `${key(e.fullName)}|${e.platformId}`));
        assert.equal(ids.length, distinct.size);
        assert.deepEqual(new Set(ids), distinct);
      }),
      RUNS,
    );
  });

  it("after apply every desired repository is owned or adopted, never both; it gives up only what is gone", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planReconcile(input);
        const owned = keys(plan.owned);
        const adopted = keys(plan.adoptedAfter);
        for (const name of input.desired) assert.ok(owned.has(key(name)) !== adopted.has(key(name)), name);
        // Adopted = desired, scanned on the platform, and not owned before: nothing else is ever adopted.
        const stopped = new Set(input.actual.filter((entry) => !entry.scanning).map(entryId));
        const scanned = entryKeys(input.actual.filter((entry) => entry.scanning && !stopped.has(entryId(entry))));
        for (const name of plan.adoptedAfter) {
          assert.ok(scanned.has(key(name)) && !keys(ownedBefore(input)).has(key(name)), name);
        }
        const after = entryKeys(applyPlan(input.actual, plan));
        for (const name of ownedBefore(input)) {
          // A name owned before (and not recorded as adopted) stays owned while it may still exist on the platform.
          if (after.has(key(name)) || !input.actualComplete) assert.ok(owned.has(key(name)), name);
        }
        assert.equal(plan.owned.length, owned.size, "one spelling per repository");
      }),
      RUNS,
    );
  });
});

describe("planReconcile examples", () => {
  const base: ReconcileInput = {
    desired: [],
    desiredComplete: true,
    actual: [],
    actualComplete: true,
    owned: [],
    mode: "authoritative",
    maxDeletions: 10,
  };

  it("imports, keeps, adopts, resumes and removes, sorted case-insensitively", () => {
    const plan = planReconcile({
      ...base,
      desired: ["acme/web", "Acme/API", "acme/new", "acme/paused"],
      actual: [
        { fullName: "acme/old", platformId: "t-old", scanning: true },
        { fullName: "acme/api", platformId: "t-api", scanning: true },
        { fullName: "acme/paused", platformId: "t-paused", scanning: false },
        { fullName: "ACME/WEB", platformId: "t-web", scanning: true },
      ],
      owned: ["acme/api", "acme/old"],
    });
    assert.deepEqual(plan.desired, ["Acme/API", "acme/new", "acme/paused", "acme/web"]);
    assert.deepEqual(plan.imports, ["acme/new"]);
    assert.deepEqual(
      plan.keeps.map((e) => e.platformId),
      ["t-api", "t-paused", "t-web"],
    );
    // acme/web is scanned and was not imported by this resource: adopted, never owned. acme/paused is
    // held but scanned by nobody: resuming its scans is this resource's import.
    assert.deepEqual(plan.adopted, ["acme/web"]);
    assert.deepEqual(plan.adoptedAfter, ["acme/web"]);
    assert.deepEqual(plan.resume, [{ fullName: "acme/paused", platformId: "t-paused", scanning: false }]);
    assert.deepEqual(plan.removals, [{ fullName: "acme/old", platformId: "t-old", scanning: true }]);
    assert.deepEqual(plan.owned, ["Acme/API", "acme/new", "acme/paused"]);
    assert.deepEqual(plan.withheld, []);
    assert.deepEqual(plan.warnings, []);
    assert.equal(plan.refusal, undefined);
  });

  it("additive mode leaves unowned imports alone and removes owned ones no longer desired", () => {
    const plan = planReconcile({
      ...base,
      mode: "additive",
      desired: ["acme/api"],
      actual: [
        { fullName: "acme/api", platformId: "1", scanning: true },
        { fullName: "acme/mine", platformId: "2", scanning: true },
        { fullName: "acme/theirs", platformId: "3", scanning: true },
      ],
      owned: ["ACME/MINE", "acme/api"],
    });
    assert.deepEqual(plan.removals, [{ fullName: "acme/mine", platformId: "2", scanning: true }]);
    assert.deepEqual(plan.untouched, [{ fullName: "acme/theirs", platformId: "3", scanning: true }]);
    assert.deepEqual(plan.owned, ["acme/api"]);
  });

  it("a name an old state lists as both owned and adopted is adopted: additive mode and destroy never remove it", () => {
    const actual = [
      { fullName: "acme/api", platformId: "1", scanning: true },
      { fullName: "acme/legacy", platformId: "2", scanning: true },
    ];
    const stale = { owned: ["acme/api", "acme/legacy"], adopted: ["acme/legacy"] };
    const leaving = planReconcile({ ...base, ...stale, mode: "additive", desired: ["acme/api"], actual });
    assert.deepEqual(leaving.removals, [], "acme/legacy existed before this resource");
    assert.deepEqual(leaving.owned, ["acme/api"], "and is dropped from owned");
    const destroying = planReconcile({ ...base, ...stale, mode: "additive", desired: [], actual });
    assert.deepEqual(
      destroying.removals.map((r) => r.fullName),
      ["acme/api"],
    );
    const kept = planReconcile({ ...base, ...stale, mode: "additive", desired: ["acme/api", "acme/legacy"], actual });
    assert.deepEqual(kept.adoptedAfter, ["acme/legacy"]);
    assert.deepEqual(kept.owned, ["acme/api"]);
  });

  it("refuses removals over maxDeletions with a message naming count, limit and override", () => {
    const actual = ["a", "b", "c", "d", "e", "f", "g"].map((n, i) => ({
      fullName: `acme/${n}`,
      platformId: `t${i}`,
      scanning: true,
    }));
    const plan = planReconcile({ ...base, actual, owned: ["acme/a"], maxDeletions: 3 });
    assert.deepEqual(plan.removals, []);
    assert.ok(plan.refusal);
    assert.equal(plan.refusal.count, 7);
    assert.equal(plan.refusal.limit, 3);
    assert.equal(
      plan.refusal.reason,
      "the plan would delete 7 imports (acme/a, acme/b, acme/c, acme/d, acme/e and 2 more), more than maxDeletions (3) allows; nothing is deleted",
    );
    assert.equal(
      plan.refusal.fix,
      "if these deletions are intended, set allowDeletions to 7 (or maxDeletions to at least 7) and apply again; " +
        'otherwise add the repositories back to repositories / selector, or use mode "additive" to delete only what this resource imported',
    );
    // The owned one whose removal was refused stays owned, so a later run can still remove it.
    assert.deepEqual(plan.owned, ["acme/a"]);
  });

  it("allowDeletions lifts the limit to the accepted count, and no further", () => {
    const actual = [1, 2, 3, 4].map((n) => ({ fullName: `acme/r${n}`, platformId: `t${n}`, scanning: true }));
    assert.equal(planReconcile({ ...base, actual, maxDeletions: 1, allowDeletions: 4 }).removals.length, 4);
    const refused = planReconcile({ ...base, actual, maxDeletions: 1, allowDeletions: 3 });
    assert.equal(refused.removals.length, 0);
    assert.match(refused.refusal?.reason ?? "", /more than maxDeletions \(1\) and allowDeletions \(3\) allow;/);
    assert.equal(planReconcile({ ...base, actual, maxDeletions: 4 }).removals.length, 4);
    assert.equal(planReconcile({ ...base, actual, maxDeletions: Number.NaN }).refusal?.limit, 0);
    assert.equal(planReconcile({ ...base, actual, maxDeletions: -5 }).refusal?.limit, 0);
  });

  it("withholds removals on an incomplete listing and says why", () => {
    const actual = [{ fullName: "acme/old", platformId: "t1", scanning: true }];
    const scm = planReconcile({ ...base, actual, desiredComplete: false, maxDeletions: 0 });
    assert.deepEqual(scm.removals, []);
    assert.equal(scm.refusal, undefined);
    assert.deepEqual(scm.withheld, [
      {
        fullName: "acme/old",
        platformId: "t1",
        scanning: true,
        reason: "not removed: the SCM repository listing is incomplete, so the repository may still be desired",
      },
    ]);
    const platform = planReconcile({
      ...base,
      actual,
      desired: ["acme/new"],
      actualComplete: false,
      owned: ["acme/gone"],
    });
    assert.equal(
      platform.withheld[0]?.reason,
      "not removed: the platform's import listing is incomplete, so the removals cannot be counted against maxDeletions",
    );
    assert.deepEqual(platform.warnings, [
      "the platform's import listing is incomplete: some of the 1 planned import(s) may already exist and must be adopted, not imported twice",
      "1 removal(s) withheld until both listings are complete",
    ]);
    // Not listed, but the listing was incomplete: still owned.
    assert.deepEqual(platform.owned, ["acme/gone", "acme/new"]);
  });

  it("merges repeated platform entries so one object is deleted once", () => {
    const entry = { fullName: "acme/old", platformId: "t1", scanning: true };
    const plan = planReconcile({ ...base, actual: [entry, { ...entry, fullName: "ACME/old" }, entry] });
    assert.equal(plan.removals.length, 1);
  });

  it("applyPlan adds imports with simulated ids and resumes stopped scans", () => {
    const actual = [{ fullName: "acme/paused", platformId: "p", scanning: false }];
    const plan = planReconcile({ ...base, desired: ["acme/paused", "acme/new"], actual });
    assert.deepEqual(applyPlan(actual, plan), [
      { fullName: "acme/new", platformId: simulatedPlatformId("acme/new"), scanning: true },
      { fullName: "acme/paused", platformId: "p", scanning: true },
    ]);
    assert.deepEqual(actual[0], { fullName: "acme/paused", platformId: "p", scanning: false }, "input not mutated");
  });
});
