// Local syntax refusals through the real check handlers (Integration, OrgConnection, RepositoryImport)
// against in-process emulators that count requests: every bad input is refused with zero SCM and zero
// platform requests, the failure names the input that caused it, non-secret values are quoted escaped
// and a token is never quoted. A transient fault of the SCM is reported as an outage, naming no input.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props, ResourceHandler } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import {
  connectionNews as newConnection,
  importNews as newImport,
  integrationNews as newIntegration,
} from "../../support/check-news";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { UNKNOWN_VALUE } from "../../../provider/src/resources/schema-support";

const GH_TOKEN = "ghp_CANARYinputSyntaxCheckGithub000001";
const GL_TOKEN = "glpat-CANARYinputSyntaxGitlab01";
const CANARY_FRAGMENT = "CANARYinputSyntax";

let gh: World;
let gl: World;
let lines: string[] = [];

function requests(world: World): number {
  return world.scm.requestStats().total + world.platform.requestStats().total;
}

const tokenOf = (world: World) => (world === gh ? GH_TOKEN : GL_TOKEN);
const integrationNews = (world: World, overrides: Props = {}) => newIntegration(world, tokenOf(world), overrides);
const connectionNews = (world: World, overrides: Props = {}, refOverrides: Props = {}) =>
  newConnection(world, tokenOf(world), overrides, refOverrides);
const importNews = (world: World, overrides: Props = {}, refOverrides: Props = {}) =>
  newImport(world, tokenOf(world), overrides, refOverrides);

/** The failure for `field`: its property, or (secret fields) the reason starting with it. */
function failureFor(failures: { property: string; reason: string }[], field: string): string | undefined {
  const f =
    failures.find((x) => x.property === field) ??
    failures.find((x) => x.property === "" && x.reason.startsWith(`${field}: `));
  return f?.reason;
}

async function refused(
  world: World,
  handler: ResourceHandler,
  news: Props,
  field: string,
  reason: RegExp,
): Promise<string> {
  useWorld(world);
  world.scm.resetRequestStats();
  world.platform.resetRequestStats();
  const result = await handler.check({}, news);
  const failures = (result.failures ?? []) as { property: string; reason: string }[];
  const found = failureFor(failures, field);
  assert.ok(found, `no failure naming ${field}: ${JSON.stringify(failures)}`);
  assert.match(found, reason);
  assert.equal(requests(world), 0, `requests were sent before ${field} was refused`);
  const text = JSON.stringify(result) + lines.join("\n");
  assert.ok(!text.includes(CANARY_FRAGMENT), `a token leaked: ${text}`);
  return found;
}

