// SnykCodeSettings' check, diff, create, read, update and delete, called directly (no engine) against
// the in-process Snyk emulator (REST /orgs/{org_id}/settings/sast): the preview line, writes only when
// the setting differs, drift seen by refresh and by diff, delete giving back the earlier value, one
// resource per org, an outage reported as one; and RepositoryImport's preview line about an org with
// Snyk Code off.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import { forgetSnykCodeClaims } from "../../../provider/src/resources/snyk-code-claims";
import { snykCodeSettingsHandler as handler } from "../../../provider/src/resources/snyk-code-settings";
import { UNKNOWN_VALUE } from "../../../provider/src/resources/schema-support";
import { snykCodeOf } from "../../emulators/snyk/sast-routes";
import { findCanary } from "../../support/canary";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { useWorld } from "../../support/use-world";
import { SNYK_ORG, startWorld, type World } from "../../support/world";

const SCM_TOKEN = "ghp_CANARYunitSnykCodeSettings000000001";
let world: World;
let connection: Props;
let lines: string[] = [];

const snykCode = () => snykCodeOf(new PlatformView(world).snyk).get(SNYK_ORG);
const setOutOfBand = (enabled: boolean) => snykCodeOf(new PlatformView(world).snyk).set(SNYK_ORG, enabled);
const sastRequests = (method: "GET" | "PATCH") =>
  world.platform.requestStats().byRoute[`${method} /rest/orgs/:orgId/settings/sast`] ?? 0;
const news = (overrides: Props = {}): Props => ({ platformOrg: SNYK_ORG, resourceName: "snyk-code", ...overrides });

function assertNoCanary(value: unknown): void {
  const leak = findCanary(JSON.stringify(value) + lines.join("\n"), [SCM_TOKEN, world.platformToken]);
  assert.equal(leak, undefined, `a token leaked (${leak?.form})`);
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: SCM_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((_level, line) => lines.push(line));
  connection = await connect(world, SCM_TOKEN);
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([world.scm, world.platform]);
  await world.stop();
});

beforeEach(() => {
  lines = [];
  forgetSnykCodeClaims();
  forgetListings();
  useWorld(world);
  setOutOfBand(false);
  world.platform.clearFaults();
  world.platform.resetRequestStats();
});

