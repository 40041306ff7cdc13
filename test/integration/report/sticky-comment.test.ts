// The review report as CI posts it (scripts/report/post-comment.ts): one sticky comment per pull
// request (GitHub) or merge request (GitLab), against the emulators' issue-comment and MR-note
// endpoints. The first run creates the comment, later runs edit that same one, a look-alike someone
// else wrote is left alone, a preview the report cannot read is posted raw (cut to the platform's
// limit), and no token in the preview reaches the comment.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { COMMENT_LIMITS, markerFor } from "../../../scripts/report/comment-body";
import { postComment } from "../../../scripts/report/post-comment";
import { renderReport } from "../../../scripts/report/report";
import { gitHubThread, gitLabThread, type CommentThread } from "../../../scripts/report/sticky-comment";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { smallWorld, tokens as gitlabTokens } from "../../emulators/gitlab/fixtures";
import { findCanary } from "../../support/canary";
import { baseSeed, TOKENS as githubTokens } from "../github/fixtures";
import { fixture } from "../../unit/report/support";

const github = createGitHubEmulator({ initialSeed: baseSeed() });
const gitlab = createGitLabEmulator({ selfManaged: { version: "17.11.2" }, initialSeed: smallWorld() });
let githubUrl = "";
let gitlabUrl = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sticky-comment-"));

beforeAll(async () => {
  githubUrl = await github.start();
  gitlabUrl = await gitlab.start();
});
afterAll(async () => {
  await github.stop();
  await gitlab.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  github.reset();
  gitlab.reset();
});

/** A canary in the shape of a GitHub token, as a provider line or a failed CLI might echo one. */
const PREVIEW_CANARY = "ghp_CANARYstickyCommentPreview0000000001";

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** The blocked-deletion digest with a token echoed in a provider warning. */
function previewWithCanary(secret: string): string {
  const digest = JSON.parse(fixture("blocked-deletion", "preview.json")) as { diagnostics: unknown[] };
  digest.diagnostics.push({
    message: `[Integration snyk-github] warning: the SCM echoed ${PREVIEW_CANARY} and ${secret} back\n`,
    severity: "info#err",
  });
  return JSON.stringify(digest);
}

interface Platform {
  name: "github" | "gitlab";
  /** The token the report posts with (a canary too). */
  token: string;
  /** Someone else on the same conversation. */
  otherToken: string;
  env(): Record<string, string>;
  thread(token: string): CommentThread;
}

const PLATFORMS: Platform[] = [
  {
    name: "github",
    token: githubTokens.aliceClassic,
    otherToken: githubTokens.bobLegacy,
    env: () => ({ GITHUB_TOKEN: githubTokens.aliceClassic, GITHUB_REPOSITORY: "acme/api", GITHUB_API_URL: githubUrl }),
    thread: (token) => gitHubThread({ apiUrl: githubUrl, token, owner: "acme", repo: "api", pullNumber: 7 }),
  },
  {
    name: "gitlab",
    token: gitlabTokens.aliceApi,
    otherToken: gitlabTokens.rootApi,
    env: () => ({ GITLAB_TOKEN: gitlabTokens.aliceApi, CI_API_V4_URL: `${gitlabUrl}/api/v4`, CI_PROJECT_ID: "101" }),
    thread: (token) => gitLabThread({ apiUrl: `${gitlabUrl}/api/v4`, token, projectId: 101, mergeRequestIid: 7 }),
  },
];

async function post(platform: Platform, preview: string, extra: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await postComment(
    ["--platform", platform.name, "--preview", preview, "--number", "7", "--key", "acme/prod", ...extra],
    platform.env(),
    { out: (t) => out.push(t), err: (t) => err.push(t) },
  );
  return { code, out: out.join(""), err: err.join("") };
}

const MARKER = markerFor("acme/prod");

