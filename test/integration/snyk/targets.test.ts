// Listing and removing imports (REST targets) against the Snyk emulator over HTTP: many pages,
// attribution to the right integration and SCM organization, cascading and idempotent deletes.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { SnykSeedTarget } from "../../emulators/snyk/seed";
import type { ImportScope } from "../../../provider/src/platforms/types";
import type { FetchLike } from "../../../provider/src/core/http";
import { FAST, ORG, canary, ghes, platformFor, seedWith } from "./fixtures";

const API_TOKEN = canary("snyk-targets");
const GH_INTEGRATION = "22222222-2222-4333-8444-555555555555";

const scope: ImportScope = {
  platformOrg: ORG,
  integrationId: GH_INTEGRATION,
  connectionId: `${GH_INTEGRATION}:acme`,
  endpoint: ghes,
  organization: "acme",
};

function targets(): SnykSeedTarget[] {
  const list: SnykSeedTarget[] = [];
  // 730 targets of acme through the github-enterprise integration; every 7th has no project at all.
  for (let i = 0; i < 730; i++) {
    list.push({
      integrationType: "github-enterprise",
      displayName: `acme/repo-${i}`,
      projects: i % 7 === 0 ? [] : ["package.json"],
    });
  }
  // Same integration, another GitHub organization (and one whose name only starts like acme).
  for (let i = 0; i < 15; i++)
    list.push({ integrationType: "github-enterprise", displayName: `other/repo-${i}`, projects: ["package.json"] });
  list.push({ integrationType: "github-enterprise", displayName: "acme-labs/tool", projects: ["package.json"] });
  // Another integration type: not listed at all (server-side source_types filter).
  for (let i = 0; i < 40; i++)
    list.push({ integrationType: "gitlab", displayName: `acme/gl-${i}`, projects: ["pom.xml"] });
  // A CLI-monitored target of the same name space has no integration: never attributed to this connection.
  // Snyk serves it with `relationships.integration.data.id: null` (nullable in the REST description of
  // GET /orgs/{org_id}/targets); one such target must not abort the listing.
  list.push({
    integrationType: "github-enterprise",
    displayName: "acme/unattributed",
    projects: ["package.json"],
    viaIntegration: false,
  });
  return list;
}

