import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compareNames, nameKey, uniqueSortedNames } from "../../../provider/src/plan/names";

// Names as the SCMs spell them, with case variants and letters beyond ASCII (whose case also folds).
const spelling = fc
  .array(fc.constantFrom("a", "B", "z", "Z", "é", "É", "ß", "İ", "1", "-", "/", "."), { minLength: 1, maxLength: 6 })
  .map((chars) => chars.join(""));

describe("repository names", () => {
  it("keys a name as toLowerCase does, whatever it holds", () => {
    fc.assert(
      fc.property(fc.oneof(spelling, fc.string(), fc.string({ unit: "grapheme" })), (name) => {
        assert.equal(nameKey(name), name.toLowerCase());
      }),
    );
    assert.equal(nameKey("Acme/Ärger"), "acme/ärger");
  });

  it("gives one spelling per repository in compareNames order, from any order and any duplicates", () => {
    fc.assert(
      fc.property(fc.array(spelling, { maxLength: 30 }), (names) => {
        const expected = new Map<string, string>();
        for (const name of names) {
          const seen = expected.get(nameKey(name));
          if (seen === undefined || compareNames(name, seen) < 0) expected.set(nameKey(name), name);
        }
        const want = [...expected.values()].sort(compareNames);
        assert.deepEqual(uniqueSortedNames(names), want);
        assert.deepEqual(uniqueSortedNames(new Set(names)), want, "from any iterable");
        // Already unique and sorted (the common case, answered by one pass): the same list, copied.
        const again = uniqueSortedNames(want);
        assert.deepEqual(again, want);
        assert.notEqual(again, want);
      }),
    );
  });
});
