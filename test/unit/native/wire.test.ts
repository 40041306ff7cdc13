import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { SECRET_SIGNATURE, SIGNATURE_KEY, unwrapSecrets, wrapSecrets } from "../../../provider/src/native/wire";

const secret = (value: unknown) => ({ [SIGNATURE_KEY]: SECRET_SIGNATURE, value });

describe("engine secrets on the wire", () => {
  it("unwraps nested secrets and remembers where they were", () => {
    const { plain, secretPaths } = unwrapSecrets({ token: secret("t"), connection: { token: secret("c") }, n: 1 });
    assert.deepEqual(plain, { token: "t", connection: { token: "c" }, n: 1 });
    assert.deepEqual(secretPaths, [["token"], ["connection", "token"]]);
  });

  it("wraps dotted and exact paths, skips missing ones and never wraps twice", () => {
    const wrapped = wrapSecrets({ token: "t", connection: { token: "c", organization: "acme" } }, [
      "connection.token",
      ["token"],
      "absent.path",
      ["token"],
    ]);
    assert.deepEqual(wrapped, { token: secret("t"), connection: { token: secret("c"), organization: "acme" } });
  });

  it("round-trips: what was secret on the way in is secret on the way out", () => {
    const input = { a: secret({ b: [1, 2] }), c: [secret("x"), "y"] };
    const { plain, secretPaths } = unwrapSecrets(input);
    assert.deepEqual(wrapSecrets(plain, secretPaths), input);
  });

  it("returns what holds no secret as it came, and never changes what it was given", () => {
    const untouched = { "acme/a": { targetId: "t1" }, "acme/b": { targetId: "t2" } };
    const input = { imported: untouched, token: secret("t"), list: [1, [2]] };
    const before = JSON.stringify(input);
    const { plain } = unwrapSecrets(input);
    assert.equal(plain.imported, untouched);
    assert.equal(plain.list, input.list);
    assert.equal(plain.token, "t");
    assert.equal(JSON.stringify(input), before);
  });

  it("finds a secret inside a secret, and keeps a '__proto__' key as a key", () => {
    const input = JSON.parse(
      `{"__proto__": {"a": 1}, "s": {"${SIGNATURE_KEY}": "${SECRET_SIGNATURE}", "value": {"inner": {"${SIGNATURE_KEY}": "${SECRET_SIGNATURE}", "value": "x"}}}}`,
    ) as Record<string, unknown>;
    const { plain, secretPaths } = unwrapSecrets(input);
    assert.deepEqual(secretPaths, [["s"], ["s", "inner"]]);
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.deepEqual(Object.keys(plain), ["__proto__", "s"]);
    assert.deepEqual(plain.s, { inner: "x" });
  });
});
