// The native provider takes a RepositoryImport's ownership marker from its URN: the same
// `<project>/<stack>/<resource>` the TypeScript SDK builds, so both modes recognise the same imports.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { nameOfUrn, ownerOfUrn } from "../../../provider/src/native/kinds";

describe("ownerOfUrn", () => {
  it("is <project>/<stack>/<name> for a top-level and for a parented resource", () => {
    assert.equal(
      ownerOfUrn("urn:pulumi:dev::scm-demo::scm-integrations:index:RepositoryImport::imports"),
      "scm-demo/dev/imports",
    );
    const parented = "urn:pulumi:prod::platform::my:component:Thing$scm-integrations:index:RepositoryImport::web";
    assert.equal(ownerOfUrn(parented), "platform/prod/web");
    assert.equal(nameOfUrn(parented), "web");
  });
});
