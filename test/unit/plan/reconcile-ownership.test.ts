// Ownership across a resource's whole life: additive mode never removes an import this resource did
// not create, whatever the history of adoptions (with or without the opt-in), user-forced replaces
// (delete before create: the old one's destroy, then a new one with no holdings), destroys and
// imports others make in between. Pure: the planner, a simulated platform and the destroy rule of the
// resource (only `owned` names are removed).
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { applyPlan } from "../../support/plan-simulation";
import {
  ownedAfterApply,
  planReconcile,
  type ActualImport,
  type ApplyOutcome,
  type Plan,
} from "../../../provider/src/plan/reconcile";
import { actualEntry, failureMask, key, keys, spelledName, survivors } from "./reconcile-arbitraries";

const RUNS = { numRuns: 1500 };

const event = fc.oneof(
  fc.record({
    kind: fc.constant("up" as const),
    desired: fc.array(spelledName, { maxLength: 6 }),
    adoptExisting: fc.boolean(),
    maxDeletions: fc.integer({ min: 0, max: 12 }),
    failedRemovals: failureMask,
    failedImports: failureMask,
  }),
  // Someone else (by hand, another stack) imports repositories the platform does not hold yet.
  fc.record({ kind: fc.constant("theirs" as const), names: fc.array(spelledName, { maxLength: 3 }) }),
  // `pulumi up --replace` (delete before replace) or `pulumi destroy` then a new `up`: the old
  // resource's delete removes what it owns (some removals may fail: then it stays), the new one starts empty.
  fc.record({ kind: fc.constant("replace" as const), failedRemovals: failureMask }),
);

interface Holdings {
  owned: string[];
  adopted: string[];
}

/** The resource's delete: every platform object of an owned name; a failed one keeps the resource. */
function destroy(platform: ActualImport[], holdings: Holdings, failed: readonly boolean[]) {
  const ownedKeys = keys(holdings.owned);
  const mine = platform.filter((entry) => ownedKeys.has(key(entry.fullName)));
  const removed = survivors(mine, failed);
  const gone = new Set(removed);
  return { removed, platform: platform.filter((entry) => !gone.has(entry)), complete: removed.length === mine.length };
}

function outcomeOf(plan: Plan, failedRemovals: readonly boolean[], failedImports: readonly boolean[]): ApplyOutcome {
  const imports = [...plan.imports, ...plan.resume.map((entry) => entry.fullName)];
  return { removed: survivors(plan.removals, failedRemovals), imported: survivors(imports, failedImports) };
}

