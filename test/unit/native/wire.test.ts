import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
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

  it("keeps a '__proto__' key holding a secret as a key of the copy", () => {
    const input = JSON.parse(
      `{"__proto__": {"t": {"${SIGNATURE_KEY}": "${SECRET_SIGNATURE}", "value": "x"}}, "n": 1}`,
    ) as Record<string, unknown>;
    const { plain, secretPaths } = unwrapSecrets(input);
    assert.deepEqual(secretPaths, [["__proto__", "t"]]);
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(plain, "__proto__")?.value, { t: "x" });
  });

  it("round-trips any property tree with secrets anywhere, and shares every subtree that holds none", () => {
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie("tree"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie("tree"), { maxKeys: 4, noNullPrototype: true }),
        tie("tree")
          .filter((value) => (value as Record<string, unknown> | null)?.[SIGNATURE_KEY] === undefined)
          .map((value) => secret(value)),
      ),
    }));
    const holdsSecret = (value: unknown): boolean =>
      typeof value === "object" &&
      value !== null &&
      ((value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE ||
        Object.values(value).some(holdsSecret));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), tree, { maxKeys: 5, noNullPrototype: true }), (input) => {
        const before = JSON.stringify(input);
        const { plain, secretPaths } = unwrapSecrets(input);
        assert.equal(JSON.stringify(input), before);
        assert.equal(holdsSecret(plain), false);
        assert.deepEqual(wrapSecrets(plain, secretPaths), input);
        for (const key of Object.keys(input)) if (!holdsSecret(input[key])) assert.equal(plain[key], input[key]);
      }),
      { numRuns: 500 },
    );
  });
});
