// The command a pipeline runs: a file or standard input in, Markdown out; bad usage exits 2 with why.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "@jest/globals";
import { parseArgs } from "../../../scripts/report/cli";
import { renderReport } from "../../../scripts/report/report";
import { repoRoot } from "../../../scripts/schema/schema-model";
import { fixture, fixturesDir } from "./support";

const root = repoRoot(__dirname);
// The CLI from source through ts-node, so this needs no build; the child process is held to the unit
// tests' rule by the same guard (it reads files and standard input, and opens no socket).
const NODE_ARGS = [
  "--require",
  require.resolve("ts-node/register/transpile-only"),
  "--require",
  path.join(root, "test", "support", "no-sockets.ts"),
  path.join(root, "scripts", "report", "cli.ts"),
];

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], {
    cwd: root,
    encoding: "utf8",
    ...(input !== undefined ? { input } : {}),
  });
}

test("a file, with or without the report subcommand, prints the report and exits 0", () => {
  const file = path.join(fixturesDir, "blocked-deletion.preview.json");
  const direct = run([file]);
  assert.equal(direct.status, 0, direct.stderr);
  assert.equal(direct.stdout, renderReport(fixture("blocked-deletion", "preview.json")));
  const sub = run(["report", file, "--max-names", "2"]);
  assert.equal(sub.status, 0, sub.stderr);
  assert.match(sub.stdout, /- `acme\/auth`\n- … and 3 more/);
});

test("- reads standard input (pulumi preview --json | …)", () => {
  const result = run(["-", "--max-names=1"], fixture("selector-new-repositories", "events.jsonl"));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /12 repositories added<\/summary>\n\n- `acme\/ledger`\n- … and 11 more/);
});

test("bad usage and unreadable input exit 2 with the reason", () => {
  const missing = run([path.join(fixturesDir, "nope.json")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: ENOENT/);
  const garbage = run(["-"], "hello\n");
  assert.equal(garbage.status, 2);
  assert.match(garbage.stderr, /line 1 is not JSON/);
  assert.equal(garbage.stdout, "");
});

test("arguments: one file, --max-names a whole number, no unknown options", () => {
  assert.deepEqual(parseArgs(["report", "p.json", "--max-names", "0"]), { file: "p.json", maxNames: 0 });
  assert.deepEqual(parseArgs(["p.json"]), { file: "p.json" });
  assert.throws(() => parseArgs([]), /no input file given/);
  assert.throws(() => parseArgs(["a", "b"]), /one input file only \(got a and b\)/);
  assert.throws(() => parseArgs(["a", "--max-names", "x"]), /--max-names: "x" is not a whole number/);
  assert.throws(() => parseArgs(["a", "--max-names"]), /--max-names: null is not a whole number/);
  assert.throws(() => parseArgs(["a", "--json"]), /unknown option --json/);
});

test("--help and -h print the usage to standard output and exit 0", () => {
  for (const flag of ["--help", "-h"]) {
    const result = run(["report", flag]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^usage: pulumi-scm-integrations report /);
    assert.match(result.stdout, /pulumi preview --json/);
    assert.match(result.stdout, /PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log/);
    assert.equal(result.stderr, "");
  }
});

test("an input that holds no preview exits 2 and prints no report", () => {
  for (const input of ["{}", '{"steps":[]}']) {
    const result = run(["-"], input);
    assert.equal(result.status, 2, input);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /holds no preview/);
  }
});
