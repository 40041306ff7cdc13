// The findings contract between provider and report (provider/src/core/findings.ts, core/log.ts):
// every record the schema admits travels as its sentence and, with PULUMI_SCM_FINDINGS=json, as a
// JSON line the report reads back unchanged; a token put where a caller could put one never shows.
import assert from "node:assert/strict";
import { afterEach, test } from "@jest/globals";
import fc from "fast-check";
import { findingSchema, renderFinding, type Finding } from "../../provider/src/core/findings";
import { createLogger, setLogSink } from "../../provider/src/core/log";
import { rememberSecret } from "../../provider/src/core/redact";
import { parseFindingLine, parseProviderLine } from "../../scripts/report/provider-lines";

afterEach(() => {
  delete process.env["PULUMI_SCM_FINDINGS"];
});

const LABEL = "RepositoryImport imports";

function linesFor(finding: Finding, findingsEnv?: string): string[] {
  const lines: string[] = [];
  if (findingsEnv === undefined) delete process.env["PULUMI_SCM_FINDINGS"];
  else process.env["PULUMI_SCM_FINDINGS"] = findingsEnv;
  const previous = setLogSink((_level, line) => lines.push(line));
  try {
    createLogger(LABEL).finding("info", finding);
  } finally {
    setLogSink(previous);
  }
  return lines;
}

/** Every finding the schema admits, built from `text` for its free strings. */
function findingArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<Finding> {
  const names = fc.array(text, { maxLength: 6 });
  const token = fc.record(
    {
      type: fc.constant("token" as const),
      apiUrl: text,
      tokenKind: text,
      owner: text,
      scopes: names,
      missing: names,
      excess: names,
      expires: text,
      serverVersion: text,
    },
    { noNullPrototype: true, requiredKeys: ["type", "apiUrl", "tokenKind", "excess"] },
  );
  const access = fc.record(
    { type: fc.constant("connection-access" as const), url: text, role: text, state: text },
    { noNullPrototype: true, requiredKeys: ["type", "url", "role"] },
  );
  const resolved = fc.record(
    {
      type: fc.constant("resolved-repositories" as const),
      count: fc.nat(),
      organization: text,
      sinceLastRun: fc.record({ added: fc.nat(), removed: fc.nat() }, { noNullPrototype: true }),
    },
    { noNullPrototype: true, requiredKeys: ["type", "count", "organization"] },
  );
  const refusal = fc.record(
    {
      type: fc.constant("deletion-refusal" as const),
      operation: fc.constantFrom("plan" as const, "destroy" as const),
      count: fc.nat(),
      limit: fc.nat(),
      maxDeletions: fc.nat(),
      allowDeletions: fc.nat(),
      names,
      more: fc.nat(),
      fix: text,
    },
    {
      noNullPrototype: true,
      requiredKeys: ["type", "operation", "count", "limit", "maxDeletions", "names", "more", "fix"],
    },
  );
  return fc.oneof(token, access, resolved, refusal);
}

test("every finding the schema admits: its JSON line reads back equal, its sentence is renderFinding's", () => {
  fc.assert(
    fc.property(findingArbitrary(fc.string()), (finding) => {
      assert.ok(findingSchema.safeParse(finding).success, "the arbitrary builds only what the schema admits");
      const [sentence, machine, ...rest] = linesFor(finding, "json");
      assert.deepEqual(rest, []);
      assert.equal(sentence, `[${LABEL}] ${renderFinding(finding)}`);
      const line = parseProviderLine(machine!);
      assert.equal(line?.level, "info");
      assert.deepEqual(parseFindingLine(line.message), { finding });
    }),
  );
});

test("without PULUMI_SCM_FINDINGS=json only the sentence is logged", () => {
  fc.assert(
    fc.property(findingArbitrary(fc.string()), fc.constantFrom(undefined, "", "1", "JSON", "true"), (finding, env) => {
      assert.deepEqual(linesFor(finding, env), [`[${LABEL}] ${renderFinding(finding)}`]);
    }),
  );
});

test("a token placed in any string of a finding appears in neither line, nor escaped as JSON would", () => {
  // A registered secret with characters JSON escapes, and a token recognised by its shape only
  // (core/redact.ts TOKEN_PATTERNS), each anywhere in a string, glued to whatever surrounds it.
  const registered = 'CANARY"core\\findings\u0001secret';
  const shaped = "ghp_CANARYcoreFindingsTest0000000000000000";
  rememberSecret(registered);
  const canaries = [registered, shaped];
  const withCanary = fc.oneof(
    fc.tuple(fc.string(), fc.string()).map(([before, after]) => `${before}${registered}${after}`),
    fc.tuple(fc.string(), fc.string()).map(([before, after]) => `${before}${shaped}${after}`),
  );
  fc.assert(
    fc.property(findingArbitrary(fc.oneof(fc.string(), withCanary)), (finding) => {
      for (const line of linesFor(finding, "json")) {
        for (const canary of canaries) {
          assert.ok(!line.includes(canary), `canary in: ${line}`);
          assert.ok(!line.includes(JSON.stringify(canary).slice(1, -1)), `escaped canary in: ${line}`);
        }
        const record = parseFindingLine(parseProviderLine(line)?.message ?? "");
        if (record) assert.ok("finding" in record, "a redacted record is still a valid record");
      }
    }),
  );
});
