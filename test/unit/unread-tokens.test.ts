import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { diff } from "../../provider/src/native/provider";
import { integrationHandler } from "../../provider/src/resources/integration";
import { orgConnectionHandler } from "../../provider/src/resources/org-connection";
import { integrationToken } from "../../provider/src/resources/schema.generated";
import { withHeldTokens, withoutUnheldTokens } from "../../provider/src/resources/unread-tokens";

const PATHS = ["token", "integration.token"];
const IMPORTED = { platform: "snyk", platformOrg: "org-1", level: "organization", scm: "github", adoptExisting: true };
const DECLARED = { ...IMPORTED, token: "ghp_CANARYunreadTokens00000000000000000001" };
const ROTATED = { ...IMPORTED, token: "ghp_CANARYunreadTokens00000000000000000002" };
const urn = (token: string) => `urn:pulumi:dev::p::${token}::github`;

describe("a token the old inputs never held is no change", () => {
  it("leaves out of the new inputs only the tokens the old ones lack, top level or nested", () => {
    const news = { token: "t", integration: { token: "t", scm: "github" }, organization: "acme" };
    assert.deepEqual(withoutUnheldTokens({ integration: { scm: "github" } }, news, PATHS), {
      integration: { scm: "github" },
      organization: "acme",
    });
    assert.equal(withoutUnheldTokens({ token: "old", integration: { token: "old" } }, news, PATHS), news);
    assert.deepEqual(news.integration, { token: "t", scm: "github" }, "the inputs given are not changed");
  });

  it("gives outputs without a token the one the inputs hold, and keeps a token the outputs have", () => {
    assert.deepEqual(withHeldTokens({ integration: { scm: "github" } }, { integration: { token: "t" } }, PATHS), {
      integration: { scm: "github", token: "t" },
    });
    assert.deepEqual(withHeldTokens({ token: "given" }, { token: "declared" }, PATHS), { token: "given" });
    assert.deepEqual(withHeldTokens({}, {}, PATHS), {});
  });

  it("the handlers' diffs (dynamic provider): no change for a token never held, a change for one replaced", async () => {
    assert.deepEqual(await integrationHandler.diff("int-1", IMPORTED, DECLARED), { changes: false });
    assert.deepEqual(await integrationHandler.diff("int-1", DECLARED, ROTATED), {});
    const connection = { organization: "acme", autoScan: false, adoptExisting: true };
    const reference = { platform: "snyk", platformOrg: "org-1", scm: "github", integrationId: "int-1" };
    const imported = { ...connection, integration: reference };
    const declared = { ...connection, integration: { ...reference, token: DECLARED.token } };
    assert.deepEqual(await orgConnectionHandler.diff("c", imported, declared), { changes: false });
    assert.deepEqual(
      await orgConnectionHandler.diff("c", declared, {
        ...declared,
        integration: { ...reference, token: ROTATED.token },
      }),
      {},
    );
  });

  it("the native diff: none after the import and after the same step, the token alone once it changes", async () => {
    const at = urn(integrationToken);
    const outputs = { ...IMPORTED, integrationId: "int-1" };
    // Right after `pulumi import`: neither inputs nor outputs hold a token.
    assert.equal((await diff(at, "int-1", outputs, IMPORTED, DECLARED)).changes, "none");
    // After the "same" step: the inputs hold the declared token, the outputs still none.
    assert.equal((await diff(at, "int-1", outputs, DECLARED, DECLARED)).changes, "none");
    const rotated = await diff(at, "int-1", outputs, DECLARED, ROTATED);
    assert.equal(rotated.changes, "some");
    assert.deepEqual(
      rotated.detailed.map((c) => [c.path, c.kind]),
      [["token", "update"]],
    );
    // Another change after an import marks that property, not the token never held.
    const moved = await diff(at, "int-1", outputs, IMPORTED, { ...DECLARED, adoptExisting: false });
    assert.deepEqual(
      moved.detailed.map((c) => c.path),
      ["adoptExisting"],
    );
  });
});