beforeAll(async () => {
  [gh, gl] = await Promise.all([
    startWorld({
      scm: "github-enterprise",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [{ value: GH_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook", "read:user", "user:email"] }],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [{ value: GL_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([gh, gl].flatMap((w) => [w.scm, w.platform]));
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([gh, gl].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([gh?.stop(), gl?.stop()]);
});

beforeEach(() => {
  lines = [];
  forgetMembershipClaims();
  forgetListings();
  gh.scm.clearFaults();
});

describe("the request counters see a sound check", () => {
  test("a valid Integration check does ask the SCM (so zero below means refused locally)", async () => {
    useWorld(gh);
    gh.scm.resetRequestStats();
    const result = await integrationHandler.check({}, integrationNews(gh));
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.ok(gh.scm.requestStats().total > 0);
  });
});

describe("Integration: token and platformOrg refused before any request", () => {
  const cases: [string, () => World, Props, string, RegExp][] = [
    [
      "a glpat- token for GitHub",
      () => gh,
      { token: "glpat-CANARYinputSyntaxWrongKind1" },
      "token",
      /GitLab personal.*glpat- prefix/,
    ],
    [
      "a ghp_ token for GitLab",
      () => gl,
      { token: "ghp_CANARYinputSyntaxWrongKind0000002" },
      "token",
      /GitHub personal access token \(classic\) \(ghp_ prefix\)/,
    ],
    [
      "a github_pat_ token for GitLab",
      () => gl,
      { token: "github_pat_CANARYinputSyntax_0003" },
      "token",
      /github_pat_ prefix/,
    ],
    [
      "a Snyk API key as SCM token",
      () => gh,
      { token: "0b5e0b7c-1c2d-4e5f-8a9b-CANARY000004".replace("CANARY", "abcdef") },
      "token",
      /Snyk API key/,
    ],
    [
      "a Basic header",
      () => gh,
      { token: "Basic CANARYinputSyntaxBasic05" },
      "token",
      /authorization scheme "Basic".*drop the "Basic " prefix/,
    ],
    ["a Bearer prefix", () => gh, { token: `Bearer ${GH_TOKEN}` }, "token", /scheme "Bearer"/],
    ["a token prefix", () => gl, { token: `token ${GL_TOKEN}` }, "token", /scheme "token"/],
    [
      "a 10 kB token",
      () => gh,
      { token: `ghp_CANARYinputSyntax${"a".repeat(10_000)}` },
      "token",
      /characters long.*limit 1024/,
    ],
    ["a 1 MB token", () => gh, { token: `ghp_CANARYinputSyntax${"a".repeat(1_000_000)}` }, "token", /characters long/],
    [
      "non-ASCII text",
      () => gh,
      { token: "ghp_CANARYinputSyntaxé00000000000000006" },
      "token",
      /non-ASCII character at position 22/,
    ],
    ["a token with CR/LF", () => gh, { token: `${GH_TOKEN}\r\n` }, "token", /line break/],
    ["a token with NUL", () => gh, { token: `ghp_CANARYinput\u0000Syntax00000000000000007` }, "token", /NUL character/],
    [
      "a Snyk org that is not a UUID",
      () => gh,
      { platformOrg: "../../orgs/x" },
      "platformOrg",
      /"\.\.\/\.\.\/orgs\/x" is not a Snyk organization id \(a UUID\)/,
    ],
    [
      "a Semgrep slug with /",
      () => gl,
      { platformOrg: "acme/x" },
      "platformOrg",
      /"acme\/x" is not a Semgrep deployment id or slug/,
    ],
    ["a Semgrep slug with ..", () => gl, { platformOrg: ".." }, "platformOrg", /"\.\." is not a Semgrep deployment/],
  ];
  for (const [name, world, overrides, field, reason] of cases) {
    test(`${name}: refused, naming ${field}, zero requests`, async () => {
      const w = world();
      const reasonText = await refused(w, integrationHandler, integrationNews(w, overrides), field, reason);
      if (field === "token") assert.doesNotMatch(reasonText, /baseUrl/);
    });
  }
});

describe("OrgConnection: organization and the reference refused before any request", () => {
  const cases: [string, () => World, Props, Props, string, RegExp][] = [
    [
      "a GitHub org with ..",
      () => gh,
      { organization: "ac..me" },
      {},
      "organization",
      /"ac\.\.me" is not a GitHub login/,
    ],
    [
      "a GitHub org with ?",
      () => gh,
      { organization: "acme?x=1" },
      {},
      "organization",
      /"acme\?x=1" is not a GitHub login/,
    ],
    ["a GitHub org with #", () => gh, { organization: "acme#x" }, {}, "organization", /"acme#x"/],
    [
      "a GitHub org with a newline",
      () => gh,
      { organization: "acme\n" },
      {},
      "organization",
      /"acme\\n" is not a GitHub login/,
    ],
    ["a GitHub org with NUL", () => gh, { organization: "ac\u0000me" }, {}, "organization", /"ac\\u0000me"/],
    [
      "a GitHub org starting with -",
      () => gh,
      { organization: "-acme" },
      {},
      "organization",
      /"-acme" is not a GitHub login/,
    ],
    [
      "a 1,000-character org",
      () => gh,
      { organization: "a".repeat(1000) },
      {},
      "organization",
      /1000 characters long; GitHub logins have at most 39/,
    ],
    [
      "a GitLab group with ..",
      () => gl,
      { organization: "acme/../x" },
      {},
      "organization",
      /is not a GitLab group full path: it contains '\.\.'/,
    ],
    ["a GitLab group starting with -", () => gl, { organization: "-acme" }, {}, "organization", /starting with '-'/],
    ["a GitLab group ending in .git", () => gl, { organization: "acme.git" }, {}, "organization", /'\.git'/],
    [
      "a glpat- token for GitHub",
      () => gh,
      {},
      { token: "glpat-CANARYinputSyntaxWrongKind8" },
      "integration.token",
      /glpat- prefix/,
    ],
    [
      "a non-UUID Snyk org",
      () => gh,
      {},
      { platformOrg: "acme" },
      "integration.platformOrg",
      /not a Snyk organization id/,
    ],
  ];
  for (const [name, world, overrides, refOverrides, field, reason] of cases) {
    test(`${name}: refused, naming ${field}, zero requests`, async () => {
      const w = world();
      await refused(w, orgConnectionHandler, connectionNews(w, overrides, refOverrides), field, reason);
    });
  }
});

describe("RepositoryImport: repositories, branch, selector and the reference refused before any request", () => {
  const cases: [string, () => World, Props, Props, string, RegExp][] = [
    [
      "a repository with ..",
      () => gh,
      { repositories: ["acme/api", "acme/.."] },
      {},
      "repositories[1]",
      /"acme\/\.\." is not a GitHub repository name: the repository name is reserved/,
    ],
    [
      "a repository with ?",
      () => gh,
      { repositories: ["acme/api", "acme/web", "acme/x", "acme/a?b"] },
      {},
      "repositories[3]",
      /"acme\/a\?b"/,
    ],
    ["a repository with #", () => gh, { repositories: ["acme/a#b"] }, {}, "repositories[0]", /"acme\/a#b"/],
    [
      "a repository with a newline",
      () => gh,
      { repositories: ["acme/api\n"] },
      {},
      "repositories[0]",
      /"acme\/api\\n"/,
    ],
    [
      "a repository of owner -acme",
      () => gh,
      { repositories: ["-acme/api"] },
      {},
      "repositories[0]",
      /its owner is not a GitHub login/,
    ],
    ["a GitLab project with ..", () => gl, { repositories: ["acme/../api"] }, {}, "repositories[0]", /contains '\.\.'/],
    [
      "branch ' main'",
      () => gh,
      { branch: " main" },
      {},
      "branch",
      /" main" is not a git branch name: it contains a space/,
    ],
    ["branch 'main\\n'", () => gh, { branch: "main\n" }, {}, "branch", /"main\\n" is not a git branch name/],
    ["branch '../main'", () => gh, { branch: "../main" }, {}, "branch", /contains '\.\.'/],
    ["branch '-main'", () => gh, { branch: "-main" }, {}, "branch", /starts with '-'/],
    [
      "exclude **",
      () => gh,
      { repositories: undefined, selector: { exclude: ["**"] } },
      {},
      "selector.exclude[0]",
      /"\*\*" excludes every repository/,
    ],
    [
      "include all excluded",
      () => gh,
      { repositories: undefined, selector: { include: ["acme/api-*"], exclude: ["acme/api*"] } },
      {},
      "selector.include[0]",
      /always overridden by selector.exclude\[0\]/,
    ],
    [
      "include of another owner",
      () => gh,
      { repositories: undefined, selector: { include: ["other/*"] } },
      {},
      "selector.include[0]",
      /another owner/,
    ],
    [
      "a ghp_ token for GitLab",
      () => gl,
      {},
      { token: "ghp_CANARYinputSyntaxWrongKind0000009" },
      "connection.token",
      /ghp_ prefix/,
    ],
    [
      "a Semgrep slug with ..",
      () => gl,
      {},
      { platformOrg: "../x" },
      "connection.platformOrg",
      /not a Semgrep deployment/,
    ],
  ];
  for (const [name, world, overrides, refOverrides, field, reason] of cases) {
    test(`${name}: refused, naming ${field}, zero requests`, async () => {
      const w = world();
      await refused(w, repositoryImportHandler, importNews(w, overrides, refOverrides), field, reason);
    });
  }

  test("a bad connection.organization is refused naming it", async () => {
    const news = importNews(gh);
    (news.connection as Props).organization = "acme..x";
    await refused(gh, repositoryImportHandler, news, "connection.organization", /"acme\.\.x" is not a GitHub login/);
  });
});

describe("preview: values not known yet are judged later, not refused", () => {
  test("unknown token, platformOrg, organization, repositories, branch and selector pass the syntax rules", async () => {
    useWorld(gh);
    for (const [handler, news] of [
      [integrationHandler, integrationNews(gh, { token: UNKNOWN_VALUE, platformOrg: UNKNOWN_VALUE })],
      [orgConnectionHandler, connectionNews(gh, { organization: UNKNOWN_VALUE }, { token: UNKNOWN_VALUE })],
      [repositoryImportHandler, importNews(gh, { repositories: UNKNOWN_VALUE, branch: UNKNOWN_VALUE })],
      [
        repositoryImportHandler,
        importNews(gh, { repositories: [UNKNOWN_VALUE, "acme/api"] }, { token: UNKNOWN_VALUE }),
      ],
      [
        repositoryImportHandler,
        importNews(gh, { repositories: undefined, selector: UNKNOWN_VALUE }, { token: UNKNOWN_VALUE }),
      ],
    ] as const) {
      const result = await handler.check({}, news);
      assert.equal(
        result.failures,
        undefined,
        `${JSON.stringify(news).slice(0, 200)}: ${JSON.stringify(result.failures)}`,
      );
    }
  });
});

describe("transient SCM faults are an outage, not a problem with an input", () => {
  test("Integration check against a GHES answering 503: no field blamed", async () => {
    useWorld(gh);
    gh.scm.addFault({ kind: "status", status: 503, count: 1000 });
    const result = await integrationHandler.check({}, integrationNews(gh));
    const failures = (result.failures ?? []) as { property: string; reason: string }[];
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]!.property, "");
    assert.match(failures[0]!.reason, /^service unavailable \(an outage of the service, not a problem with the inputs/);
    assert.doesNotMatch(failures[0]!.reason, /^(token|baseUrl):/);
  });

  test("OrgConnection check against a GHES answering 500: no field blamed", async () => {
    useWorld(gh);
    gh.scm.addFault({ kind: "status", status: 500, count: 1000 });
    const result = await orgConnectionHandler.check({}, connectionNews(gh));
    const failures = (result.failures ?? []) as { property: string; reason: string }[];
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]!.property, "");
    assert.match(failures[0]!.reason, /outage/);
  });
});
