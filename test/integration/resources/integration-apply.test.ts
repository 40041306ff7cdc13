// Integration's create, read, update and delete, called directly (no engine) against in-process
// emulators: Snyk × GitLab Self-Managed (a remote integration: upsert, adopt, rotate, refresh drift,
// idempotent delete) and Semgrep × GitHub Enterprise Server (a validated local record).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { SNYK_ORG, startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { checked } from "../../support/connect";

const GL_1 = "glpat-CANARYunitIntegrationApply01";
const GL_2 = "glpat-CANARYunitIntegrationApply02";
const GL_NARROW = "glpat-CANARYunitIntegrationApplyNN";
const GHE_1 = "ghp_CANARYunitIntegrationApply0000000001";
const CANARIES = [GL_1, GL_2, GL_NARROW, GHE_1];
const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();

let snyk: World;
let semgrep: World;
let lines: string[] = [];

interface SnykIntegration {
  id: string;
  type: string;
  hasCredentials: boolean;
  tokenSha256?: string;
  url?: string;
}

function snykIntegrations(): SnykIntegration[] {
  const dump = snyk.platform.dump() as { orgs: { id: string; integrations: SnykIntegration[] }[] };
  return dump.orgs.find((o) => o.id === SNYK_ORG)?.integrations ?? [];
}

function clearSnykIntegrations(): void {
  (snyk.platform as unknown as { snyk: { orgs: Map<string, { integrations: Map<string, unknown> }> } }).snyk.orgs
    .get(SNYK_ORG)!
    .integrations.clear();
}

const fingerprint = (token: string, length: number) =>
  createHash("sha256").update(token).digest("hex").slice(0, length);

function snykInputs(overrides: Props = {}): Props {
  return {
    platform: "snyk",
    platformOrg: SNYK_ORG,
    level: "organization",
    scm: "gitlab-self-managed",
    baseUrl: snyk.baseUrl,
    token: GL_1,
    resourceName: "gitlab",
    ...overrides,
  };
}

function assertNoCanary(value: unknown, except: string[] = []): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES.filter((c) => !except.includes(c))) {
    assert.ok(!text.includes(canary), `a token leaked: ${text}`);
  }
}

beforeAll(async () => {
  snyk = await startWorld({
    scm: "gitlab-self-managed",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [
      { value: GL_1, scopes: ["api", "sudo"], expiresAt: inTenDays },
      { value: GL_2, scopes: ["api"] },
      { value: GL_NARROW, scopes: ["read_api"] },
    ],
  });
  semgrep = await startWorld({
    scm: "github-enterprise",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: GHE_1, scopes: ["repo", "user:email", "write:discussion"] }],
  });
  runOnVirtualClock([snyk, semgrep].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([snyk, semgrep].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([snyk?.stop(), semgrep?.stop()]);
});

beforeEach(() => {
  lines = [];
});

