// RepositoryImport when a GitHub repository is renamed after it was imported: GitHub answers the old
// name with 301 to the new one, and the provider reports a rename (old → new), not a deletion.
// Snyk × GitHub Enterprise on in-process emulators and one virtual clock.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as handler } from "../../../provider/src/resources/repository-import";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";

const TOKEN = "ghp_CANARYunitRepositoryImportRename01";

let world: World;
let connection: Props;
let lines: string[] = [];

async function checked(
  h: { check(o: Props, n: Props): Promise<{ inputs?: Props; failures?: unknown[] }> },
  news: Props,
  olds: Props = {},
): Promise<Props> {
  const result = await h.check(olds, news);
  assert.equal(result.failures, undefined, JSON.stringify(result.failures));
  return result.inputs!;
}

async function connect(): Promise<Props> {
  useWorld(world);
  const integration = (
    await integrationHandler.create(
      await checked(integrationHandler, {
        platform: world.spec.platform,
        platformOrg: world.platformOrg,
        scm: world.spec.scm,
        ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
        token: TOKEN,
        resourceName: "platform",
      }),
    )
  ).outs as Props;
  const ref: Props = {
    integrationId: integration.integrationId,
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm: world.spec.scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    apiUrl: integration.apiUrl,
    token: TOKEN,
  };
  const conn = (
    await orgConnectionHandler.create(
      await checked(orgConnectionHandler, { integration: ref, organization: "acme", resourceName: "acme" }),
    )
  ).outs as Props;
  return { ...ref, connectionId: conn.connectionId, organization: "acme" };
}

async function rename(from: string, to: string): Promise<void> {
  const res = await fetch(`${world.scm.url}/_control/rename-repository`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ owner: "acme", from, to }),
  });
  assert.equal(res.status, 200, await res.text());
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [
      { name: "api", topics: ["scan"] },
      { name: "web", topics: ["scan"] },
      { name: "docs", topics: ["docs"] },
    ],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((_level, line) => lines.push(line));
  connection = await connect();
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  if (world) {
    backToRealTime([world.scm, world.platform]);
    await world.stop();
  }
});

describe("RepositoryImport × renamed GitHub repository", () => {
  test("refresh reports a rename as old → new; an explicit old name is imported under the new one", async () => {
    useWorld(world);
    const raw: Props = {
      connection,
      selector: { include: ["acme/*"], topics: ["scan"] },
      mode: "authoritative",
      resourceName: "scanned",
    };
    const created = await handler.create(await checked(handler, raw));
    const outs = created.outs as Props;
    assert.deepEqual(Object.keys(outs.imported as Props), ["acme/api", "acme/web"]);

    await rename("api", "core-api");
    forgetListings();
    forgetMembershipClaims();
    lines = [];
    await handler.read(created.id, outs);
    assert.ok(
      lines.some((l) => /drift: 1 repositories were renamed in the SCM: acme\/api → acme\/core-api/.test(l)),
      lines.join("\n"),
    );
    assert.ok(!lines.some((l) => /no longer match the selector/.test(l)), lines.join("\n"));

    forgetListings();
    lines = [];
    const inputs = await checked(handler, { ...raw, selector: undefined, repositories: ["acme/api"] }, outs);
    assert.deepEqual(inputs.resolvedRepositories, { "acme/core-api": "repositories" });
    assert.ok(
      lines.some((l) => /"acme\/api" was renamed in the SCM to "acme\/core-api"/.test(l)),
      lines.join("\n"),
    );
  });
});
