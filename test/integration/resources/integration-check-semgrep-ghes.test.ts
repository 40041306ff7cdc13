// Integration check for Semgrep × GitHub Enterprise Server through the real handler and the GHES
// emulator (3.19): the scope rule follows GitHub's and Semgrep's current docs. write:discussion is gone
// from GHES 3.10 on, so a token without it passes; public_repo reads public repositories only, so a
// token without repo fails and the reason says why.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";

const CURRENT = "ghp_CANARYsemgrepGhesScopesCurrent000001";
const PUBLIC_ONLY = "ghp_CANARYsemgrepGhesScopesPublicOnly001";
const CANARIES = [CURRENT, PUBLIC_ONLY];

let world: World;
let lines: string[] = [];

function news(token: string): Record<string, unknown> {
  return {
    platform: "semgrep",
    platformOrg: world.platformOrg,
    scm: "github-enterprise",
    baseUrl: world.baseUrl,
    token,
    resourceName: "ghes",
  };
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api", visibility: "private" }],
    tokens: [
      { value: CURRENT, scopes: ["repo", "user:email"] },
      { value: PUBLIC_ONLY, scopes: ["public_repo", "repo:status", "user:email", "write:discussion"] },
    ],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([world.scm, world.platform]);
  await world.stop();
});

beforeEach(() => {
  lines = [];
  useWorld(world);
});

describe("Integration check × Semgrep × GHES 3.19", () => {
  test("accepts repo + user:email without write:discussion, which GHES 3.10 and later cannot grant", async () => {
    const result = await integrationHandler.check({}, news(CURRENT));
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.match(lines.join("\n"), /missing: none; .*server 3\.19\.0/);
  });

  test("refuses a token with public_repo only, saying it cannot read private repositories", async () => {
    const result = await integrationHandler.check({}, news(PUBLIC_ONLY));
    const failure = result.failures?.[0];
    assert.ok(failure, "a public_repo token must not pass for private code");
    // The token is secret: its failure names the field in the reason, not as the property.
    assert.equal(failure.property, "");
    assert.match(failure.reason, /^token: the token lacks scopes semgrep needs for github-enterprise: repo \(it has: /);
    assert.match(failure.reason, /public_repo reads public repositories only; Semgrep needs repo to read private/);
    const text = JSON.stringify(result) + lines.join("\n");
    for (const canary of CANARIES) assert.ok(!text.includes(canary), "a token leaked");
  });
});
