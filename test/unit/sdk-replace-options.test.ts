// The SDK asks the engine to delete before replacing each resource (a user-forced `pulumi up --replace`
// never calls the provider's diff, so only the resource option decides), unless the program says otherwise.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { deletedBeforeReplaced } from "../../sdk/resource-props";

describe("deletedBeforeReplaced", () => {
  it("sets deleteBeforeReplace and keeps the program's other options", () => {
    assert.deepEqual(deletedBeforeReplaced(undefined), { deleteBeforeReplace: true });
    assert.deepEqual(deletedBeforeReplaced({ protect: true }), { deleteBeforeReplace: true, protect: true });
  });

  it("leaves an explicit choice of the program as it is", () => {
    assert.deepEqual(deletedBeforeReplaced({ deleteBeforeReplace: false }), { deleteBeforeReplace: false });
  });
});
