import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { detailedDiff } from "../../../provider/src/native/detailed-diff";
import { UNKNOWN_VALUE } from "../../../provider/src/resources/schema-support";

const keys = ["connection", "repositories", "resolvedRepositories", "maxDeletions"];
const replaceOnChanges = ["connection.organization", "connection.platform"];

describe("detailedDiff", () => {
  it("marks one entry per repository added to or removed from a map, and nothing else", () => {
    const olds = { resolvedRepositories: { "acme/api": "selector", "acme/web": "selector" }, maxDeletions: 10 };
    const news = { resolvedRepositories: { "acme/api": "selector", "acme/ledger": "selector" }, maxDeletions: 10 };
    assert.deepEqual(
      detailedDiff(olds, news, keys, [], replaceOnChanges).map((c) => [c.path, c.kind]),
      [
        ['resolvedRepositories["acme/ledger"]', "add"],
        ['resolvedRepositories["acme/web"]', "delete"],
      ],
    );
  });

  it("treats a list of names as a set: an insertion is one add, not a shift of every later entry", () => {
    const changes = detailedDiff(
      { repositories: ["acme/a", "acme/c", "acme/d"] },
      { repositories: ["acme/a", "acme/b", "acme/c"] },
      keys,
      [],
      replaceOnChanges,
    );
    assert.deepEqual(
      changes.map((c) => [c.path, c.kind]),
      [
        ["repositories[2]", "delete"],
        ["repositories[1]", "add"],
      ],
    );
  });

  it("marks as replacing only the schema's replace-on-change paths of a replaced key", () => {
    const olds = { connection: { organization: "acme", token: "t1", platform: "snyk" } };
    const news = { connection: { organization: "beta", token: "t2", platform: "snyk" } };
    assert.deepEqual(
      detailedDiff(olds, news, keys, ["connection"], replaceOnChanges).map((c) => [c.path, c.replace]),
      [
        ["connection.organization", true],
        ["connection.token", false],
      ],
    );
  });

  it("marks a value unknown during a preview as a possible update", () => {
    const changes = detailedDiff({ maxDeletions: 10 }, { maxDeletions: UNKNOWN_VALUE }, keys, [], []);
    assert.deepEqual(changes, [{ path: "maxDeletions", key: "maxDeletions", kind: "update", replace: false }]);
  });

  it("finds no change between equal inputs, whatever their key order", () => {
    const record = fc.dictionary(fc.string({ minLength: 1 }), fc.constantFrom("selector", "repositories"));
    fc.assert(
      fc.property(record, (map) => {
        const reversed = Object.fromEntries(Object.entries(map).reverse());
        return (
          detailedDiff({ resolvedRepositories: map }, { resolvedRepositories: reversed }, keys, [], []).length === 0
        );
      }),
    );
  });
});
