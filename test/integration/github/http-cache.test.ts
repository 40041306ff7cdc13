// The persistent ETag cache as the provider wires it: GitHub clients built by the provider's services
// from the `httpCacheDir` setting, against the GitHub emulator over HTTP. Two client instances with
// the same directory stand for two pulumi commands (two provider processes): the second listing of an
// unchanged organization is all 304, a changed one re-reads only the changed pages; `off` and the
// default location; a directory that cannot be written still lists, with one warning.
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { generateRepositories, type GitHubRepositorySeed } from "../../emulators/github/seed";
import { configureProvider, resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { defaultServices } from "../../../provider/src/resources/services";
import { TOKENS, assertNoToken, baseSeed } from "./fixtures";
import type { Logger } from "../../../provider/src/core/log";
import { recordingLogger } from "../../support/recording-logger";
import { inTestRealm } from "../../support/realm";

const cloud = createGitHubEmulator({ initialSeed: baseSeed() });
let url = "";
let root = "";
const savedEnv = { ...process.env };

beforeAll(async () => {
  url = await cloud.start();
});
afterAll(() => cloud.stop());
beforeEach(async () => {
  cloud.reset();
  root = await mkdtemp(path.join(tmpdir(), "gh-http-cache-"));
  // The user's own settings must not leak in: these tests decide where the cache goes.
  delete process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR;
  process.env.XDG_CACHE_HOME = path.join(root, "xdg-cache");
});
afterEach(async () => {
  resetProviderSettings();
  for (const key of ["SCM_INTEGRATIONS_HTTP_CACHE_DIR", "XDG_CACHE_HOME"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await rm(root, { recursive: true, force: true });
});

/** A new "command": configure as the engine would, and build the GitHub client through the services. */
function command(httpCacheDir: string | undefined, logger: Logger = recordingLogger()) {
  const config: Record<string, string> = {
    "scm-integrations:githubApiUrl": url,
    "scm-integrations:allowInsecureLoopback": "true",
    ...(httpCacheDir !== undefined ? { "scm-integrations:httpCacheDir": httpCacheDir } : {}),
  };
  configureProvider({ config: { get: (key) => config[key] } });
  return defaultServices.scmClient({ scm: "github", token: TOKENS.aliceClassic }, logger);
}

const everything = { archived: true, forks: true };

/** Listing requests since the last reset, as [page, status] (page 1 is the /orgs/:org/repos form). */
function listingAnswers(): [number, number][] {
  return cloud
    .requestStats()
    .recent.filter((r) => /^\/(orgs|organizations)\/[^/]+\/repos$/.test(r.route))
    .map((r): [number, number] => [Number(/[?&]page=(\d+)/.exec(r.url)?.[1] ?? "1"), r.status])
    .sort((a, b) => a[0] - b[0]);
}

// 293 + the 7 hand-made repositories: three full pages of 100.
const seedOf = (repositories: GitHubRepositorySeed[]) => baseSeed(repositories);
const generated = () => generateRepositories("acme", 293, { vary: false });

describe("httpCacheDir: ETags kept between commands", () => {
  it("the second command's listing of an unchanged organization is all 304, with the same repositories", async () => {
    cloud.seed(seedOf(generated()));
    const dir = path.join(root, "etags");
    const first = await command(dir).listRepositories("acme", everything);
    assert.equal(first.repositories.length, 300);
    assert.deepEqual(first.stats, { requests: 3, notModified: 0, pages: 3 });
    const files = await readdir(dir);
    assert.equal(files.length, 3, "one file per page");

    cloud.resetRequestStats();
    const second = await command(dir).listRepositories("acme", everything);
    assert.deepEqual(second.repositories, first.repositories);
    assert.equal(second.complete, true);
    assert.deepEqual(second.stats, { requests: 3, notModified: 3, pages: 3 });
    assert.deepEqual(listingAnswers(), [
      [1, 304],
      [2, 304],
      [3, 304],
    ]);
  });

  it("a changed organization: the changed page and a new one answer 200, the others 304", async () => {
    cloud.seed(seedOf(generated()));
    const dir = path.join(root, "etags");
    const first = await command(dir).listRepositories("acme", everything);
    assert.equal(first.repositories.length, 300);

    // repo-00150 (page 2) gains a topic; acme/zz-new sorts last and opens a fourth page.
    const changed = generated().map((r) => (r.name === "repo-00150" ? { ...r, topics: ["scan"] } : r));
    cloud.seed(seedOf([...changed, { owner: "acme", name: "zz-new", id: 99_999 }]));
    cloud.resetRequestStats();
    const second = await command(dir).listRepositories("acme", everything);
    assert.equal(second.repositories.length, 301);
    assert.deepEqual(second.repositories.find((r) => r.fullName === "acme/repo-00150")?.topics, ["scan"]);
    assert.ok(second.repositories.some((r) => r.fullName === "acme/zz-new"));
    assert.deepEqual(listingAnswers(), [
      [1, 304],
      [2, 200],
      [3, 304],
      [4, 200],
    ]);
    assert.equal(second.stats.notModified, 2);

    // What the second command learnt is there for the third.
    cloud.resetRequestStats();
    const third = await command(dir).listRepositories("acme", everything);
    assert.deepEqual(third.repositories, second.repositories);
    assert.equal(third.stats.notModified, 4);
  });

  it("unset: the default directory under XDG_CACHE_HOME, and nothing else written", async () => {
    const listing = await command(undefined).listRepositories("acme");
    assert.equal(listing.complete, true);
    const dir = path.join(root, "xdg-cache", "pulumi-scm-integrations", "http");
    assert.equal((await readdir(dir)).length, 1);
    cloud.resetRequestStats();
    const again = await command(undefined).listRepositories("acme");
    assert.equal(again.stats.notModified, 1);
  });

  it("the environment variable applies when stack config is silent", async () => {
    const dir = path.join(root, "from-env");
    process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = dir;
    await command(undefined).listRepositories("acme");
    assert.equal((await readdir(dir)).length, 1);
    assert.deepEqual(inTestRealm(await readdir(root)), ["from-env"], "the default directory was not used");
  });

  it("off: nothing is written to disk", async () => {
    const listing = await command("off").listRepositories("acme");
    assert.equal(listing.complete, true);
    assert.deepEqual(inTestRealm(await readdir(root)), []);
  });

  it("a relative directory fails the client with the key, the value and the fix", () => {
    assert.throws(
      () => command("cache/etags"),
      /^ScmIntegrationError: scm-integrations:httpCacheDir: must be an absolute directory or "off", got the relative path "cache\/etags"\. Fix: run `pulumi config set scm-integrations:httpCacheDir \//,
    );
  });

  it("a directory that cannot be created: the listing still works, with one warning naming it and the fix", async () => {
    await writeFile(path.join(root, "a-file"), "in the way");
    const dir = path.join(root, "a-file", "http");
    const logger = recordingLogger();
    const first = await command(dir, logger).listRepositories("acme", everything);
    assert.equal(first.complete, true);
    assert.equal(first.repositories.length, 7);
    const second = await command(dir, logger).listRepositories("acme", everything);
    assert.deepEqual(second.repositories, first.repositories);
    assert.equal(second.stats.notModified, 1, "kept in memory for the rest of the command");
    assert.equal(logger.warnings.length, 1, logger.warnings.join("\n"));
    const [warning] = logger.warnings as [string];
    assert.ok(warning.includes(`cannot keep GitHub ETags in ${dir}`), warning);
    assert.match(warning, /Fix: make .* a writable directory, or set scm-integrations:httpCacheDir/);
    assertNoToken(warning);
  });
});
