import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { resolveDesired } from "../../../provider/src/plan/desired";
import { compareNames, uniqueSortedNames } from "../../../provider/src/plan/names";

const repos = (...names: string[]) => names.map((fullName) => ({ fullName }));

describe("resolveDesired", () => {
  it("merges explicit and selected names in the SCM's spelling, unique and sorted", () => {
    const known = new Map([
      ["ACME/Api", { fullName: "acme/api" }],
      ["acme/zeta", { fullName: "Acme/Zeta" }],
    ]);
    const result = resolveDesired({
      explicit: ["ACME/Api", "acme/WEB", "acme/zeta"],
      selected: repos("acme/web", "acme/b", "Acme/a"),
      known,
    });
    assert.deepEqual(result.desired, ["Acme/a", "acme/api", "acme/b", "acme/web", "Acme/Zeta"]);
    assert.deepEqual(result.missing, []);
  });

  it("reports explicit names that do not exist with their index and field", () => {
    const result = resolveDesired({
      explicit: ["acme/api", "acme/gone", "acme/also-gone"],
      selected: [],
      known: (name) => (name.toLowerCase() === "acme/api" ? { fullName: "acme/api" } : null),
    });
    assert.deepEqual(result.desired, ["acme/api"]);
    assert.deepEqual(result.missing, [
      { index: 1, fullName: "acme/gone", field: "repositories[1]" },
      { index: 2, fullName: "acme/also-gone", field: "repositories[2]" },
    ]);
  });

  it("treats a null entry in the known map as missing and looks names up case-insensitively", () => {
    const known = new Map<string, { fullName: string } | null>([
      ["acme/gone", null],
      ["Acme/Found", { fullName: "acme/found" }],
    ]);
    const result = resolveDesired({ explicit: ["ACME/GONE", "acme/FOUND"], selected: [], known });
    assert.deepEqual(result.desired, ["acme/found"]);
    assert.deepEqual(result.missing, [{ index: 0, fullName: "ACME/GONE", field: "repositories[0]" }]);
  });

  it("does not depend on input order", () => {
    const name = fc.constantFrom("a/x", "A/X", "a/y", "b/z", "B/z", "c/q");
    fc.assert(
      fc.property(fc.array(name, { maxLength: 6 }), fc.array(name, { maxLength: 6 }), (explicit, selected) => {
        const known = new Map(["a/x", "a/y", "b/z", "c/q"].map((n) => [n, { fullName: n }]));
        const forward = resolveDesired({ explicit, selected: repos(...selected), known });
        const backward = resolveDesired({
          explicit: [...explicit].reverse(),
          selected: repos(...selected).reverse(),
          known,
        });
        assert.deepEqual(backward.desired, forward.desired);
        assert.equal(new Set(forward.desired.map((n) => n.toLowerCase())).size, forward.desired.length);
        assert.deepEqual([...forward.desired].sort(compareNames), forward.desired);
        assert.deepEqual(forward.missing, []);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("names", () => {
  it("sorts case-insensitively, then by exact spelling, by code unit", () => {
    assert.deepEqual(["b/a", "A/b", "a/B", "a/a", "_/x", "Z/z"].sort(compareNames), [
      "_/x",
      "a/a",
      "A/b",
      "a/B",
      "b/a",
      "Z/z",
    ]);
    assert.deepEqual(["b/a", "a/B", "A/b", "a/a"].sort(compareNames), ["a/a", "A/b", "a/B", "b/a"]);
  });

  it("keeps the first spelling in sort order whatever the input order", () => {
    assert.deepEqual(uniqueSortedNames(["a/b", "A/B", "A/b"]), ["A/B"]);
    assert.deepEqual(uniqueSortedNames(["A/b", "a/b", "A/B"]), ["A/B"]);
  });
});