describe("ownership over a resource's history", () => {
  it("additive mode never removes an import it did not create, through adoptions, replaces and destroys", () => {
    fc.assert(
      fc.property(
        fc.array(actualEntry, { maxLength: 6 }),
        fc.array(event, { minLength: 1, maxLength: 10 }),
        (initial, events) => {
          // Platform ids: everything present at the start or made by others is not this resource's.
          let platform: ActualImport[] = initial.map((entry) => ({ ...entry, platformId: `pre-${entry.platformId}` }));
          let holdings: Holdings = { owned: [], adopted: [] };
          let theirs = 0;
          // Imports (platform objects scanning because of it) this resource, in any incarnation, made:
          // the only ones it may remove.
          const created = new Set<string>();
          const mayRemove = (entry: ActualImport, why: string) =>
            assert.ok(
              created.has(entry.platformId),
              `${why} removes ${entry.fullName} (${entry.platformId}), not made here`,
            );
          for (const e of events) {
            if (e.kind === "theirs") {
              const held = new Set(platform.map((entry) => key(entry.fullName)));
              for (const name of e.names) {
                if (held.has(key(name))) continue;
                held.add(key(name));
                platform.push({ fullName: name, platformId: `theirs-${theirs++}`, scanning: true });
              }
              continue;
            }
            if (e.kind === "replace") {
              const result = destroy(platform, holdings, e.failedRemovals);
              for (const entry of result.removed) mayRemove(entry, "destroy");
              platform = result.platform;
              // A delete that failed part way leaves the old resource in state with what it still owns.
              holdings = result.complete
                ? { owned: [], adopted: [] }
                : {
                    ...holdings,
                    owned: holdings.owned.filter((n) => platform.some((p) => key(p.fullName) === key(n))),
                  };
              continue;
            }
            const plan = planReconcile({
              desired: e.desired,
              desiredComplete: true,
              actual: platform,
              actualComplete: true,
              owned: holdings.owned,
              adopted: holdings.adopted,
              mode: "additive",
              maxDeletions: e.maxDeletions,
            });
            for (const entry of [...plan.removals, ...(plan.refusal?.refused ?? [])]) mayRemove(entry, "a plan");
            // Adopted names are never owned, and every adopted name is desired and held by the platform.
            for (const name of plan.adoptedAfter) assert.ok(!keys(plan.owned).has(key(name)), name);
            // The resource refuses (changing nothing) a plan over its limits or a takeover without the opt-in.
            if (plan.refusal || (plan.adopted.length > 0 && !e.adoptExisting)) continue;
            const outcome = outcomeOf(plan, e.failedRemovals, e.failedImports);
            const before = new Set(platform.map((entry) => entry.platformId));
            platform = applyPlan(platform, plan, outcome);
            for (const entry of platform) if (!before.has(entry.platformId)) created.add(entry.platformId);
            // Turning on the scans of a repository nobody scanned is this resource's import (Semgrep: a
            // project a sync made, or one whose Managed Scans were off); removing it turns them off again.
            const resumed = keys(outcome.imported);
            for (const entry of plan.resume)
              if (resumed.has(key(entry.fullName)) && !plan.adoptedAfter.some((n) => key(n) === key(entry.fullName)))
                created.add(entry.platformId);
            holdings = { owned: ownedAfterApply(plan, outcome), adopted: plan.adoptedAfter };
          }
          // Whatever happened, a last destroy removes only what this resource created.
          for (const entry of destroy(platform, holdings, []).removed) mayRemove(entry, "the last destroy");
        },
      ),
      RUNS,
    );
  });

  it("with ownership markers: another resource's import is never removed in additive mode, this one's is reclaimed", () => {
    const marker = fc.option(fc.constantFrom("stack-a/scanned", "stack-b/scanned"), { nil: undefined });
    // One platform object carries one marker (whatever listing it shows up in).
    const ids = ["t1", "t2", "t3", "t4", "t5"] as const;
    const markers = fc.tuple(marker, marker, marker, marker, marker);
    fc.assert(
      fc.property(
        fc.array(actualEntry, { maxLength: 8 }),
        markers,
        fc.array(spelledName, { maxLength: 6 }),
        fc.array(spelledName, { maxLength: 6 }),
        fc.constantFrom("stack-a/scanned", "stack-b/scanned"),
        fc.integer({ min: 0, max: 12 }),
        (raw, byId, desired, owned, self, maxDeletions) => {
          const actual: ActualImport[] = raw.map((entry) => {
            const owner = byId[ids.indexOf(entry.platformId as (typeof ids)[number])];
            return owner === undefined ? entry : { ...entry, owner };
          });
          const plan = planReconcile({
            desired,
            desiredComplete: true,
            actual,
            actualComplete: true,
            owned,
            self,
            mode: "additive",
            maxDeletions,
          });
          for (const entry of [...plan.removals, ...(plan.refusal?.refused ?? [])]) {
            assert.ok(entry.owner === undefined || entry.owner === self, `${entry.fullName} is ${entry.owner}'s`);
          }
          // A desired import carrying this resource's marker is its own: never a takeover, always owned.
          const mine = actual
            .filter((entry) => entry.owner === self && entry.scanning)
            .map((entry) => key(entry.fullName));
          for (const name of plan.adopted) assert.ok(!mine.includes(key(name)), `${name} is this resource's own`);
          for (const name of desired) if (mine.includes(key(name))) assert.ok(keys(plan.owned).has(key(name)), name);
        },
      ),
      RUNS,
    );
  });

  it("a takeover is planned only for desired repositories someone else scans, and once per repository", () => {
    fc.assert(
      fc.property(
        fc.array(actualEntry, { maxLength: 8 }),
        fc.array(spelledName, { maxLength: 6 }),
        (actual, desired) => {
          const first = planReconcile({
            desired,
            desiredComplete: true,
            actual,
            actualComplete: true,
            owned: [],
            mode: "additive",
            maxDeletions: 10,
          });
          const scanned = new Set(actual.filter((entry) => entry.scanning).map((entry) => key(entry.fullName)));
          for (const name of first.adopted) assert.ok(scanned.has(key(name)) && keys(desired).has(key(name)), name);
          const again = planReconcile({
            desired,
            desiredComplete: true,
            actual: applyPlan(actual, first),
            actualComplete: true,
            owned: first.owned,
            adopted: first.adoptedAfter,
            mode: "additive",
            maxDeletions: 10,
          });
          assert.deepEqual(again.adopted, [], "adopting again needs no new opt-in");
        },
      ),
      RUNS,
    );
  });
});
