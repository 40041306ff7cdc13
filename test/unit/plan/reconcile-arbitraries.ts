// fast-check inputs for the reconcile planner's property tests (reconcile.test.ts, reconcile-apply.test.ts).
import fc from "fast-check";
import type { ActualImport, ReconcileInput } from "../../../provider/src/plan/reconcile";

export const key = (name: string) => name.toLowerCase();
export const keys = (names: readonly string[]) => new Set(names.map(key));
/** What the state says this resource owned before: `owned`, less what it records as adopted (adopted wins). */
export const ownedBefore = (input: { owned: readonly string[]; adopted?: readonly string[] }): string[] => {
  const adopted = keys(input.adopted ?? []);
  return input.owned.filter((name) => !adopted.has(key(name)));
};
export const entryKeys = (entries: readonly ActualImport[]) => new Set(entries.map((e) => key(e.fullName)));
/** One platform object: its name (any casing) and its id. */
export const entryId = (entry: ActualImport) => `${key(entry.fullName)}|${entry.platformId}`;

// A small pool of repositories so that desired, actual and owned overlap often; each name may be
// spelled with any casing, which is exactly where a case-sensitive comparison would go wrong.
const BASE_NAMES = ["acme/api", "acme/web", "acme/docs", "acme/sub/lib", "Acme/Tools", "other/x", "other/y", "z/z"];
export const spelledName = fc
  .tuple(fc.constantFrom(...BASE_NAMES), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }))
  .map(([name, upper]) => [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(""));

export const actualEntry = fc.record({
  fullName: spelledName,
  platformId: fc.constantFrom("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"),
  scanning: fc.boolean(),
});

export const completeInput = fc.record({
  desired: fc.array(spelledName, { maxLength: 8 }),
  desiredComplete: fc.constant(true),
  actual: fc.array(actualEntry, { maxLength: 10 }),
  actualComplete: fc.constant(true),
  owned: fc.array(spelledName, { maxLength: 8 }),
  mode: fc.constantFrom("authoritative" as const, "additive" as const),
  maxDeletions: fc.integer({ min: 0, max: 12 }),
});

export const anyInput: fc.Arbitrary<ReconcileInput> = fc
  .record({
    desired: fc.array(spelledName, { maxLength: 8 }),
    desiredComplete: fc.boolean(),
    actual: fc.array(actualEntry, { maxLength: 10 }),
    actualComplete: fc.boolean(),
    owned: fc.array(spelledName, { maxLength: 8 }),
    adopted: fc.array(spelledName, { maxLength: 4 }),
    mode: fc.constantFrom("authoritative" as const, "additive" as const),
    maxDeletions: fc.integer({ min: 0, max: 12 }),
    allowDeletions: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  })
  .map((input) => {
    if (input.allowDeletions === undefined) delete input.allowDeletions;
    return input;
  });

/** Which planned writes fail: write i of a plan fails when `failed[i % failed.length]` (none when empty). */
export const failureMask = fc.array(fc.boolean(), { maxLength: 12 });

export function survivors<T>(items: readonly T[], failed: readonly boolean[]): T[] {
  return items.filter((_item, i) => failed.length === 0 || !failed[i % failed.length]);
}