describe("Snyk targets", () => {
  let emulator: SnykEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = createSnykEmulator(seedWith(API_TOKEN));
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    const seed = seedWith(API_TOKEN, {
      orgs: [
        {
          id: ORG,
          integrations: [
            {
              type: "github-enterprise",
              id: GH_INTEGRATION,
              credentials: { token: "t", url: "https://ghe.example.com" },
            },
            { type: "gitlab", credentials: { token: "t" } },
          ],
          targets: targets(),
        },
      ],
    });
    emulator.seed(seed);
    emulator.resetRequestStats();
  });

  it("lists every target of this integration and organization across 8 pages, empty targets included", async () => {
    const listing = await platformFor(base, API_TOKEN).listImports(scope);
    assert.equal(listing.complete, true);
    assert.equal(listing.imports.length, 730);
    const names = listing.imports.map((i) => i.fullName);
    assert.deepEqual(
      names,
      Array.from({ length: 730 }, (_, i) => `acme/repo-${i}`),
    );
    const ids = new Map([...emulator.snyk.targets.values()].map((t) => [t.displayName, t.id]));
    for (const item of listing.imports) {
      assert.equal(item.platformId, ids.get(item.fullName));
      assert.equal(item.scanning, true);
    }
    // The target made without an integration was served (with a null integration id) and is not ours.
    const cli = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/unattributed");
    assert.equal(cli?.integrationId, null);
    assert.ok(!names.includes("acme/unattributed"));
    // 730 + 15 + 1 + 1 github-enterprise targets = 747 at 100 a page.
    assert.equal(emulator.requestStats().byRoute["GET /rest/orgs/:orgId/targets"], 8);
    const first = emulator.requestStats().recent[0];
    assert.match(first?.url ?? "", /[?&]version=2024-10-15(&|$)/);
    assert.match(first?.url ?? "", /[?&]exclude_empty=false(&|$)/);
    assert.match(first?.url ?? "", /[?&]source_types=github-enterprise(&|$)/);
  });

  it("keeps following links.next when targets are deleted between pages", async () => {
    // Delete a target of page 3 right after page 1 has been answered.
    let pages = 0;
    const fetchThenDelete: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (input.includes("/targets?") && ++pages === 1) {
        const victim = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/repo-250");
        if (victim) emulator.snyk.deleteTarget(victim.id);
      }
      return response;
    };
    const platform = platformFor(base, API_TOKEN, { ...FAST, fetch: fetchThenDelete });
    const listing = await platform.listImports(scope);
    assert.equal(pages, 8);
    assert.equal(listing.imports.length, 729);
    assert.equal(new Set(listing.imports.map((i) => i.platformId)).size, 729, "no target is listed twice");
    assert.ok(!listing.imports.some((i) => i.fullName === "acme/repo-250"));
  });

  it("still pages correctly when most targets are deleted mid-listing (the emulator compacts its index)", async () => {
    // After page 1, delete every acme target above repo-99 except each tenth: more than half of all
    // targets go at once, so the emulator rebuilds its cursor index while the listing is under way.
    let pages = 0;
    const fetchThenDelete: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (input.includes("/targets?") && ++pages === 1) {
        for (const t of [...emulator.snyk.targets.values()]) {
          const n = /^acme\/repo-(\d+)$/.exec(t.displayName)?.[1];
          if (n !== undefined && Number(n) >= 100 && Number(n) % 10 !== 0) emulator.snyk.deleteTarget(t.id);
        }
      }
      return response;
    };
    const platform = platformFor(base, API_TOKEN, { ...FAST, fetch: fetchThenDelete });
    const listing = await platform.listImports(scope);
    const expected = Array.from({ length: 730 }, (_, i) => i).filter((i) => i < 100 || i % 10 === 0);
    assert.deepEqual(listing.imports.map((i) => i.fullName).sort(), expected.map((i) => `acme/repo-${i}`).sort());
  });

  it("never attributes a target without an integration to the connection, even one named like a repository it imports", async () => {
    emulator.snyk.repositories = [{ fullName: "acme/unattributed" }];
    const cli = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/unattributed");
    assert.ok(cli);
    const [outcome] = await platformFor(base, API_TOKEN).importRepositories(
      scope,
      [{ fullName: "acme/unattributed", scmId: 1, branch: "main" }],
      { concurrency: 1 },
    );
    const imported = [...emulator.snyk.targets.values()].find(
      (t) => t.displayName === "acme/unattributed" && t.integrationId === GH_INTEGRATION,
    );
    assert.ok(imported && imported.id !== cli.id);
    assert.deepEqual(outcome, { fullName: "acme/unattributed", ok: true, platformId: imported.id });
    const listed = (await platformFor(base, API_TOKEN).listImports(scope)).imports.filter(
      (i) => i.fullName === "acme/unattributed",
    );
    assert.deepEqual(
      listed.map((i) => i.platformId),
      [imported.id],
    );
    assert.ok(emulator.snyk.targets.has(cli.id), "the CLI target is left alone");
  });

  it("removes a target with its projects, and a second remove is a no-op", async () => {
    const platform = platformFor(base, API_TOKEN);
    const target = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/repo-1");
    assert.ok(target);
    const item = { fullName: "acme/repo-1", platformId: target.id, scanning: true };
    const projectsBefore = [...emulator.snyk.projects.values()].filter((p) => p.targetId === target.id).length;
    assert.equal(projectsBefore, 1);
    await platform.removeImport(scope, item, { deleteFindings: true });
    assert.equal(emulator.snyk.targets.has(target.id), false);
    assert.equal([...emulator.snyk.projects.values()].filter((p) => p.targetId === target.id).length, 0);
    await platform.removeImport(scope, item, { deleteFindings: true });
    const stats = emulator.requestStats();
    assert.equal(stats.byRoute["DELETE /rest/orgs/:orgId/targets/:targetId"], 2);
    assert.equal(stats.byStatus["204"], 1);
    assert.equal(stats.byStatus["404"], 1);
  });
});
