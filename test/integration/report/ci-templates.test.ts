// The CI wrappers as a runner would run them: the GitHub Action's steps
// (.github/actions/preview-report/action.yml) and the GitLab job template's script
// (ci/gitlab/preview-report.gitlab-ci.yml) are executed with bash, with a stand-in `pulumi` on PATH
// that prints a captured preview, against the GitHub and GitLab emulators. The Action's expressions
// are only of the forms evaluated here (inputs, github.action_path, runner.temp, step outputs), so
// anything else in it fails this test rather than surprise a runner.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, it, jest } from "@jest/globals";
import { markerFor } from "../../../scripts/report/comment-body";
import { renderReport } from "../../../scripts/report/report";
import { gitHubThread, gitLabThread } from "../../../scripts/report/sticky-comment";
import { repoRoot } from "../../../scripts/schema/schema-model";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { smallWorld, tokens as gitlabTokens } from "../../emulators/gitlab/fixtures";
import { baseSeed, TOKENS as githubTokens } from "../github/fixtures";
import { fixture } from "../../unit/report/support";

// js-yaml (a dependency of the toolchain, without bundled types): only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS module
const yaml = require("js-yaml") as { load(text: string): unknown };

// Every case starts several node processes (ts-node compiles the report each time): more than jest's 5 s.
jest.setTimeout(120_000);

const root = repoRoot(__dirname);
const ACTION_DIR = path.join(root, ".github", "actions", "preview-report");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ci-templates-"));

const github = createGitHubEmulator({ initialSeed: baseSeed() });
const gitlab = createGitLabEmulator({ selfManaged: { version: "17.11.2" }, initialSeed: smallWorld() });
let githubUrl = "";
let gitlabUrl = "";

/**
 * The report's sources as an installed tool would be: `scripts` and `node_modules` only, no build,
 * so the wrappers run the TypeScript through ts-node (the test never depends on a stale build/).
 */
const toolDir = path.join(work, "tool");
// (with tsconfig.json: ts-node compiles with the project's settings, as jest does)
/** A `pulumi` that records its arguments and prints what the test put in place. */
const binDir = path.join(work, "bin");

beforeAll(async () => {
  githubUrl = await github.start();
  gitlabUrl = await gitlab.start();
  fs.mkdirSync(toolDir);
  fs.symlinkSync(path.join(root, "scripts"), path.join(toolDir, "scripts"));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(toolDir, "node_modules"));
  fs.symlinkSync(path.join(root, "tsconfig.json"), path.join(toolDir, "tsconfig.json"));
  fs.mkdirSync(binDir);
  fs.writeFileSync(
    path.join(binDir, "pulumi"),
    '#!/bin/sh\necho "$@" >"$FAKE_PULUMI_ARGS"\ncat "$FAKE_PULUMI_STDOUT"\necho "$FAKE_PULUMI_STDERR" >&2\nexit "$FAKE_PULUMI_EXIT"\n',
    { mode: 0o755 },
  );
});
afterAll(async () => {
  await github.stop();
  await gitlab.stop();
  fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  github.reset();
  gitlab.reset();
});

interface FakePreview {
  stdout: string;
  stderr?: string;
  exit?: number;
}

