// The SDK asks the engine to delete before replacing each resource (a user-forced `pulumi up --replace`
// never calls the provider's diff, so only the resource option decides), unless the program says otherwise.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { deletedBeforeReplaced, importReplacementOptions } from "../../sdk/resource-props";

describe("deletedBeforeReplaced", () => {
  it("sets deleteBeforeReplace and keeps the program's other options", () => {
    assert.deepEqual(deletedBeforeReplaced(undefined), { deleteBeforeReplace: true });
    assert.deepEqual(deletedBeforeReplaced({ protect: true }), { deleteBeforeReplace: true, protect: true });
  });

  it("leaves an explicit choice of the program as it is", () => {
    assert.deepEqual(deletedBeforeReplaced({ deleteBeforeReplace: false }), { deleteBeforeReplace: false });
  });
});

describe("importReplacementOptions", () => {
  it("creates a Snyk RepositoryImport before deleting the one it replaces; elsewhere deletes first", () => {
    assert.deepEqual(importReplacementOptions("snyk", { protect: true }), {
      deleteBeforeReplace: false,
      protect: true,
    });
    assert.deepEqual(importReplacementOptions("semgrep", undefined), { deleteBeforeReplace: true });
    // A platform that is only an Output while the program runs is not known: delete first, as before.
    assert.deepEqual(importReplacementOptions({ apply: () => "snyk" }, undefined), { deleteBeforeReplace: true });
  });

  it("leaves an explicit choice of the program as it is", () => {
    assert.deepEqual(importReplacementOptions("snyk", { deleteBeforeReplace: true }), { deleteBeforeReplace: true });
  });
});
