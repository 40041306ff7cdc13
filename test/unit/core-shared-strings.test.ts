// sharedString gives back one copy of equal strings made apart (two listings' names), so the second
// costs no memory of its own once the garbage collector has run. Collections are forced, so the
// figures do not depend on when V8 would have run them.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sharedString } from "../../provider/src/core/shared-strings";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapAfterCollections(): number {
  for (let i = 0; i < 3; i++) collectGarbage();
  return process.memoryUsage().heapUsed;
}

const COUNT = 50_000;
/** Names as a parser makes them: a new string each, equal to the other listing's. */
const parsedNames = (): string[] =>
  JSON.parse(JSON.stringify(Array.from({ length: COUNT }, (_, i) => `acme/repository-${i}`))) as string[];

describe("sharedString", () => {
  it("returns a string equal to the one given, whatever it is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (value) => {
        assert.equal(sharedString(value), value);
      }),
    );
    for (const value of ["", "0", "123", "4294967295", "-0", "__proto__", "constructor", "toString"]) {
      assert.equal(sharedString(value), value);
    }
  });

  it("keeps one copy of names two listings made apart", () => {
    const first = parsedNames().map(sharedString);
    const before = heapAfterCollections();
    const second = parsedNames().map(sharedString);
    const grown = heapAfterCollections() - before;
    // Each name is ~40 bytes of heap. Measured here: 0.8 MB with one copy (the array and what the
    // look-ups left), 2.3 MB with a copy of each.
    assert.ok(grown < 1.3 * 1024 * 1024, `the second listing added ${(grown / 1024 / 1024).toFixed(2)} MB`);
    assert.equal(second.length, first.length);
  });
});
