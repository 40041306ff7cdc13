// Repository listing against the GitHub emulator over HTTP: selector fields, parallel pages by the
// id-based Link form, exact request counts, ETag/304 reuse, SSO partial results.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { generateRepositories } from "../../emulators/github/seed";
import { createGitHubClient } from "../../../provider/src/scm/github/client";
import { FileConditionalCache, MemoryConditionalCache } from "../../../provider/src/core/conditional-cache";
import { ScmIntegrationError } from "../../../provider/src/core/errors";
import type { RepositorySelector } from "../../../provider/src/core/domain.generated";
import { recordingLogger } from "../../support/recording-logger";
import { VirtualClock } from "../../support/virtual-clock";
import { ALL_TOKENS, TOKENS, assertNoToken, baseSeed, cloudEndpoint, enterpriseEndpoint } from "./fixtures";

const cloud = createGitHubEmulator({ initialSeed: baseSeed() });
let url = "";
beforeAll(async () => {
  url = await cloud.start();
});
afterAll(() => cloud.stop());
beforeEach(() => cloud.reset());

const client = (token: string = TOKENS.aliceClassic) =>
  createGitHubClient({
    endpoint: cloudEndpoint(url),
    token,
    clock: new VirtualClock(),
    cache: new MemoryConditionalCache(),
  });

const names = async (selector?: RepositorySelector, token?: string) => {
  const listing = await client(token).listRepositories("acme", selector);
  assert.equal(listing.complete, true);
  assert.deepEqual(listing.incompleteReasons, []);
  return listing.repositories.map((r) => r.fullName);
};

function listCalls(): number {
  const byRoute = cloud.requestStats().byRoute;
  return (byRoute["GET /orgs/:org/repos"] ?? 0) + (byRoute["GET /organizations/:id/repos"] ?? 0);
}

describe("selector fields", () => {
  it("default: everything but archived repositories and forks, sorted by name", async () => {
    assert.deepEqual(await names(), ["acme/api", "acme/docs", "acme/infra", "acme/Tools-CLI", "acme/web"]);
  });
  it("include globs (case-insensitive)", async () => {
    assert.deepEqual(await names({ include: ["acme/*api*", "ACME/tools-*"] }), ["acme/api", "acme/Tools-CLI"]);
  });
  it("exclude wins over include", async () => {
    assert.deepEqual(await names({ include: ["acme/*"], exclude: ["acme/w*", "acme/docs"] }), [
      "acme/api",
      "acme/infra",
      "acme/Tools-CLI",
    ]);
  });
  it("topics: every listed topic must be present", async () => {
    assert.deepEqual(await names({ topics: ["scan"] }), ["acme/api", "acme/Tools-CLI", "acme/web"]);
    assert.deepEqual(await names({ topics: ["backend", "scan"] }), ["acme/api"]);
  });
  it("visibility allow-list, internal included", async () => {
    assert.deepEqual(await names({ visibility: ["internal"] }), ["acme/infra"]);
    assert.deepEqual(await names({ visibility: ["public"] }), ["acme/docs", "acme/web"]);
    assert.deepEqual(await names({ visibility: ["private", "internal"] }), [
      "acme/api",
      "acme/infra",
      "acme/Tools-CLI",
    ]);
  });
  it("archived and forks only when asked for", async () => {
    assert.deepEqual(await names({ archived: true, include: ["acme/legacy-*"] }), ["acme/legacy-api"]);
    assert.deepEqual(await names({ forks: true, include: ["acme/web*"] }), ["acme/web", "acme/web-fork"]);
    assert.deepEqual(await names({ archived: true, forks: true }), [
      "acme/api",
      "acme/docs",
      "acme/infra",
      "acme/legacy-api",
      "acme/Tools-CLI",
      "acme/web",
      "acme/web-fork",
    ]);
  });
  it("maps every RepositoryInfo field", async () => {
    const listing = await client().listRepositories("acme", { include: ["acme/tools-cli"] });
    assert.deepEqual(listing.repositories, [
      {
        id: 7,
        fullName: "acme/Tools-CLI",
        defaultBranch: "trunk",
        visibility: "private",
        archived: false,
        fork: false,
        topics: ["scan"],
      },
    ]);
  });
  it("a token without `repo` sees public repositories only (GitHub omits the rest silently)", async () => {
    assert.deepEqual(await names({ archived: true, forks: true }, TOKENS.alicePublicOnly), [
      "acme/docs",
      "acme/web",
      "acme/web-fork",
    ]);
  });
  it("an unknown organization is not-found", async () => {
    await assert.rejects(client().listRepositories("nope"), (e: unknown) => {
      assert.ok(e instanceof ScmIntegrationError);
      assert.equal(e.kind, "not-found");
      assert.equal(e.field, "organization");
      return true;
    });
  });
});

