#!/usr/bin/env node
// Posts the review report as the one sticky comment of a pull request (GitHub) or merge request
// (GitLab): what .github/actions/preview-report and ci/gitlab/preview-report.gitlab-ci.yml run.
//   node build/scripts/report/post-comment.js --platform github --preview preview.json [--raw preview.log]
// Where to post comes from the CI's own variables (checked below), the token from GITHUB_TOKEN /
// GITLAB_TOKEN. A preview the report cannot read is posted as its raw text. Exit codes: 0 posted,
// 1 the platform refused or could not be reached, 2 bad arguments or settings.
import * as fs from "node:fs";
import { z } from "zod";
import { commentBody, markerFor, type CommentPlatform } from "./comment-body";
import { ReportInputError } from "./parse";
import { Scrubber } from "./secrets";
import { gitHubThread, gitLabThread, upsertStickyComment, type CommentThread } from "./sticky-comment";

const USAGE =
  "usage: post-comment --platform github|gitlab --preview <file> [--raw <file>] [--key <stack>] [--author <login>] [--number <PR/MR>] [--max-names N]";

export interface PostArgs {
  platform: CommentPlatform;
  preview: string;
  raw?: string;
  key?: string;
  author?: string;
  number?: number;
  maxNames?: number;
}

const argsSchema = z.object({
  platform: z.enum(["github", "gitlab"]),
  preview: z.string().min(1),
  raw: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
  number: z.coerce.number().int().positive().optional(),
  "max-names": z.coerce.number().int().nonnegative().optional(),
});

export function parsePostArgs(argv: string[]): PostArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ReportInputError(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new ReportInputError(`--${m[1]} needs a value\n${USAGE}`);
    values[m[1]!] = value;
  }
  const parsed = argsSchema.strict().safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join(".") || (issue as { keys?: string[] }).keys?.join(", ") || "";
    throw new ReportInputError(`--${name}: ${issue.message} (got ${JSON.stringify(values[name] ?? null)})\n${USAGE}`);
  }
  const a = parsed.data;
  return {
    platform: a.platform,
    preview: a.preview,
    ...(a.raw ? { raw: a.raw } : {}),
    ...(a.key ? { key: a.key } : {}),
    ...(a.author ? { author: a.author } : {}),
    ...(a.number !== undefined ? { number: a.number } : {}),
    ...(a["max-names"] !== undefined ? { maxNames: a["max-names"] } : {}),
  };
}

type Env = Record<string, string | undefined>;

const githubEnv = z.object({
  GITHUB_TOKEN: z.string().min(1, "is not set: pass the token (e.g. secrets.GITHUB_TOKEN) in GITHUB_TOKEN"),
  GITHUB_REPOSITORY: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "must be owner/repo"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_EVENT_PATH: z.string().optional(),
});

const gitlabEnv = z.object({
  GITLAB_TOKEN: z
    .string()
    .min(1, "is not set: a project access token with the api scope (CI_JOB_TOKEN cannot write notes)"),
  CI_API_V4_URL: z.url(),
  CI_PROJECT_ID: z.string().min(1),
  CI_MERGE_REQUEST_IID: z.coerce.number().int().positive().optional(),
});

function envProblem(error: z.ZodError, env: Env, secretNames: string[]): ReportInputError {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? "");
  const value = secretNames.includes(name) ? "[secret]" : JSON.stringify(env[name] ?? null);
  return new ReportInputError(`${name} ${issue.message} (got ${value})`);
}

/** The pull request number: --number, else the pull_request event's payload (GITHUB_EVENT_PATH). */
function pullNumber(args: PostArgs, eventPath: string | undefined): number {
  if (args.number !== undefined) return args.number;
  if (eventPath) {
    const payload = z
      .object({ pull_request: z.object({ number: z.number().int().positive() }).optional() })
      .safeParse(JSON.parse(fs.readFileSync(eventPath, "utf8")));
    if (payload.success && payload.data.pull_request) return payload.data.pull_request.number;
  }
  throw new ReportInputError(
    "no pull request to comment on: run on a pull_request event or pass --number <pull request number>",
  );
}

export interface Target {
  thread: CommentThread;
  token: string;
}

export function targetFromEnv(args: PostArgs, env: Env): Target {
  if (args.platform === "github") {
    const parsed = githubEnv.safeParse(env);
    if (!parsed.success) throw envProblem(parsed.error, env, ["GITHUB_TOKEN"]);
    const e = parsed.data;
    const [owner, repo] = e.GITHUB_REPOSITORY.split("/") as [string, string];
    const thread = gitHubThread({
      apiUrl: e.GITHUB_API_URL,
      token: e.GITHUB_TOKEN,
      owner,
      repo,
      pullNumber: pullNumber(args, e.GITHUB_EVENT_PATH),
    });
    return { thread, token: e.GITHUB_TOKEN };
  }
  const parsed = gitlabEnv.safeParse(env);
  if (!parsed.success) throw envProblem(parsed.error, env, ["GITLAB_TOKEN"]);
  const e = parsed.data;
  const iid = args.number ?? e.CI_MERGE_REQUEST_IID;
  if (iid === undefined)
    throw new ReportInputError(
      "no merge request to comment on: run in a merge request pipeline (CI_MERGE_REQUEST_IID) or pass --number <merge request IID>",
    );
  const thread = gitLabThread({
    apiUrl: e.CI_API_V4_URL,
    token: e.GITLAB_TOKEN,
    projectId: e.CI_PROJECT_ID,
    mergeRequestIid: iid,
  });
  return { thread, token: e.GITLAB_TOKEN };
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ReportInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The whole command; `makeTarget` is where tests put an emulator instead of the CI's platform. */
export async function postComment(
  argv: string[],
  env: Env = process.env,
  io: Io = processIo,
  makeTarget: (args: PostArgs, env: Env) => Target = targetFromEnv,
): Promise<number> {
  let token: string | undefined;
  try {
    const args = parsePostArgs(argv);
    const target = makeTarget(args, env);
    token = target.token;
    const marker = markerFor(args.key);
    const built = commentBody(read(args.preview), {
      platform: args.platform,
      marker,
      ...(args.raw ? { rawText: read(args.raw) } : {}),
      ...(args.maxNames !== undefined ? { maxNames: args.maxNames } : {}),
      secrets: [target.token],
    });
    if (built.kind === "raw")
      io.err(`the report could not read the preview (${built.problem}); posting its raw text instead\n`);
    if (built.truncated) io.err(`the comment was cut to the ${args.platform} limit; the full text is in this log\n`);
    const result = await upsertStickyComment(target.thread, marker, built.body, args.author);
    io.out(`${result.action} ${args.platform} comment ${result.id}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ReportInputError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    const status =
      (e as { status?: number }).status ??
      (e as { cause?: { response?: { status?: number } } }).cause?.response?.status;
    const message = new Scrubber(token ? [token] : []).text((e as Error).message ?? String(e));
    io.err(
      `could not post the comment${status ? ` (HTTP ${status})` : ""}: ${message}. ` +
        "Fix: check the token can write comments (GitHub: permissions pull-requests: write; GitLab: a project access token with the api scope, Reporter or above)\n",
    );
    return 1;
  }
}

if (require.main === module)
  void postComment(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