describe.each(PLATFORMS)("the sticky comment on $name", (platform) => {
  it("the first run creates the comment, the second updates that same one", async () => {
    const first = await post(platform, path.join(fixturesDir(), "first-connection.preview.json"));
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^created \w+ comment \d+\n$/);
    const second = await post(platform, path.join(fixturesDir(), "token-rotation.preview.json"));
    assert.equal(second.code, 0, second.err);
    assert.equal(second.out, first.out.replace("created", "updated"));

    const comments = await platform.thread(platform.token).list();
    assert.equal(comments.length, 1, "no second comment");
    assert.equal(comments[0]!.body, `${MARKER}\n${renderReport(fixture("token-rotation", "preview.json"))}`);
  });

  it("a comment of another author carrying the marker is not taken over", async () => {
    const other = platform.thread(platform.otherToken);
    const theirs = await other.create(`${MARKER}\nquoted by someone else`);
    const result = await post(platform, path.join(fixturesDir(), "first-connection.preview.json"));
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^created /);
    const again = await post(platform, path.join(fixturesDir(), "selector-new-repositories.preview.json"));
    assert.match(again.out, /^updated /);

    const comments = await other.list();
    assert.equal(comments.length, 2);
    assert.deepEqual(
      comments.find((c) => c.id === theirs.id),
      theirs,
      "their comment is as they wrote it",
    );
    assert.match(comments.find((c) => c.id !== theirs.id)!.body, /repositories \+12 −0/);
  });

  it("a preview the report cannot read is posted as its raw text, cut to the platform's limit", async () => {
    const limit = COMMENT_LIMITS[platform.name];
    const raw = `error: could not load plugin\n${"x".repeat(limit + 5_000)}\nTHE-LAST-LINE\n`;
    const result = await post(platform, file("broken.json", raw));
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /could not read the preview \(line 1 is not JSON/);
    assert.match(result.err, /cut to the \w+ limit/);

    const [comment] = await platform.thread(platform.token).list();
    assert.ok(comment);
    assert.ok(comment.body.length <= limit, `${comment.body.length} characters`);
    assert.ok(comment.body.length > limit - 200, "as much as fits is kept");
    assert.ok(comment.body.startsWith(`${MARKER}\n## Pulumi preview\n`));
    assert.match(comment.body, /could not read this preview \(line 1 is not JSON/);
    assert.match(comment.body, /```text\nerror: could not load plugin\nxxx/);
    assert.match(comment.body, /… \d+ more characters; the full text is in the job log\.\n```\n$/);
    assert.doesNotMatch(comment.body, /THE-LAST-LINE/);
  });

  it("no token in the preview reaches the comment, read or raw", async () => {
    const canaries = [PREVIEW_CANARY, platform.token];
    const report = await post(platform, file("canary.json", previewWithCanary(platform.token)));
    assert.equal(report.code, 0, report.err);
    let [comment] = await platform.thread(platform.token).list();
    assert.match(comment!.body, /the SCM echoed \[secret\] and \[secret\] back/);
    assert.equal(findCanary(comment!.body, canaries), undefined);

    const raw = await post(platform, file("canary.txt", `pulumi failed: ${PREVIEW_CANARY} ${platform.token}\n`));
    assert.equal(raw.code, 0, raw.err);
    [comment] = await platform.thread(platform.token).list();
    assert.match(comment!.body, /pulumi failed: \[secret\] \[secret\]/);
    assert.equal(findCanary(comment!.body + raw.err + raw.out, canaries), undefined);
  });
});

describe("post-comment settings", () => {
  it("a missing token or target is named with the fix, and the token's value never", async () => {
    const io = { out: () => undefined, err: (t: string) => errors.push(t) };
    const errors: string[] = [];
    const preview = path.join(fixturesDir(), "first-connection.preview.json");
    assert.equal(await postComment(["--platform", "github", "--preview", preview], { GITHUB_TOKEN: "" }, io), 2);
    assert.match(errors.pop()!, /GITHUB_TOKEN is not set: pass the token/);
    assert.equal(
      await postComment(
        ["--platform", "github", "--preview", preview],
        { GITHUB_TOKEN: githubTokens.aliceClassic, GITHUB_REPOSITORY: "acme/api", GITHUB_API_URL: githubUrl },
        io,
      ),
      2,
    );
    assert.match(errors.pop()!, /no pull request to comment on: .*--number/);
    assert.equal(
      await postComment(
        ["--platform", "gitlab", "--preview", preview],
        { GITLAB_TOKEN: gitlabTokens.aliceApi, CI_API_V4_URL: `${gitlabUrl}/api/v4`, CI_PROJECT_ID: "101" },
        io,
      ),
      2,
    );
    assert.match(errors.pop()!, /no merge request to comment on/);
  });

  it("a token that may not write is reported as the platform's refusal with the fix, without the token", async () => {
    const errors: string[] = [];
    const code = await postComment(
      ["--platform", "gitlab", "--preview", path.join(fixturesDir(), "first-connection.preview.json"), "--number", "7"],
      { GITLAB_TOKEN: gitlabTokens.aliceReadApi, CI_API_V4_URL: `${gitlabUrl}/api/v4`, CI_PROJECT_ID: "101" },
      { out: () => undefined, err: (t) => errors.push(t) },
    );
    assert.equal(code, 1);
    assert.match(errors.join(""), /could not post the comment \(HTTP 403\).*Fix: .*api scope/);
    assert.equal(findCanary(errors.join(""), [gitlabTokens.aliceReadApi]), undefined);
  });
});

function fixturesDir(): string {
  return path.join(__dirname, "..", "..", "unit", "report", "fixtures");
}
