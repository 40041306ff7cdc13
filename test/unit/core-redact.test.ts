// Secrets never leave the provider: redaction of remembered and token-shaped values, in errors and logs.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import fc from "fast-check";
import { ScmIntegrationError, errorMessage } from "../../provider/src/core/errors";
import { createLogger, setLogSink } from "../../provider/src/core/log";
import { describeSecret, redact, rememberSecret } from "../../provider/src/core/redact";

test("token-shaped strings are removed even when never registered", () => {
  const text =
    "used ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA and github_pat_11ABCDEFG0123456789_abcdefghij and glpat-abcdefghijklmnopqrst";
  assert.equal(redact(text), "used [REDACTED] and [REDACTED] and [REDACTED]");
});

test("a token-shaped string glued to the text around it is removed too", () => {
  const token = "ghp_0123456789abcdefABCDEF0123456789abcd";
  assert.equal(redact(`x0${token}`), "x0[REDACTED]");
  assert.equal(redact(`${token}_suffix`), "[REDACTED]_suffix");
  assert.equal(redact(`auth=glpat-0123456789abcdefXYZ;`), "auth=[REDACTED];");
});

test("remembered secrets are removed wherever they appear, longest first", () => {
  rememberSecret("5a1e0e7e-0000-4000-8000-0000000c0de1");
  rememberSecret("5a1e0e7e-0000");
  assert.equal(redact("key=5a1e0e7e-0000-4000-8000-0000000c0de1;"), "key=[REDACTED];");
  fc.assert(
    fc.property(fc.string(), fc.string(), (before, after) => {
      const out = redact(`${before}5a1e0e7e-0000-4000-8000-0000000c0de1${after}`);
      return !out.includes("5a1e0e7e-0000-4000-8000-0000000c0de1");
    }),
  );
});

test("errors and log lines are scrubbed at construction", () => {
  const canary = "sgp_CANARYcoreRedactTest0001";
  rememberSecret(canary);
  const error = new ScmIntegrationError("bad-credentials", `the server said: invalid token ${canary}`, {
    field: "token",
    fix: `replace ${canary}`,
  });
  assert.ok(!error.message.includes(canary));
  assert.equal(error.message, "token: the server said: invalid token [REDACTED]. Fix: replace [REDACTED]");
  assert.ok(!errorMessage(new Error(`boom ${canary}`)).includes(canary));
  const lines: string[] = [];
  const previous = setLogSink((_level, line) => lines.push(line));
  try {
    createLogger("Integration snyk").warn(`retrying with ${canary}`);
  } finally {
    setLogSink(previous);
  }
  assert.deepEqual(lines, ["[Integration snyk] warning: retrying with [REDACTED]"]);
});

test("a secret is described without its value", () => {
  assert.equal(describeSecret("ghp_0123456789abcdef0123456789abcdef0123"), '<secret, 40 characters, prefix "ghp_">');
  assert.equal(describeSecret(""), "<empty string>");
  assert.equal(describeSecret(42), "<number>");
});