describe("Integration on Snyk × GitLab Self-Managed", () => {
  let id = "";

  beforeAll(() => useWorld(snyk));

  test("create registers the integration and returns every output", async () => {
    const { id: created, outs } = await integrationHandler.create(snykInputs());
    id = created;
    const integrations = snykIntegrations();
    assert.equal(integrations.length, 1);
    assert.deepEqual(
      { ...integrations[0], id: "" },
      {
        id: "",
        type: "gitlab",
        brokered: false,
        hasCredentials: true,
        tokenSha256: fingerprint(GL_1, 16),
        url: snyk.baseUrl,
      },
    );
    assert.equal(integrations[0]!.id, id);
    assert.ok(outs);
    assert.equal(outs.integrationId, id);
    assert.equal(outs.integrationType, "gitlab");
    assert.equal(outs.apiUrl, `${snyk.baseUrl}/api/v4`);
    assert.deepEqual(outs.tokenScopes, ["api", "sudo"]);
    assert.deepEqual(outs.missingScopes, []);
    assert.deepEqual(outs.excessScopes, ["sudo"]);
    assert.equal(outs.tokenFingerprint, fingerprint(GL_1, 12));
    assert.equal(outs.tokenOwner, "platform-bot");
    assert.equal(outs.serverVersion, "18.2.0");
    assert.match(String(outs.tokenExpiresAt), /^\d{4}-\d{2}-\d{2}/);
    const warnings = outs.warnings as string[];
    assert.ok(
      warnings.some((w) => /does not need: sudo/.test(w)),
      JSON.stringify(warnings),
    );
    assert.ok(
      warnings.some((w) => /expires/.test(w)),
      JSON.stringify(warnings),
    );
    // Inputs are echoed (the dynamic provider stores only what create returns), the internal name too.
    for (const key of ["platform", "platformOrg", "level", "scm", "baseUrl", "resourceName"]) {
      assert.deepEqual(outs[key], snykInputs()[key], key);
    }
    // The token is an output only under `token` (marked secret by additionalSecretOutputs).
    assertNoCanary({ ...outs, token: undefined });
  });

  test("read finds it unchanged and returns the inputs for refresh", async () => {
    const { outs } = await integrationHandler.create(snykInputs());
    const read = await integrationHandler.read(id, outs);
    assert.equal(read.id, id);
    assert.equal(read.props?.integrationId, id);
    assert.deepEqual(Object.keys(read.inputs ?? {}).sort(), [
      "adoptExisting",
      "baseUrl",
      "level",
      "platform",
      "platformOrg",
      "resourceName",
      "scm",
      "token",
    ]);
  });

  test("a new resource over an existing integration: check names it and refuses; with adoptExisting it is taken over", async () => {
    // Another resource made it (the create above): for a new resource it exists and is not its own.
    const refused = await integrationHandler.check({}, snykInputs());
    const failure = refused.failures?.[0];
    assert.equal(failure?.property, "adoptExisting", JSON.stringify(refused));
    assert.match(failure.reason, new RegExp(`the gitlab integration ${id} of Snyk org ${SNYK_ORG} already exists`));
    assert.match(failure.reason, /carry no marker of who made them/);
    assert.match(failure.reason, /Fix: if this resource should take it over, set adoptExisting: true/);
    const { id: again, outs } = await integrationHandler.create(
      await checked(integrationHandler, snykInputs({ adoptExisting: true })),
    );
    assert.equal(again, id);
    assert.equal(snykIntegrations().length, 1);
    assert.equal(outs.adopted, true);
    assert.ok((outs.warnings as string[]).some((w) => /already existed on the platform and was taken over/.test(w)));
    // The resource's own update is no takeover: no refusal for existing resources (old inputs are the
    // checked ones, with defaults; the program's new ones leave level unset).
    const olds = await checked(integrationHandler, snykInputs({ adoptExisting: true }));
    assert.equal((await integrationHandler.check(olds, snykInputs({ level: undefined }))).failures, undefined);
  });

  test("update rotates the credential in place", async () => {
    const olds = (await integrationHandler.create(snykInputs())).outs;
    const { outs } = await integrationHandler.update(id, olds, snykInputs({ token: GL_2 }));
    assert.equal(outs?.integrationId, id);
    assert.equal(outs?.tokenFingerprint, fingerprint(GL_2, 12));
    assert.deepEqual(outs?.excessScopes, []);
    assert.equal(snykIntegrations().length, 1);
    assert.equal(snykIntegrations()[0]!.tokenSha256, fingerprint(GL_2, 16));
  });

  test("create and update refuse a token missing scopes before touching Snyk", async () => {
    snyk.platform.resetRequestStats();
    const error = await rejection(integrationHandler.create(snykInputs({ token: GL_NARROW })));
    assert.match(
      error.message,
      /^Integration: token: the token lacks scopes snyk needs for gitlab-self-managed: api \(it has: read_api\)/,
    );
    assert.match(error.message, /create a token with api and set it as token/);
    const update = await rejection(integrationHandler.update(id, snykInputs(), snykInputs({ token: GL_NARROW })));
    assert.match(update.message, /lacks scopes/);
    assert.equal(snyk.platform.requestStats().writes, 0);
    assert.equal(snykIntegrations()[0]!.tokenSha256, fingerprint(GL_2, 16), "the working credential stays");
    assertNoCanary([error.message, update.message]);
  });

  test("read reports an integration removed out of band as gone", async () => {
    const props = (await integrationHandler.create(snykInputs({ token: GL_2 }))).outs;
    clearSnykIntegrations();
    const read = await integrationHandler.read(id, props);
    assert.deepEqual(read, {});
    assert.ok(
      lines.some((l) => /\[Integration gitlab\] warning: integration \S+ no longer exists on snyk/.test(l)),
      lines.join("\n"),
    );
  });

  test("delete removes the credentials, and deleting again is not an error", async () => {
    const { id: created, outs } = await integrationHandler.create(snykInputs({ token: GL_2 }));
    await integrationHandler.delete(created, outs);
    assert.equal(snykIntegrations()[0]!.hasCredentials, false);
    await integrationHandler.delete(created, outs);
    clearSnykIntegrations();
    await integrationHandler.delete(created, outs);
    assertNoCanary(lines);
  });
});

describe("Integration on Semgrep × GitHub Enterprise Server", () => {
  beforeAll(() => useWorld(semgrep));

  const inputs = (overrides: Props = {}): Props => ({
    platform: "semgrep",
    platformOrg: "acme",
    level: "organization",
    scm: "github-enterprise",
    baseUrl: semgrep.baseUrl,
    token: GHE_1,
    resourceName: "ghes",
    ...overrides,
  });

  test("create validates and records a deterministic local id, writing nothing to Semgrep", async () => {
    semgrep.platform.resetRequestStats();
    const { id, outs } = await integrationHandler.create(inputs());
    assert.equal(id, `semgrep:4242:github-enterprise:${new URL(semgrep.baseUrl!).host}`);
    assert.deepEqual(outs?.missingScopes, []);
    assert.equal(semgrep.platform.requestStats().writes, 0);
    assert.deepEqual((semgrep.platform.dump() as { configs: unknown[] }).configs, []);
  });

  test("another base URL is another integration (its identity, hence a replacement)", async () => {
    const { id } = await integrationHandler.create(
      inputs({ baseUrl: semgrep.baseUrl!.replace("127.0.0.1", "localhost") }),
    );
    assert.equal(
      id,
      `semgrep:4242:github-enterprise:${new URL(semgrep.baseUrl!).host.replace("127.0.0.1", "localhost")}`,
    );
  });

  test("read confirms it; a deployment the token cannot see reads as gone", async () => {
    const { id, outs } = await integrationHandler.create(inputs());
    assert.equal((await integrationHandler.read(id, outs)).id, id);
    assert.deepEqual(await integrationHandler.read(id, { ...outs, platformOrg: "other" }), {});
  });

  test("create names platformOrg and the fix when the deployment does not exist", async () => {
    const error = await rejection(integrationHandler.create(inputs({ platformOrg: "nope" })));
    assert.match(
      error.message,
      /platformOrg: no Semgrep deployment "nope" is visible to this API token; it sees "acme" \(id 4242\)/,
    );
    assert.match(error.message, /set platformOrg to the deployment's slug or numeric id/);
  });

  test("delete has nothing remote to remove", async () => {
    const { id, outs } = await integrationHandler.create(inputs());
    semgrep.platform.resetRequestStats();
    await integrationHandler.delete(id, outs);
    assert.equal(semgrep.platform.requestStats().writes, 0);
  });
});