describe("pagination, counts and conditional requests", () => {
  it("10,000 repositories: exactly 100 list calls, then 100 × 304 that cost no rate limit", async () => {
    cloud.seed(baseSeed(generateRepositories("acme", 10_000 - 7, { vary: false })));
    const logger = recordingLogger();
    const c = createGitHubClient({
      endpoint: cloudEndpoint(url),
      token: TOKENS.aliceClassic,
      cache: new MemoryConditionalCache(),
      concurrency: 8,
      logger,
    });
    const first = await c.listRepositories("acme", { archived: true, forks: true });
    assert.equal(first.repositories.length, 10_000);
    assert.equal(new Set(first.repositories.map((r) => r.id)).size, 10_000);
    assert.equal(first.complete, true);
    assert.deepEqual(first.stats, { requests: 100, notModified: 0, pages: 100 });
    const stats = cloud.requestStats();
    assert.equal(stats.byRoute["GET /orgs/:org/repos"], 1);
    assert.equal(stats.byRoute["GET /organizations/:id/repos"], 99, "pages 2..100 follow GitHub's id-based Link form");
    assert.equal(listCalls(), Math.ceil(10_000 / 100));

    const usedBefore = Number((await rawGet("/user")).headers.get("x-ratelimit-used"));
    cloud.resetRequestStats();
    const second = await c.listRepositories("acme", { archived: true, forks: true });
    assert.deepEqual(second.repositories, first.repositories);
    assert.deepEqual(second.stats, { requests: 100, notModified: 100, pages: 100 });
    assert.equal(listCalls(), 100);
    assert.equal(cloud.requestStats().byStatus["304"], 100);
    const usedAfter = Number((await rawGet("/user")).headers.get("x-ratelimit-used"));
    assert.equal(usedAfter, usedBefore + 1, "only the second probe counted: 304s are free");
    assert.deepEqual(logger.warnings, [], "a 304 is the cache working, not a warning for the reviewer");
  });

  it("a changed page answers 200 and the rest 304; new repositories at the end are found", async () => {
    cloud.seed(baseSeed(generateRepositories("acme", 293, { vary: false })));
    const c = client();
    const first = await c.listRepositories("acme", { archived: true, forks: true });
    assert.equal(first.repositories.length, 300);
    // 300 → 301 repositories: the three full pages are unchanged (304), a fourth page appears.
    cloud.seed(
      baseSeed([...generateRepositories("acme", 293, { vary: false }), { owner: "acme", name: "zz-new", id: 99_999 }]),
    );
    cloud.resetRequestStats();
    const second = await c.listRepositories("acme", { archived: true, forks: true });
    assert.equal(second.repositories.length, 301);
    assert.ok(second.repositories.some((r) => r.fullName === "acme/zz-new"));
    assert.equal(second.stats.pages, 4);
    assert.equal(second.stats.notModified, 3, "pages 1-3 unchanged");
    assert.equal(listCalls(), 4);
  });

  it("works the same on GHES under /api/v3", async () => {
    const ghes = createGitHubEmulator({
      enterprise: { version: "3.19.0" },
      initialSeed: baseSeed(generateRepositories("acme", 243)),
    });
    const ghesUrl = await ghes.start();
    try {
      const c = createGitHubClient({
        endpoint: enterpriseEndpoint(ghesUrl),
        token: TOKENS.aliceClassic,
        cache: new MemoryConditionalCache(),
      });
      const listing = await c.listRepositories("acme", { archived: true, forks: true });
      assert.equal(listing.repositories.length, 250);
      assert.deepEqual(listing.stats, { requests: 3, notModified: 0, pages: 3 });
      assert.equal(ghes.requestStats().byRoute["GET /api/v3/organizations/:id/repos"], 2);
    } finally {
      await ghes.stop();
    }
  });

  it("a file-backed cache survives the client, stores no token and writes 0600 files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "gh-etag-"));
    try {
      cloud.seed(baseSeed(generateRepositories("acme", 143)));
      const make = () =>
        createGitHubClient({
          endpoint: cloudEndpoint(url),
          token: TOKENS.aliceClassic,
          cache: new FileConditionalCache(dir),
          clock: new VirtualClock(),
        });
      const first = await make().listRepositories("acme");
      const second = await make().listRepositories("acme");
      assert.deepEqual(second.repositories, first.repositories);
      assert.equal(second.stats.notModified, 2);
      const files = await readdir(dir);
      assert.equal(files.length, 2);
      for (const file of files) {
        assert.match(file, /^[0-9a-f]{64}\.json$/);
        assert.equal((await stat(path.join(dir, file))).mode & 0o777, 0o600);
        const text = await readFile(path.join(dir, file), "utf8");
        for (const token of ALL_TOKENS) assert.equal(text.includes(token), false);
      }
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("SSO partial results", () => {
  it("marks the listing incomplete with the reason, never complete", async () => {
    const listing = await client(TOKENS.ssoPartial).listRepositories("acme", { archived: true, forks: true });
    assert.equal(listing.complete, false);
    assert.equal(listing.incompleteReasons.length, 1);
    assert.match(listing.incompleteReasons[0] as string, /organization id\(s\) 4242 .*X-GitHub-SSO: partial-results/);
    assert.deepEqual(
      listing.repositories.map((r) => r.fullName),
      ["acme/docs", "acme/web", "acme/web-fork"],
    );
    // Replayed from the cache (304), the listing stays incomplete.
    const c = client(TOKENS.ssoPartial);
    await c.listRepositories("acme");
    const again = await c.listRepositories("acme");
    assert.equal(again.stats.notModified, 1);
    assert.equal(again.complete, false);
  });
});

describe("getRepository", () => {
  it("finds a repository, returns null for a missing or hidden one, refuses a malformed name", async () => {
    const repo = await client().getRepository("acme/api");
    assert.equal(repo?.id, 1);
    assert.equal(repo?.visibility, "private");
    assert.equal(await client().getRepository("acme/missing"), null);
    assert.equal(await client(TOKENS.alicePublicOnly).getRepository("acme/api"), null);
    await assert.rejects(client().getRepository("acme"), (e: unknown) => {
      assert.ok(e instanceof ScmIntegrationError);
      assert.equal(e.kind, "invalid-input");
      assert.equal(e.field, "repositories");
      assertNoToken(e.message);
      return true;
    });
  });
});

describe("getRepository of a renamed repository", () => {
  it("follows GitHub's 301 from the old name and returns the repository under its new name", async () => {
    const renamed = await fetch(`${url}/_control/rename-repository`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ owner: "acme", from: "api", to: "core-api" }),
    });
    assert.equal(renamed.status, 200);
    const repo = await client().getRepository("acme/api");
    assert.equal(repo?.id, 1);
    assert.equal(repo?.fullName, "acme/core-api");
    const byRoute = cloud.requestStats().byRoute;
    assert.equal(byRoute["GET /repos/:owner/:repo"], 1);
    assert.equal(byRoute["GET /repositories/:id"], 1);
  });
});

async function rawGet(pathname: string): Promise<Response> {
  // Any authenticated API answer reports the primary-limit headers.
  const response = await fetch(`${url}${pathname}`, { headers: { authorization: `token ${TOKENS.aliceClassic}` } });
  await response.arrayBuffer();
  return response;
}
