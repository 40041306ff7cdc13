// Integration's check and diff, called directly (no engine) against in-process emulators through the
// real services: valid inputs, every refusal naming field, problem and fix (zod, base URL rules,
// unsupported levels and combinations, missing platform credentials, missing scopes), warnings for
// excess scopes and expiry, and the preview paths where values are not known yet.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { findingSchema } from "../../../provider/src/core/findings";
import { setLogSink } from "../../../provider/src/core/log";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { UNKNOWN_VALUE } from "../../../provider/src/resources/schema-support";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";

const GOOD = "ghp_CANARYunitIntegrationCheck0000000001";
const NARROW = "ghp_CANARYunitIntegrationCheck000000000n";
const EXPIRED = "ghp_CANARYunitIntegrationCheck000000000x";
const UNKNOWN_TO_SCM = "ghp_CANARYunitIntegrationCheck000000000u";
const SEMGREP_GH = "ghp_CANARYunitIntegrationCheckSemgrep001";
const CANARIES = [GOOD, NARROW, EXPIRED, UNKNOWN_TO_SCM, SEMGREP_GH];
const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");

let ghes: World;
let semgrepGithub: World;
let lines: string[] = [];

function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platform: "snyk",
    platformOrg: ghes.platformOrg,
    scm: "github-enterprise",
    baseUrl: ghes.baseUrl,
    token: GOOD,
    resourceName: "ghes",
    ...overrides,
  };
}

function requests(world: World): { scm: number; platform: number; platformWrites: number } {
  return {
    scm: world.scm.requestStats().total,
    platform: world.platform.requestStats().total,
    platformWrites: world.platform.requestStats().writes,
  };
}

function assertNoCanary(value: unknown): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES) assert.ok(!text.includes(canary), `a token leaked: ${text}`);
}

beforeAll(async () => {
  ghes = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [
      { value: GOOD, scopes: ["repo", "read:org", "admin:repo_hook", "delete_repo"], expiresAt: inTenDays },
      { value: NARROW, scopes: ["public_repo"] },
      { value: EXPIRED, scopes: ["repo", "read:org", "admin:repo_hook"], expiresAt: "2020-01-01T00:00:00Z" },
    ],
  });
  semgrepGithub = await startWorld({
    scm: "github",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: SEMGREP_GH, scopes: ["repo", "read:org"] }],
  });
  runOnVirtualClock([ghes, semgrepGithub].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([ghes, semgrepGithub].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([ghes?.stop(), semgrepGithub?.stop()]);
});

beforeEach(() => {
  lines = [];
  useWorld(ghes);
  ghes.scm.resetRequestStats();
  ghes.platform.resetRequestStats();
});

