// Reading both formats into one model: detection, the steps a reviewer sees, diagnostics, and errors
// that say what was wrong with the input.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { parsePreview, ReportInputError } from "../../../scripts/report/parse";
import { renderReport } from "../../../scripts/report/report";
import { fixture, SCENARIOS } from "./support";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/scm-integrations:Integration::gh";

test("the format is detected: a digest object, JSON lines, a JSON array of events, a single event", () => {
  assert.equal(parsePreview(fixture("first-connection", "preview.json")).format, "preview-json");
  const lines = fixture("first-connection", "events.jsonl");
  assert.equal(parsePreview(lines).format, "event-log");
  const array = JSON.stringify(
    lines
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown),
  );
  assert.equal(parsePreview(array).format, "event-log");
  assert.deepEqual(parsePreview(array), parsePreview(lines));
  const single = parsePreview(
    JSON.stringify({ sequence: 1, diagnosticEvent: { message: "[Integration gh] hello\n", severity: "info" } }),
  );
  assert.equal(single.format, "event-log");
  assert.deepEqual(single.diagnostics, [{ severity: "info", message: "[Integration gh] hello" }]);
});

test("both formats of every captured run give the same report", () => {
  for (const scenario of SCENARIOS) {
    assert.equal(
      renderReport(fixture(scenario, "events.jsonl")),
      renderReport(fixture(scenario, "preview.json")),
      scenario,
    );
  }
});

test("the steps a reviewer sees: no stack, no providers, no hidden halves of a replacement", () => {
  const meta = (op: string, logical: boolean) => ({
    resourcePreEvent: {
      metadata: {
        op,
        urn: URN,
        type: "pulumi-nodejs:dynamic/scm-integrations:Integration",
        logical,
        keys: ["scm"],
        diffs: ["scm"],
      },
    },
  });
  const events = [
    {
      resourcePreEvent: {
        metadata: {
          op: "same",
          urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
          type: "pulumi:pulumi:Stack",
        },
      },
    },
    {
      resourcePreEvent: {
        metadata: {
          op: "same",
          urn: "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default",
          type: "pulumi:providers:pulumi-nodejs",
        },
      },
    },
    meta("replace", true),
    meta("create-replacement", false),
    meta("delete-replaced", false),
  ];
  const data = parsePreview(events.map((e) => JSON.stringify(e)).join("\n"));
  assert.deepEqual(
    data.steps.map((s) => [s.op, s.replaceKeys]),
    [["replace", ["scm"]]],
  );
});

test("diagnostics: debug and ephemeral ones are dropped, the digest's severity prefix is removed, stdout is info", () => {
  const events = [
    { diagnosticEvent: { message: "RegisterResource …", severity: "debug" } },
    { diagnosticEvent: { message: "progress", severity: "info", ephemeral: true } },
    { diagnosticEvent: { urn: URN, prefix: "error: ", message: "token: bad\n", severity: "error" } },
    { stdoutEvent: { message: "from the program\n" } },
    { summaryEvent: { resourceChanges: { same: 1 }, result: "failed" } },
  ];
  const fromEvents = parsePreview(events.map((e) => JSON.stringify(e)).join("\n"));
  assert.deepEqual(fromEvents.diagnostics, [
    { urn: URN, severity: "error", message: "token: bad" },
    { severity: "info", message: "from the program" },
  ]);
  assert.equal(fromEvents.failed, true);
  assert.deepEqual(fromEvents.changeSummary, { same: 1 });
  const digest = parsePreview(
    JSON.stringify({ diagnostics: [{ urn: URN, message: "error: token: bad\n", severity: "error" }], steps: [] }),
  );
  assert.deepEqual(digest.diagnostics, [{ urn: URN, severity: "error", message: "token: bad" }]);
  assert.equal(digest.failed, true);
});

test("the digest's detailed diff and reasons map to the model", () => {
  const data = parsePreview(
    JSON.stringify({
      steps: [
        {
          op: "update",
          urn: URN,
          oldState: {
            type: "pulumi-nodejs:dynamic/scm-integrations:Integration",
            inputs: { token: "[secret]" },
            outputs: { apiUrl: "https://api.github.com" },
          },
          newState: { type: "pulumi-nodejs:dynamic/scm-integrations:Integration", inputs: { token: "[secret]" } },
          diffReasons: ["token"],
          detailedDiff: { token: { kind: "update", inputDiff: true } },
        },
      ],
    }),
  );
  assert.deepEqual(data.steps, [
    {
      op: "update",
      urn: URN,
      type: "pulumi-nodejs:dynamic/scm-integrations:Integration",
      oldInputs: { token: "[secret]" },
      oldOutputs: { apiUrl: "https://api.github.com" },
      newInputs: { token: "[secret]" },
      diffKeys: ["token"],
      replaceKeys: [],
      detailedDiff: { token: "update" },
    },
  ]);
});

test("bad input is refused with what was wrong and what to pass instead", () => {
  const refused = (text: string, pattern: RegExp) =>
    assert.throws(
      () => parsePreview(text),
      (e: unknown) =>
        e instanceof ReportInputError && pattern.test(e.message) && /pulumi preview --json/.test(e.message),
    );
  refused("", /the input is empty/);
  refused('{"sequence":1,"cancelEvent":{}}\n{"sequence":2,"cancelEvent":{}}\nnot json\n', /line 3 is not JSON/);
  refused("42", /neither a preview digest nor engine events/);
  refused('{"steps": {"op": "create"}}', /steps: .*expected array/);
  refused(
    '[{"resourcePreEvent": {"metadata": {"op": 1}}}]',
    /event on line 1 is not an engine event \(resourcePreEvent\.metadata\.op/,
  );
});

test("an input that holds no preview is refused, not reported as a preview that succeeded", () => {
  for (const text of [
    "{}",
    '{"steps":[]}',
    '{"steps":[],"diagnostics":[]}',
    '{"sequence":0,"preludeEvent":{"config":{}}}',
  ]) {
    assert.throws(
      () => parsePreview(text),
      (e: unknown) => e instanceof ReportInputError && /holds no preview/.test(e.message),
      text,
    );
  }
  // A preview that ran has at least the stack's step, or an error saying why it did not.
  assert.doesNotThrow(() =>
    parsePreview('{"steps":[{"op":"same","urn":"urn:pulumi:s::p::pulumi:pulumi:Stack::p-s"}]}'),
  );
  assert.equal(parsePreview('{"steps":[],"diagnostics":[{"message":"error: boom","severity":"error"}]}').failed, true);
});

test("the advice names commands that work: --event-log exists only with PULUMI_DEBUG_COMMANDS=true", () => {
  // https://github.com/pulumi/pulumi/blob/v3.276.0/pkg/cmd/pulumi/operations/preview.go registers --event-log only when env.DebugCommands
  // (PULUMI_DEBUG_COMMANDS) is set; without it the CLI answers "unknown flag: --event-log".
  for (const text of ["", "{}", "42", "not json"]) {
    try {
      parsePreview(text);
      assert.fail(`${text} was accepted`);
    } catch (e) {
      const message = (e as Error).message;
      assert.match(message, /pulumi preview --json/);
      for (const use of message.match(/[^;]*--event-log[^;]*/g) ?? [])
        assert.match(use, /PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log/, message);
    }
  }
});
