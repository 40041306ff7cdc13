// What a reconcile owns after an apply in which any of the planned writes may fail: owned before −
// exactly the confirmed removals + exactly the confirmed imports. A failed removal is never
// forgotten (it stays owned and the next plan makes it again); additive mode never removes an
// import it did not create, whatever happened before. Pure: planner and simulated platform.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { applyPlan } from "../../support/plan-simulation";
import {
  fullOutcome,
  ownedAfterApply,
  planReconcile,
  type ActualImport,
  type ApplyOutcome,
  type Plan,
  type ReconcileInput,
} from "../../../provider/src/plan/reconcile";
import {
  actualEntry,
  anyInput,
  completeInput,
  entryId,
  entryKeys,
  failureMask,
  key,
  keys,
  ownedBefore,
  spelledName,
  survivors,
} from "./reconcile-arbitraries";

const RUNS = { numRuns: 2000 };

/** The writes the platform confirmed when the ones picked by the masks failed. */
function outcomeOf(plan: Plan, failedRemovals: readonly boolean[], failedImports: readonly boolean[]): ApplyOutcome {
  // Resuming a stopped scan goes through the same call as an import, and may fail the same way.
  const imports = [...plan.imports, ...plan.resume.map((entry) => entry.fullName)];
  return { removed: survivors(plan.removals, failedRemovals), imported: survivors(imports, failedImports) };
}

/** The invariant, stated without the planner's bookkeeping. */
function expectedOwnedKeys(input: ReconcileInput, plan: Plan, outcome: ApplyOutcome): Set<string> {
  const desired = keys(input.desired);
  const confirmedRemovals = new Set(outcome.removed.map(entryId));
  const entriesOf = (k: string) => new Set(input.actual.filter((e) => key(e.fullName) === k).map(entryId));
  const expected = new Set<string>();
  // Candidates: owned before, and confirmed imports of desired names not owned before that nobody
  // scanned (missing, or held with scans stopped). A desired name someone else scans is adopted, not owned.
  // One platform object listed twice scans only if every copy says so.
  const stopped = new Set(input.actual.filter((e) => !e.scanning).map(entryId));
  const scanned = entryKeys(input.actual.filter((e) => e.scanning && !stopped.has(entryId(e))));
  const ownedBeforeKeys = keys(ownedBefore(input));
  const imported = [...keys(outcome.imported)].filter(
    (k) => desired.has(k) && !ownedBeforeKeys.has(k) && !scanned.has(k),
  );
  const candidates = [...ownedBeforeKeys, ...imported];
  for (const k of candidates) {
    if (!desired.has(k)) {
      const entries = entriesOf(k);
      // Shown gone by a complete listing: nothing left to own.
      if (entries.size === 0 && input.actualComplete) continue;
      // Every platform object of the name confirmed removed.
      if (entries.size > 0 && [...entries].every((id) => confirmedRemovals.has(id))) continue;
    }
    expected.add(k);
  }
  return expected;
}

const failures = fc.tuple(failureMask, failureMask);