describe("Integration check", () => {
  test("accepts valid inputs: level defaulted, base URL normalised, findings and warnings logged, nothing written", async () => {
    process.env["PULUMI_SCM_FINDINGS"] = "json";
    const result = await integrationHandler.check({}, news({ baseUrl: `${ghes.baseUrl}/api/v3/` })).finally(() => {
      delete process.env["PULUMI_SCM_FINDINGS"];
    });
    assert.equal(result.failures, undefined);
    assert.equal(result.inputs?.level, "organization");
    assert.equal(result.inputs?.baseUrl, ghes.baseUrl, "the API suffix and trailing slash are dropped");
    assert.equal(result.inputs?.token, GOOD, "the checked inputs keep the token (the engine marks it secret)");
    const log = lines.join("\n");
    assert.match(
      log,
      /\[Integration ghes\] http:\/\/127\.0\.0\.1:\d+\/api\/v3: github-classic-pat token of platform-bot/,
    );
    assert.match(log, /missing: none; excess: delete_repo/);
    // The same finding as a record, for the review report (PULUMI_SCM_FINDINGS=json).
    const record = lines.find((l) => l.startsWith("[Integration ghes] finding: "));
    assert.ok(record, log);
    assert.deepEqual(
      { ...findingSchema.parse(JSON.parse(record.slice(record.indexOf("{")))), apiUrl: "", expires: "" },
      {
        type: "token",
        apiUrl: "",
        tokenKind: "github-classic-pat",
        owner: "platform-bot",
        scopes: ["admin:repo_hook", "delete_repo", "read:org", "repo"],
        missing: [],
        excess: ["delete_repo"],
        expires: "",
        serverVersion: "3.19.0",
      },
    );
    assert.match(log, /warning: the token carries scopes snyk does not need: delete_repo/);
    assert.match(log, /warning: the token expires \S+ \S+,? \(?in (9|10) days/);
    assert.equal((log.match(/warning: the token expires/g) ?? []).length, 1, "one expiry policy, one warning");
    assert.equal(requests(ghes).platformWrites, 0);
    assertNoCanary({ log });
  });

  test("reports every input problem at once, each naming its field, without showing the token", async () => {
    const result = await integrationHandler.check(
      {},
      {
        platform: "gitlab",
        platformOrg: "",
        scm: "svn",
        level: "team",
        token: [GOOD],
        prComments: true,
        resourceName: "bad",
      },
    );
    const failures = result.failures ?? [];
    const byField = new Map(failures.map((f) => [f.property || f.reason.split(":")[0]!, f.reason]));
    for (const field of ["platform", "platformOrg", "scm", "level", "token", "prComments"]) {
      assert.ok(byField.has(field), `no failure for ${field}: ${JSON.stringify(failures)}`);
      assert.match(byField.get(field)!, new RegExp(`(^|: )?${field}`), `the reason names ${field}`);
    }
    assert.match(byField.get("platform")!, /platform must be .*snyk.*semgrep.*got "gitlab"/);
    assert.match(
      byField.get("prComments")!,
      /unknown property "prComments"; accepted properties are platform, platformOrg/,
    );
    // The token is secret: its failure carries no property (the engine would print the value) and no value.
    assert.ok(failures.some((f) => f.property === "" && f.reason.startsWith("token")));
    assert.equal(requests(ghes).scm, 0, "nothing is sent while the inputs are invalid");
    assertNoCanary(failures);
  });

  const baseUrlCases: {
    name: string;
    inputs: Record<string, unknown>;
    reason: RegExp;
    overrides?: Record<string, string>;
  }[] = [
    {
      name: "a base URL for github.com",
      inputs: { scm: "github", baseUrl: "https://ghe.example.com" },
      reason: /baseUrl|github/,
    },
    { name: "no base URL for GHES", inputs: { baseUrl: undefined }, reason: /required|baseUrl/ },
    {
      name: "plain http to a remote host",
      inputs: { baseUrl: "http://ghe.example.com" },
      reason: /plain http.*Fix: use https:\/\//,
    },
    {
      name: "credentials in the URL",
      inputs: { baseUrl: "https://user:pw@ghe.example.com" },
      reason: /contains credentials.*Fix: remove the user:password@ part/,
    },
    {
      name: "plain http to loopback without allowInsecureLoopback",
      inputs: {},
      overrides: { "scm-integrations:allowInsecureLoopback": "false" },
      reason: /only allowed for tests.*allowInsecureLoopback/,
    },
  ];
  for (const c of baseUrlCases) {
    test(`refuses ${c.name}, naming baseUrl and the fix`, async () => {
      if (c.overrides) useWorld(ghes, c.overrides);
      const result = await integrationHandler.check({}, news(c.inputs));
      // A URL that carries a credential is named in the reason, so the engine does not print it.
      const failure =
        typeof c.inputs.baseUrl === "string" && c.inputs.baseUrl.includes("@")
          ? result.failures?.find((f) => f.property === "" && f.reason.startsWith("baseUrl: "))
          : result.failures?.find((f) => f.property === "baseUrl");
      assert.ok(failure, JSON.stringify(result));
      assert.match(failure.reason, c.reason);
      assert.match(failure.reason, /Fix:|set|remove|use/);
      assert.equal(requests(ghes).scm, 0);
    });
  }

  test("refuses every loopback spelling of the emulator's address without allowInsecureLoopback: no SCM request", async () => {
    useWorld(ghes, { "scm-integrations:allowInsecureLoopback": "false" });
    const port = new URL(ghes.baseUrl!).port;
    for (const baseUrl of [
      `https://127.0.0.1:${port}`,
      `https://localhost:${port}`,
      `https://2130706433:${port}`,
      `https://127.1:${port}`,
      `https://0x7f.1:${port}`,
      `http://2130706433:${port}`,
      `https://[::ffff:127.0.0.1]:${port}`,
      `https://[::1]:${port}`,
    ]) {
      const result = await integrationHandler.check({}, news({ baseUrl }));
      const failure = result.failures?.find((f) => f.property === "baseUrl");
      assert.ok(failure, `${baseUrl}: ${JSON.stringify(result)}`);
      assert.match(failure.reason, /loopback.*only allowed for tests.*allowInsecureLoopback/, baseUrl);
      assertNoCanary(result);
    }
    assert.equal(requests(ghes).scm, 0);
  });

  test("refuses metadata and link-local addresses even with allowInsecureLoopback: no SCM request", async () => {
    for (const baseUrl of [
      "https://2852039166",
      "https://[fd00:ec2::254]",
      "https://metadata.google.internal",
      "https://169.254.170.2",
    ]) {
      const result = await integrationHandler.check({}, news({ baseUrl }));
      const failure = result.failures?.find((f) => f.property === "baseUrl");
      assert.ok(failure, `${baseUrl}: ${JSON.stringify(result)}`);
      assert.match(failure.reason, /link-local|metadata/, baseUrl);
    }
    assert.equal(requests(ghes).scm, 0);
  });

  test("refuses Snyk group level with the UI guidance, after checking the token for that setup", async () => {
    const result = await integrationHandler.check({}, news({ level: "group" }));
    assert.equal(result.failures?.length, 1, JSON.stringify(result));
    const [failure] = result.failures;
    assert.equal(failure!.property, "level");
    assert.match(failure!.reason, /snyk cannot connect github-enterprise at group level through an API/);
    assert.match(
      failure!.reason,
      /Fix: Snyk group-level \(Snyk Essentials\) SCM integrations have no public API; configure this one on the Integrations page of the Snyk group/,
    );
    assert.match(
      failure!.reason,
      /The token would not do either: the token lacks scopes snyk needs for github-enterprise: read:user, user:email/,
    );
    assert.equal(requests(ghes).platform, 0, "nothing is faked on Snyk");
    assertNoCanary(result);
  });

  test("refuses Semgrep group level with guidance", async () => {
    const result = await integrationHandler.check(
      {},
      news({ platform: "semgrep", level: "group", platformOrg: "acme" }),
    );
    const failure = result.failures?.find((f) => f.property === "level");
    assert.ok(failure, JSON.stringify(result));
    assert.match(
      failure.reason,
      /semgrep cannot connect github-enterprise at group level.*Fix: Semgrep connects SCMs per deployment/,
    );
  });

  test("refuses Semgrep × GitHub Cloud without an installed GitHub App, with the app-install guidance", async () => {
    useWorld(semgrepGithub);
    const result = await integrationHandler.check(
      {},
      { platform: "semgrep", platformOrg: "acme", scm: "github", token: SEMGREP_GH, resourceName: "gh" },
    );
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    assert.equal(failure.property, "scm");
    assert.match(failure.reason, /Semgrep connects github\.com through the Semgrep GitHub App, not with a token/);
    assert.match(failure.reason, /install the Semgrep GitHub App \(semgrep-app\) on the GitHub organization/);
    assert.equal(semgrepGithub.platform.requestStats().writes, 0);
    assertNoCanary(result);
  });

  test("refuses when no platform API token is configured, saying how to set one", async () => {
    const saved = process.env.SNYK_TOKEN;
    delete process.env.SNYK_TOKEN;
    try {
      useWorld(ghes, { "scm-integrations:snykToken": undefined });
      const result = await integrationHandler.check({}, news());
      const failure = result.failures?.find((f) => f.property === "platform");
      assert.ok(failure, JSON.stringify(result));
      assert.match(failure.reason, /no snyk API token is configured/);
      assert.match(
        failure.reason,
        /pulumi config set --secret scm-integrations:snykToken <token>' or set the SNYK_TOKEN environment variable/,
      );
      assert.equal(requests(ghes).scm, 0);
    } finally {
      if (saved !== undefined) process.env.SNYK_TOKEN = saved;
    }
  });

  test("refuses a token missing scopes with the exact list, never showing the token", async () => {
    const result = await integrationHandler.check({}, news({ token: NARROW }));
    assert.equal(result.failures?.length, 1, JSON.stringify(result));
    const [failure] = result.failures;
    assert.equal(failure!.property, "", "a failure about the secret token names it in the reason only");
    assert.equal(
      failure!.reason,
      "token: the token lacks scopes snyk needs for github-enterprise: admin:repo_hook, read:org, repo (it has: public_repo); " +
        "create a token with repo, read:org, admin:repo_hook and set it as token",
    );
    assertNoCanary(result);
  });

  test("refuses an expired token and a token the SCM does not know", async () => {
    const expired = await integrationHandler.check({}, news({ token: EXPIRED }));
    assert.match(expired.failures?.[0]?.reason ?? "", /^token: /);
    const unknown = await integrationHandler.check({}, news({ token: UNKNOWN_TO_SCM }));
    assert.match(unknown.failures?.[0]?.reason ?? "", /^token: /);
    assert.match(unknown.failures?.[0]?.reason ?? "", /credential|token/i);
    assertNoCanary([expired, unknown]);
  });

  test("preview: an unknown token is passed through without any request", async () => {
    const result = await integrationHandler.check({}, news({ token: UNKNOWN_VALUE }));
    assert.equal(result.failures, undefined);
    assert.equal(result.inputs?.token, UNKNOWN_VALUE);
    assert.equal(result.inputs?.level, "organization");
    assert.deepEqual(requests(ghes), { scm: 0, platform: 0, platformWrites: 0 });
  });

  test("preview: an unknown base URL is passed through; known fields are still judged", async () => {
    const passed = await integrationHandler.check({}, news({ baseUrl: UNKNOWN_VALUE }));
    assert.equal(passed.failures, undefined);
    assert.equal(passed.inputs?.baseUrl, UNKNOWN_VALUE);
    assert.equal(requests(ghes).scm, 0);
    const judged = await integrationHandler.check({}, news({ token: UNKNOWN_VALUE, platform: "snk" }));
    assert.equal(judged.failures?.[0]?.property, "platform");
  });
});

describe("Integration diff", () => {
  const olds = () => ({
    ...news({ level: "organization" }),
    integrationId: "i-1",
    apiUrl: `${ghes.baseUrl}/api/v3`,
    tokenScopes: ["repo"],
    warnings: [],
  });

  test("no change: changes false", async () => {
    assert.deepEqual(await integrationHandler.diff("i-1", olds(), news({ level: "organization" })), { changes: false });
  });

  test("a new token is an update in place (no replacement)", async () => {
    const diff = await integrationHandler.diff("i-1", olds(), news({ level: "organization", token: NARROW }));
    assert.deepEqual(diff, {});
  });

  for (const [key, value] of [
    ["baseUrl", "http://localhost:1"],
    ["platformOrg", "another-org"],
    ["scm", "gitlab-self-managed"],
    ["platform", "semgrep"],
    ["level", "group"],
  ] as const) {
    test(`a new ${key} replaces, deleting the old one first`, async () => {
      const diff = await integrationHandler.diff("i-1", olds(), news({ level: "organization", [key]: value }));
      assert.deepEqual(diff, { replaces: [key], deleteBeforeReplace: true });
    });
  }

  test("preview: an unknown base URL is not called a replacement", async () => {
    const diff = await integrationHandler.diff("i-1", olds(), news({ level: "organization", baseUrl: UNKNOWN_VALUE }));
    assert.deepEqual(diff, {});
  });
});
