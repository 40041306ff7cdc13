// Integration × Snyk × github.com through the real handlers and the in-process emulators. The world
// points `scm-integrations:githubApiUrl` at the GitHub emulator (as a proxy would be), so the token is
// checked there. The preview says how Snyk registers github.com (a github-enterprise integration, one
// per org: github.com or one GHES instance, not both) and that Snyk is given the overridden address;
// create gives Snyk the address the token was checked against, never a different one.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { SNYK_ORG, startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";

const TOKEN = "ghp_CANARYsnykGithubRegistration00000001";

let world: World;
let lines: string[] = [];

function inputs(): Record<string, unknown> {
  return { platform: "snyk", platformOrg: SNYK_ORG, scm: "github", token: TOKEN, resourceName: "github" };
}

function storedIntegrations(): { type: string; url?: string }[] {
  const dump = world.platform.dump() as { orgs: { id: string; integrations: { type: string; url?: string }[] }[] };
  return dump.orgs.find((o) => o.id === SNYK_ORG)?.integrations ?? [];
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
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

describe("Integration × Snyk × github.com", () => {
  test("the preview says github.com becomes a github-enterprise integration, one per Snyk org", async () => {
    const result = await integrationHandler.check({}, inputs());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    const log = lines.join("\n");
    assert.match(
      log,
      /\[Integration github\] .*github\.com is registered in Snyk org \S+ as a github-enterprise integration/,
    );
    assert.match(log, /service-account API tokens/);
    assert.match(log, /https:\/\/docs\.snyk\.io\//);
    assert.match(log, /can serve github\.com or one GitHub Enterprise Server instance, not both/);
    assert.equal(world.platform.requestStats().writes, 0, "check writes nothing");
  });

  test("the preview names scm-integrations:githubApiUrl and says Snyk is given the overridden address", async () => {
    await integrationHandler.check({}, inputs());
    const overridden = lines.find((l) => l.includes("scm-integrations:githubApiUrl"));
    assert.ok(overridden, lines.join("\n"));
    assert.match(overridden, /^warn/);
    assert.ok(overridden.includes(world.scm.url), "it names the address Snyk is given");
    assert.match(overridden, /Snyk's servers connect to it themselves/);
  });

  test("create gives Snyk the API address the token was checked against, not https://api.github.com", async () => {
    const created = await integrationHandler.create(inputs());
    assert.equal(created.outs.integrationType, "github-enterprise");
    const stored = storedIntegrations().find((i) => i.type === "github-enterprise");
    assert.ok(stored, JSON.stringify(storedIntegrations()));
    assert.equal(stored.url, created.outs.apiUrl, "Snyk holds the address the token was checked against");
    assert.equal(stored.url, world.scm.url);
    // The outputs echo the token input (the engine keeps it secret); no log line may carry it.
    assert.ok(!lines.join("\n").includes(TOKEN), "a token leaked into the log");
  });
});
