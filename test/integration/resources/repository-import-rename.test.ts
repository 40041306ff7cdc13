// RepositoryImport when a GitHub repository is renamed after it was imported: GitHub answers the old
// name with 301 to the new one, and the provider reports a rename (old → new), not a deletion.
// Snyk × GitHub Enterprise on in-process emulators and one virtual clock.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as handler } from "../../../provider/src/resources/repository-import";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { checked, connect } from "../../support/connect";

const TOKEN = "ghp_CANARYunitRepositoryImportRename01";

let world: World;
let connection: Props;
let lines: string[] = [];

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
  connection = await connect(world, TOKEN);
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
    const outs = created.outs;
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
