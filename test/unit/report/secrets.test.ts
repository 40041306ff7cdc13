// A token in the preview never reaches the Markdown: secret inputs render as "[secret]", and any
// plaintext a secret wrapper carried is scrubbed from every line, wherever it turns up.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "@jest/globals";
import { renderReport } from "../../../scripts/report/report";
import { collectSecretPlaintexts, SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../../../scripts/report/secrets";
import { fixture, fixturesDir, SCENARIOS } from "./support";

const CANARY = "ghp_CANARYreportSecretsTest000000000001";
/** Not token-shaped: only knowing it from the secret wrapper can remove it. */
const PLAIN_CANARY = "CANARY-correct-horse-battery-staple";
const BLINDED = `{"${SECRET_SIG_KEY}":"${SECRET_SIG_VALUE}","ciphertext":"[secret]"}`;

/** The same run as the fixture, as a writer that keeps plaintext in secret wrappers would give it. */
function withPlaintext(text: string, value: string): string {
  assert.ok(text.includes(BLINDED), "the fixture carries blinded secrets to replace");
  return text.split(BLINDED).join(JSON.stringify({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value }));
}

test("the captured fixtures carry no token: the engine blinded them and the provider redacted its lines", () => {
  const tokens = [
    "ghp_CANARYreportFixtureToken00000000001",
    "ghp_CANARYreportFixtureToken00000000002",
    "ghp_CANARYreportFixtureToken0000000000n",
  ];
  for (const file of fs.readdirSync(fixturesDir)) {
    const text = fs.readFileSync(path.join(fixturesDir, file), "utf8");
    for (const token of tokens) assert.ok(!text.includes(token), `${file} contains a token`);
  }
});

test("secret inputs carrying plaintext render as [secret] and the plaintext never appears", () => {
  for (const scenario of SCENARIOS) {
    const text = fixture(scenario, "events.jsonl");
    if (!text.includes(BLINDED)) continue;
    for (const value of [CANARY, PLAIN_CANARY]) {
      const markdown = renderReport(withPlaintext(text, value));
      assert.ok(!markdown.includes(value), `${scenario}: the secret reached the report:\n${markdown}`);
      // The plaintext changes nothing else: the report is the one the blinded run gives.
      assert.equal(markdown, renderReport(text), scenario);
    }
  }
});

test("a plaintext secret echoed in a provider line or an error is scrubbed", () => {
  const lines = withPlaintext(fixture("token-rotation", "events.jsonl"), PLAIN_CANARY).trim().split("\n");
  lines.push(
    JSON.stringify({
      diagnosticEvent: {
        message: `[Integration snyk-github] warning: the SCM echoed ${PLAIN_CANARY} back\n`,
        severity: "info#err",
      },
    }),
  );
  lines.push(
    JSON.stringify({
      diagnosticEvent: {
        urn: "urn:pulumi:e2e::report-fixtures::pulumi-nodejs:dynamic/scm-integrations:Integration::snyk-github",
        prefix: "error: ",
        message: `token: ${PLAIN_CANARY} and ${CANARY} were refused\n`,
        severity: "error",
      },
    }),
  );
  const markdown = renderReport(lines.join("\n"));
  assert.ok(!markdown.includes(PLAIN_CANARY), markdown);
  assert.ok(!markdown.includes(CANARY), "a token-shaped string is scrubbed even when no wrapper named it");
  assert.match(markdown, /the SCM echoed \[secret\] back/);
  assert.match(markdown, /token: \[secret\] and \[secret\] were refused/);
});

test("an input shown in the report (baseUrl, organization) renders as [secret] when it is secret", () => {
  const digest = JSON.parse(fixture("first-connection", "preview.json")) as {
    steps: { newState?: { inputs: Record<string, unknown> } }[];
  };
  for (const step of digest.steps) {
    const inputs = step.newState?.inputs;
    if (!inputs) continue;
    if ("platformOrg" in inputs && "scm" in inputs && !("integration" in inputs) && !("connection" in inputs)) {
      inputs.baseUrl = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: `https://${PLAIN_CANARY}.example` };
    }
    if ("organization" in inputs) inputs.organization = "[secret]";
  }
  const markdown = renderReport(JSON.stringify(digest));
  assert.ok(!markdown.includes(PLAIN_CANARY), markdown);
  assert.match(markdown, /← GitHub at `\[secret\]`/);
  assert.match(markdown, /\| `acme` \| ➕ create \| \[`\[secret\]`\]\(https:\/\/github\.com\/acme\) \|/);
});

test("collectSecretPlaintexts finds plaintext at any depth, in strings, arrays and objects", () => {
  const wrap = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value });
  const found = collectSecretPlaintexts({
    a: wrap("one"),
    b: [{ c: wrap(["two", { d: "three" }]) }],
    e: "not secret",
    f: wrap("[secret]"),
  });
  assert.deepEqual([...found].sort(), ["one", "three", "two"]);
});
