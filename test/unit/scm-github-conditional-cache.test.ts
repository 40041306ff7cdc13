import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  FileConditionalCache,
  MemoryConditionalCache,
  conditionalCacheKey,
} from "../../provider/src/core/conditional-cache";
import { inTestRealm } from "../support/realm";

const TOKEN_A = "ghp_CanaryCacheTokenAAAAAAAAAAAAAAAAAAAAA";
const TOKEN_B = "ghp_CanaryCacheTokenBBBBBBBBBBBBBBBBBBBBB";
const URL_1 = "https://api.github.com/orgs/acme/repos?per_page=100&page=1";
const entry = { etag: 'W/"abc"', body: [{ id: 1 }], headers: { link: '<x>; rel="next"' } };

describe("conditionalCacheKey", () => {
  it("depends on token and URL, and does not contain the token", () => {
    const key = conditionalCacheKey(TOKEN_A, URL_1);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.notEqual(key, conditionalCacheKey(TOKEN_B, URL_1));
    assert.notEqual(key, conditionalCacheKey(TOKEN_A, `${URL_1}x`));
    assert.equal(key, conditionalCacheKey(TOKEN_A, URL_1));
  });
});

describe("MemoryConditionalCache", () => {
  it("stores per token and URL, deletes, and evicts the oldest beyond its bound", async () => {
    const cache = new MemoryConditionalCache(2);
    await cache.set(TOKEN_A, URL_1, entry);
    assert.deepEqual(await cache.get(TOKEN_A, URL_1), entry);
    assert.equal(await cache.get(TOKEN_B, URL_1), undefined);
    await cache.set(TOKEN_A, "u2", entry);
    await cache.get(TOKEN_A, URL_1);
    await cache.set(TOKEN_A, "u3", entry);
    assert.equal(cache.size, 2);
    assert.equal(await cache.get(TOKEN_A, URL_1), undefined, "oldest insertion evicted");
    await cache.delete(TOKEN_A, "u3");
    assert.equal(await cache.get(TOKEN_A, "u3"), undefined);
  });
});

describe("FileConditionalCache", () => {
  it("persists entries in 0600 files under a 0700 directory, never writing the token", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "cc-"));
    const dir = path.join(root, "nested", "etags");
    try {
      await new FileConditionalCache(dir).set(TOKEN_A, URL_1, entry);
      const reopened = new FileConditionalCache(dir);
      assert.deepEqual(await reopened.get(TOKEN_A, URL_1), entry);
      assert.equal(await reopened.get(TOKEN_B, URL_1), undefined);
      const files = inTestRealm(await readdir(dir));
      assert.deepEqual(files, [`${conditionalCacheKey(TOKEN_A, URL_1)}.json`]);
      assert.equal((await stat(path.join(dir, files[0] as string))).mode & 0o777, 0o600);
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
      const text = await readFile(path.join(dir, files[0] as string), "utf8");
      assert.equal(text.includes(TOKEN_A), false);
      await reopened.delete(TOKEN_A, URL_1);
      assert.deepEqual(inTestRealm(await readdir(dir)), []);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("treats a torn or foreign file as a miss", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cc-"));
    try {
      const cache = new FileConditionalCache(dir);
      await writeFile(path.join(dir, `${conditionalCacheKey(TOKEN_A, URL_1)}.json`), "{not json");
      assert.equal(await cache.get(TOKEN_A, URL_1), undefined);
      await writeFile(
        path.join(dir, `${conditionalCacheKey(TOKEN_A, URL_1)}.json`),
        JSON.stringify({ ...entry, url: "other" }),
      );
      assert.equal(await cache.get(TOKEN_A, URL_1), undefined, "a key collision with another URL is a miss");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