describe("SnykCodeSettings", () => {
  test("check says what up changes, defaults enabled to true and writes nothing", async () => {
    const result = await handler.check({}, news());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.equal(result.inputs?.enabled, true);
    assert.ok(
      lines.some((l) =>
        l.includes(`[SnykCodeSettings snyk-code] Snyk Code is off in Snyk org ${SNYK_ORG}; up turns it on`),
      ),
      lines.join("\n"),
    );
    assert.equal(sastRequests("PATCH"), 0);
    assert.equal(world.platform.requestStats().writes, 0);
  });

  test("create turns it on and records what it found; a no-change diff reads once and writes nothing", async () => {
    const inputs = (await handler.check({}, news())).inputs!;
    const created = await handler.create(inputs);
    assert.equal(created.id, SNYK_ORG);
    assert.equal(snykCode().enabled, true);
    assert.equal(created.outs.enabledBefore, false);
    assert.equal(sastRequests("PATCH"), 1);
    world.platform.resetRequestStats();
    const diff = await handler.diff(created.id, created.outs, inputs);
    assert.equal(diff.changes, false);
    assert.equal(world.platform.requestStats().writes, 0);
    assertNoCanary(created);
  });

  test("create writes nothing when the org already has the declared value, and delete then leaves it", async () => {
    setOutOfBand(true);
    const created = await handler.create(await checked(handler, news()));
    assert.equal(created.outs.enabledBefore, true);
    await handler.delete(created.id, created.outs);
    assert.equal(sastRequests("PATCH"), 0);
    assert.equal(snykCode().enabled, true);
    assert.ok(
      lines.some((l) => /left Snyk Code on .*what it was before this resource/.test(l)),
      lines.join("\n"),
    );
  });

  test("refresh reports a change made out of band; diff plans to set it back; update keeps enabledBefore", async () => {
    const created = await handler.create(await checked(handler, news()));
    setOutOfBand(false);
    lines = [];
    const read = await handler.read(created.id, created.outs);
    assert.equal(read.props?.enabled, false);
    assert.equal(read.inputs?.enabled, false);
    assert.ok(
      lines.some((l) =>
        /drift: Snyk Code is off in Snyk org .*changed out of band; the next pulumi up turns it on/.test(l),
      ),
      lines.join("\n"),
    );
    // Without a refresh, diff sees it too (the engine then runs update).
    const diff = await handler.diff(created.id, created.outs, news({ enabled: true }));
    assert.equal(diff.changes, true);
    const updated = await handler.update(created.id, read.props, await checked(handler, news(), read.props));
    assert.equal(snykCode().enabled, true);
    assert.equal(updated.outs?.enabledBefore, false, "the value found before the first change is kept");
  });

  test("an update records nothing new: enabledBefore stays what the org had before the first change", async () => {
    const created = await handler.create(await checked(handler, news()));
    const off = (await handler.check(created.outs, news({ enabled: false }))).inputs!;
    assert.deepEqual(await handler.diff(created.id, created.outs, off), {});
    const updated = await handler.update(created.id, created.outs, off);
    assert.equal(snykCode().enabled, false);
    assert.equal(updated.outs?.enabledBefore, false);
    const on = (await handler.check(updated.outs, news())).inputs!;
    const again = await handler.update(created.id, updated.outs, on);
    assert.equal(snykCode().enabled, true);
    assert.equal(again.outs?.enabledBefore, false);
  });

  test("delete gives the org back the value found before the first change", async () => {
    const created = await handler.create(await checked(handler, news()));
    assert.equal(snykCode().enabled, true);
    await handler.delete(created.id, created.outs);
    assert.equal(snykCode().enabled, false);
    assert.ok(
      lines.some((l) => /gave Snyk org .* back its earlier Snyk Code setting: off/.test(l)),
      lines.join("\n"),
    );
  });

  test("enabled: false turns it off, and delete turns it on again", async () => {
    setOutOfBand(true);
    const created = await handler.create(await checked(handler, news({ enabled: false })));
    assert.equal(snykCode().enabled, false);
    await handler.delete(created.id, created.outs);
    assert.equal(snykCode().enabled, true);
  });

  test("a second resource for the same org fails its preview naming the first; the first checked again passes", async () => {
    assert.equal((await handler.check({}, news())).failures, undefined);
    const second = await handler.check(
      {},
      news({ resourceName: "snyk-code-again", platformOrg: SNYK_ORG.toUpperCase() }),
    );
    assert.equal(second.failures?.[0]?.property, "platformOrg");
    assert.match(
      second.failures?.[0]?.reason ?? "",
      /SnykCodeSettings "snyk-code" already declares the Snyk Code setting .* Fix: keep one SnykCodeSettings per organization; remove "snyk-code-again"/,
    );
    assert.equal((await handler.check({}, news())).failures, undefined);
  });

  test("a platformOrg that is not a Snyk org id is refused before any request", async () => {
    const result = await handler.check({}, news({ platformOrg: "acme-security" }));
    assert.equal(result.failures?.[0]?.property, "platformOrg");
    assert.match(result.failures?.[0]?.reason ?? "", /"acme-security" is not a Snyk organization id/);
    assert.equal(world.platform.requestStats().total, 0);
  });

  test("an unknown platformOrg (preview) is not judged and nothing is sent", async () => {
    const result = await handler.check({}, news({ platformOrg: UNKNOWN_VALUE }));
    assert.equal(result.failures, undefined);
    assert.equal(world.platform.requestStats().total, 0);
  });

  test("an outage is reported as an outage, naming no input", async () => {
    world.platform.addFault({ match: { pathRegex: "/settings/sast$" }, kind: "status", status: 503, count: 100 });
    const result = await handler.check({}, news());
    assert.equal(result.failures?.[0]?.property, "");
    assert.match(result.failures?.[0]?.reason ?? "", /^service unavailable \(an outage of the service/);
    const e = await rejection(handler.create(news({ enabled: true })));
    assert.match(e.message, /HTTP 503 \(Snyk server error\)/);
  });

  test("a token without the org permissions is told which ones it needs", async () => {
    world.platform.addFault({
      match: { pathRegex: "/settings/sast$" },
      kind: "status",
      status: 403,
      body: { jsonapi: { version: "1.0" }, errors: [{ status: "403", detail: "Permission denied for this resource" }] },
      count: 100,
    });
    const failure = (await handler.check({}, news())).failures?.[0];
    assert.equal(failure?.property, "platformOrg");
    assert.match(failure?.reason ?? "", /HTTP 403 .*Permission denied for this resource/);
    assert.match(
      failure?.reason ?? "",
      /View Organization \(to read Snyk Code\) and Edit Organization \(to change it\)/,
    );
  });

  test("a lost answer to the write keeps the resource and the earlier value, so destroy still restores it", async () => {
    world.platform.addFault({
      match: { method: "PATCH", pathRegex: "/settings/sast$" },
      kind: "status",
      status: 500,
      count: 100,
    });
    const e = (await rejection(handler.create(news({ enabled: true })))) as Error & { id?: string; properties?: Props };
    assert.equal(e.id, SNYK_ORG);
    assert.equal(e.properties?.enabledBefore, false);
    assert.equal(e.properties?.enabled, false);
  });
});

describe("RepositoryImport into a Snyk org", () => {
  const importNews = (): Props => ({ connection, repositories: ["acme/api"], resourceName: "imports" });

  test("with Snyk Code off warns at preview, once, and still passes", async () => {
    const result = await repositoryImportHandler.check({}, importNews());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    const warned = lines.filter((l) => l.includes("Snyk Code is off in Snyk org"));
    assert.equal(warned.length, 1, lines.join("\n"));
    assert.match(
      warned[0]!,
      /\[RepositoryImport imports\] .*no Snyk Code \(SAST\) analysis\. Fix: declare a SnykCodeSettings/,
    );
    // The checked inputs carry the connection (and its token: a secret input the engine keeps encrypted).
    assertNoCanary({ ...result.inputs, connection: undefined });
  });

  test("with Snyk Code on says nothing about it", async () => {
    setOutOfBand(true);
    await repositoryImportHandler.check({}, importNews());
    assert.deepEqual(
      lines.filter((l) => l.includes("Snyk Code")),
      [],
    );
  });

  test("with Snyk Code off and a SnykCodeSettings of the program turning it on, says so without a warning", async () => {
    await handler.check({}, news());
    lines = [];
    await repositoryImportHandler.check({}, importNews());
    assert.ok(
      lines.some((l) => l.includes(`SnykCodeSettings "snyk-code" of this program turns it on at up`)),
      lines.join("\n"),
    );
    assert.ok(!lines.some((l) => /Fix: declare a SnykCodeSettings/.test(l)));
  });

  test("when Snyk Code cannot be read, says so as an outage and the preview goes on", async () => {
    world.platform.addFault({ match: { pathRegex: "/settings/sast$" }, kind: "status", status: 503, count: 100 });
    const result = await repositoryImportHandler.check({}, importNews());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.ok(
      lines.some((l) => /could not read whether Snyk Code is on .*an outage, not a problem with the inputs/.test(l)),
      lines.join("\n"),
    );
  });
});