/** The environment every runner gives a script: PATH with the stand-in pulumi, and the fake's settings. */
function baseEnv(dir: string, preview: FakePreview): Record<string, string> {
  const stdout = path.join(dir, "fake-stdout");
  fs.writeFileSync(stdout, preview.stdout);
  return {
    PATH: `${binDir}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
    FAKE_PULUMI_ARGS: path.join(dir, "fake-args"),
    FAKE_PULUMI_STDOUT: stdout,
    FAKE_PULUMI_STDERR: preview.stderr ?? "",
    FAKE_PULUMI_EXIT: String(preview.exit ?? 0),
  };
}

// ---- the GitHub Action ----

interface ActionStep {
  id?: string;
  if?: string;
  shell: string;
  "working-directory"?: string;
  env?: Record<string, string>;
  run: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = yaml.load(fs.readFileSync(path.join(ACTION_DIR, "action.yml"), "utf8")) as ActionFile;

/** The values of the expressions the Action may use; any other expression is an error. */
function evaluator(inputs: Record<string, string>, temp: string, outputs: Record<string, Record<string, string>>) {
  const value = (expr: string): string => {
    const e = expr.trim();
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) {
      assert.ok(m[1]! in action.inputs, `action.yml uses an undeclared input ${m[1]}`);
      return inputs[m[1]!] ?? action.inputs[m[1]!]!.default ?? "";
    }
    if (e === "github.action_path") return ACTION_DIR;
    if (e === "runner.temp") return temp;
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return outputs[m[1]!]?.[m[2]!] ?? "";
    m = /^'([^']*)'$/.exec(e);
    if (m) return m[1]!;
    throw new Error(`action.yml uses an expression this test does not evaluate: ${e}`);
  };
  const condition = (expr: string): boolean =>
    expr.split("&&").every((part) => {
      const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(part.trim());
      assert.ok(m, `unsupported condition ${part}`);
      return (value(m[1]!) === value(m[3]!)) === (m[2] === "==");
    });
  const interpolate = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_all, expr: string) => value(expr));
  const bare = (text: string) => /^\$\{\{(.*)\}\}$/.exec(text.trim())?.[1] ?? text;
  return { interpolate, condition: (text: string) => condition(bare(text)) };
}

interface RunResult {
  /** The step that failed (its id or index), undefined when all passed. */
  failedStep?: string;
  stderr: string;
  outputs: Record<string, Record<string, string>>;
  summary: string;
  /** The job's directory (the stand-in pulumi writes its arguments there). */
  dir: string;
}

async function runAction(inputs: Record<string, string>, preview: FakePreview, token: string): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(work, "gh-"));
  const temp = path.join(dir, "runner-temp");
  fs.mkdirSync(temp);
  const event = path.join(dir, "event.json");
  fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
  const summary = path.join(dir, "summary.md");
  const outputs: Record<string, Record<string, string>> = {};
  const ev = evaluator({ "github-token": token, "report-tool-dir": toolDir, ...inputs }, temp, outputs);
  let stderr = "";
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.if !== undefined && !ev.condition(step.if)) continue;
    assert.equal(step.shell, "bash");
    const outputFile = path.join(dir, `output-${index}`);
    fs.writeFileSync(outputFile, "");
    const env: Record<string, string> = {
      ...baseEnv(dir, preview),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: "acme/api",
      GITHUB_API_URL: githubUrl,
      GITHUB_EVENT_PATH: event,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = ev.interpolate(String(v));
    // What GitHub runs a `shell: bash` step with (docs: "Workflow syntax" → jobs.<job_id>.steps[*].shell).
    const result = await bash(["--noprofile", "--norc", "-eo", "pipefail", "-c", ev.interpolate(step.run)], {
      cwd: path.resolve(dir, ev.interpolate(step["working-directory"] ?? ".")),
      env,
    });
    stderr += result.stderr;
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        fs
          .readFileSync(outputFile, "utf8")
          .split("\n")
          .filter((l) => l.includes("="))
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
    }
    if (result.status !== 0)
      return { failedStep: step.id ?? String(index), stderr, outputs, summary: read(summary), dir };
  }
  return { stderr, outputs, summary: read(summary), dir };
}

/**
 * Runs bash without blocking: the emulators answer the scripts' requests from this same process,
 * so a synchronous spawn would wait forever on itself.
 */
function bash(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function read(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

describe("the GitHub Action", () => {
  const thread = () =>
    gitHubThread({ apiUrl: githubUrl, token: githubTokens.aliceClassic, owner: "acme", repo: "api", pullNumber: 7 });

  it("runs the preview, posts the report as one comment and updates it on the next run", async () => {
    const inputs = { stack: "acme/prod", "comment-author": "alice" };
    const first = await runAction(
      inputs,
      { stdout: fixture("first-connection", "preview.json") },
      githubTokens.aliceClassic,
    );
    assert.equal(first.failedStep, undefined, first.stderr);
    assert.equal(first.outputs["preview"]?.["exit-code"], "0");
    assert.match(first.summary, /^## Pulumi preview: SCM integrations/);
    const second = await runAction(
      inputs,
      { stdout: fixture("token-rotation", "preview.json") },
      githubTokens.aliceClassic,
    );
    assert.equal(second.failedStep, undefined, second.stderr);

    const comments = await thread().list();
    assert.equal(comments.length, 1);
    assert.equal(
      comments[0]!.body,
      `${markerFor("acme/prod")}\n${renderReport(fixture("token-rotation", "preview.json"))}`,
    );
    assert.equal(read(path.join(second.dir, "fake-args")).trim(), "preview --json --non-interactive --stack acme/prod");
  });

  it("a failed preview the report cannot read is posted raw, and the step then fails", async () => {
    const result = await runAction(
      { stack: "acme/prod", "comment-author": "alice" },
      { stdout: "", stderr: "error: failed to load language plugin nodejs", exit: 255 },
      githubTokens.aliceClassic,
    );
    assert.equal(result.outputs["preview"]?.["exit-code"], "255");
    assert.equal(result.failedStep, String(action.runs.steps.length - 1), "the last step fails the job");
    assert.match(result.stderr, /pulumi preview failed \(exit code 255\); the pull request comment says why/);
    const [comment] = await thread().list();
    assert.match(comment!.body, /could not read this preview \(the input is empty/);
    assert.match(comment!.body, /```text\nerror: failed to load language plugin nodejs\n```/);
  });

  it("declares every input it uses, passes inputs to scripts only through env", () => {
    assert.equal(action.runs.using, "composite");
    for (const step of action.runs.steps)
      assert.doesNotMatch(step.run, /\$\{\{/, `step ${step.id ?? ""} pastes an expression into its script`);
  });
});

// ---- the GitLab template ----

const template = yaml.load(
  fs.readFileSync(path.join(root, "ci", "gitlab", "preview-report.gitlab-ci.yml"), "utf8"),
) as Record<string, { variables: Record<string, string>; script: string[]; rules: { if: string }[] }>;

async function runGitLabJob(variables: Record<string, string>, preview: FakePreview, token: string) {
  const dir = fs.mkdtempSync(path.join(work, "gl-"));
  const job = template[".pulumi-preview-report"]!;
  const env = {
    ...baseEnv(dir, preview),
    CI_PROJECT_DIR: dir,
    CI_API_V4_URL: `${gitlabUrl}/api/v4`,
    CI_PROJECT_ID: "101",
    CI_MERGE_REQUEST_IID: "7",
    CI_PIPELINE_SOURCE: "merge_request_event",
    GITLAB_TOKEN: token,
    ...job.variables,
    PULUMI_REPORT_TOOL_DIR: toolDir,
    ...variables,
  };
  // The runner runs each script entry in one bash session.
  const result = await bash(["-c", job.script.join("\n")], { cwd: dir, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

describe("the GitLab job template", () => {
  const thread = () =>
    gitLabThread({ apiUrl: `${gitlabUrl}/api/v4`, token: gitlabTokens.aliceApi, projectId: 101, mergeRequestIid: 7 });

  it("runs in merge request pipelines, posts the report as one note and updates it on the next run", async () => {
    assert.deepEqual(template[".pulumi-preview-report"]!.rules, [
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
    ]);
    const first = await runGitLabJob(
      { PULUMI_STACK: "acme/prod" },
      { stdout: fixture("first-connection", "preview.json") },
      gitlabTokens.aliceApi,
    );
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^## Pulumi preview: SCM integrations/, "the report is in the job log");
    assert.match(first.stdout, /created gitlab comment \d+/);
    const second = await runGitLabJob(
      { PULUMI_STACK: "acme/prod" },
      { stdout: fixture("selector-new-repositories", "preview.json") },
      gitlabTokens.aliceApi,
    );
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /updated gitlab comment \d+/);
    assert.equal(read(path.join(second.dir, "fake-args")).trim(), "preview --json --non-interactive --stack acme/prod");

    const notes = await thread().list();
    assert.equal(notes.length, 1);
    assert.equal(
      notes[0]!.body,
      `${markerFor("acme/prod")}\n${renderReport(fixture("selector-new-repositories", "preview.json"))}`,
    );
    assert.ok(fs.existsSync(path.join(second.dir, ".pulumi-preview-report", "preview.json")), "the artifacts are kept");
  });

  it("a failed preview is posted raw and fails the job, unless told not to", async () => {
    const failing = { stdout: "not json", stderr: "error: stack acme/prod not found", exit: 1 };
    const strict = await runGitLabJob({ PULUMI_STACK: "acme/prod" }, failing, gitlabTokens.aliceApi);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /pulumi preview failed \(exit code 1\); the merge request note says why/);
    const [note] = await thread().list();
    assert.match(note!.body, /```text\nnot json\nerror: stack acme\/prod not found\n```/);
    const lenient = await runGitLabJob(
      { PULUMI_STACK: "acme/prod", PULUMI_REPORT_FAIL_ON_PREVIEW_ERROR: "false" },
      failing,
      gitlabTokens.aliceApi,
    );
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.equal((await thread().list()).length, 1);
  });
});