describe("ownedAfterApply properties", () => {
  it("owned after = owned before − exactly the confirmed removals + exactly the confirmed imports", () => {
    fc.assert(
      fc.property(anyInput, failures, (input, [failedRemovals, failedImports]) => {
        const plan = planReconcile(input);
        const outcome = outcomeOf(plan, failedRemovals, failedImports);
        const owned = ownedAfterApply(plan, outcome);
        assert.deepEqual(keys(owned), expectedOwnedKeys(input, plan, outcome));
        assert.equal(owned.length, keys(owned).size, "one spelling per repository");
        // Every removal that was not confirmed of a name owned before is still owned.
        const confirmed = new Set(outcome.removed.map(entryId));
        for (const removal of plan.removals) {
          if (!confirmed.has(entryId(removal)) && keys(ownedBefore(input)).has(key(removal.fullName))) {
            assert.ok(keys(owned).has(key(removal.fullName)), `${removal.fullName} was forgotten`);
          }
        }
        // An import that was not confirmed is owned only if it was owned before.
        const imported = keys(outcome.imported);
        for (const name of [...plan.imports, ...plan.resume.map((entry) => entry.fullName)]) {
          if (!imported.has(key(name)))
            assert.equal(keys(owned).has(key(name)), keys(ownedBefore(input)).has(key(name)), name);
        }
      }),
      RUNS,
    );
  });

  it("with every write confirmed it is the plan's own `owned`; outcome entries outside the plan change nothing", () => {
    fc.assert(
      fc.property(
        anyInput,
        fc.array(actualEntry, { maxLength: 4 }),
        fc.array(spelledName, { maxLength: 4 }),
        (input, strayRemovals, strayImports) => {
          const plan = planReconcile(input);
          assert.deepEqual(ownedAfterApply(plan, fullOutcome(plan)), plan.owned);
          const planned = new Set(plan.removals.map(entryId));
          const plannedImports = keys([...plan.imports, ...plan.resume.map((entry) => entry.fullName)]);
          const outcome: ApplyOutcome = {
            removed: strayRemovals.filter((e) => !planned.has(entryId(e))),
            imported: strayImports.filter((n) => !plannedImports.has(key(n))),
          };
          assert.deepEqual(ownedAfterApply(plan, outcome), ownedAfterApply(plan, { removed: [], imported: [] }));
        },
      ),
      RUNS,
    );
  });

  it("the next plan makes exactly the writes that failed: failed removals again, failed imports again", () => {
    fc.assert(
      fc.property(completeInput, failures, (input, [failedRemovals, failedImports]) => {
        const first = planReconcile({ ...input, maxDeletions: 1000 });
        const outcome = outcomeOf(first, failedRemovals, failedImports);
        const after = applyPlan(input.actual, first, outcome);
        const second = planReconcile({
          ...input,
          maxDeletions: 1000,
          actual: after,
          owned: ownedAfterApply(first, outcome),
        });
        const confirmed = new Set(outcome.removed.map(entryId));
        assert.deepEqual(
          second.removals.map(entryId),
          first.removals.filter((r) => !confirmed.has(entryId(r))).map(entryId),
        );
        const imported = keys(outcome.imported);
        assert.deepEqual(
          second.imports,
          first.imports.filter((n) => !imported.has(key(n))),
        );
        assert.equal(second.refusal, undefined);
        // And once those succeed, nothing is left to do.
        const third = planReconcile({
          ...input,
          maxDeletions: 1000,
          actual: applyPlan(after, second),
          owned: second.owned,
        });
        assert.deepEqual([third.imports, third.removals], [[], []]);
      }),
      RUNS,
    );
  });

  it("within the same limits the next plan is not refused for the failed removals it makes again", () => {
    fc.assert(
      fc.property(completeInput, failureMask, (input, failedRemovals) => {
        const first = planReconcile(input);
        fc.pre(first.refusal === undefined);
        const outcome = outcomeOf(first, failedRemovals, []);
        const second = planReconcile({
          ...input,
          actual: applyPlan(input.actual, first, outcome),
          owned: ownedAfterApply(first, outcome),
        });
        assert.equal(second.refusal, undefined);
        assert.equal(second.removals.length, first.removals.length - outcome.removed.length);
      }),
      RUNS,
    );
  });

  it("additive mode never removes an import it did not create, whatever the history", () => {
    const step = fc.record({
      desired: fc.array(spelledName, { maxLength: 6 }),
      // Imports made by someone else before this step (ids no plan makes).
      theirs: fc.array(
        fc.record({
          fullName: spelledName,
          platformId: fc.constantFrom("x1", "x2", "x3", "x4"),
          scanning: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      desiredComplete: fc.boolean(),
      actualComplete: fc.boolean(),
      // Entries an incomplete platform listing does not show.
      hidden: failureMask,
      maxDeletions: fc.integer({ min: 0, max: 12 }),
      failedRemovals: failureMask,
      failedImports: failureMask,
    });
    fc.assert(
      fc.property(
        fc.array(actualEntry, { maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        (initial, steps) => {
          let platform: ActualImport[] = [...initial];
          let owned: string[] = [];
          let adopted: string[] = [];
          // Names this resource imported at some step: the only ones it may ever remove.
          const claimed = new Set<string>();
          for (const s of steps) {
            platform = [...platform, ...s.theirs];
            const listed = s.actualComplete ? platform : survivors(platform, s.hidden);
            const plan = planReconcile({
              desired: s.desired,
              desiredComplete: s.desiredComplete,
              actual: listed,
              actualComplete: s.actualComplete,
              owned,
              adopted,
              mode: "additive",
              maxDeletions: s.maxDeletions,
            });
            const ownedKeys = keys(owned);
            for (const removal of [...plan.removals, ...(plan.refusal?.refused ?? [])]) {
              assert.ok(ownedKeys.has(key(removal.fullName)), `${removal.fullName} is removed but not owned`);
              assert.ok(claimed.has(key(removal.fullName)), `${removal.fullName} was never imported`);
            }
            const outcome = outcomeOf(plan, s.failedRemovals, s.failedImports);
            for (const name of outcome.imported) claimed.add(key(name));
            // Owned names are claimed names: nothing becomes owned without being imported.
            for (const name of ownedKeys) assert.ok(claimed.has(name), name);
            platform = applyPlan(platform, plan, outcome);
            owned = ownedAfterApply(plan, outcome);
            adopted = plan.adoptedAfter;
          }
        },
      ),
      RUNS,
    );
  });
});

describe("ownedAfterApply examples", () => {
  const targets = ["a", "b", "c", "d"].map((n) => ({ fullName: `acme/${n}`, platformId: `t-${n}`, scanning: true }));

  it("the issue's run: three removals, the DELETE of acme/c fails; acme/c stays owned and is removed next time", () => {
    for (const mode of ["additive", "authoritative"] as const) {
      const input: ReconcileInput = {
        desired: ["acme/a"],
        desiredComplete: true,
        actual: targets,
        actualComplete: true,
        owned: ["acme/a", "acme/b", "acme/c", "acme/d"],
        mode,
        maxDeletions: 10,
      };
      const plan = planReconcile(input);
      assert.deepEqual(
        plan.removals.map((r) => r.fullName),
        ["acme/b", "acme/c", "acme/d"],
      );
      assert.deepEqual(plan.owned, ["acme/a"], "what the plan would own if every write succeeded");
      const outcome: ApplyOutcome = { removed: plan.removals.filter((r) => r.fullName !== "acme/c"), imported: [] };
      const owned = ownedAfterApply(plan, outcome);
      assert.deepEqual(owned, ["acme/a", "acme/c"]);
      const next = planReconcile({ ...input, actual: applyPlan(targets, plan, outcome), owned });
      assert.deepEqual(next.removals, [{ fullName: "acme/c", platformId: "t-c", scanning: true }]);
      assert.deepEqual(next.owned, ["acme/a"]);
    }
  });

  it("a failed import of a repository not owned before is not owned; a re-import of an owned one stays owned", () => {
    const plan = planReconcile({
      desired: ["acme/a", "acme/new", "acme/lost"],
      desiredComplete: true,
      actual: [targets[0]!],
      actualComplete: true,
      owned: ["acme/a", "acme/lost"],
      mode: "additive",
      maxDeletions: 10,
    });
    assert.deepEqual(plan.imports, ["acme/lost", "acme/new"]);
    assert.deepEqual(plan.ownership, { kept: ["acme/a", "acme/lost"], onImport: ["acme/new"], onRemoval: [] });
    assert.deepEqual(ownedAfterApply(plan, { removed: [], imported: [] }), ["acme/a", "acme/lost"]);
    assert.deepEqual(ownedAfterApply(plan, { removed: [], imported: ["ACME/NEW"] }), [
      "acme/a",
      "acme/lost",
      "acme/new",
    ]);
  });

  it("applyPlan with an outcome carries out only the confirmed writes", () => {
    const plan = planReconcile({
      desired: ["acme/a", "acme/new"],
      desiredComplete: true,
      actual: targets,
      actualComplete: true,
      owned: [],
      mode: "authoritative",
      maxDeletions: 10,
    });
    const after = applyPlan(targets, plan, { removed: [targets[1]!], imported: [] });
    assert.deepEqual(
      after.map((e) => e.fullName),
      ["acme/a", "acme/c", "acme/d"],
    );
  });
});
