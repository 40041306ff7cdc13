// The `httpCacheDir` provider setting: how a value becomes a cache location (default directory under
// XDG_CACHE_HOME or ~/.cache, `off`, absolute, relative refused), and a cache directory that cannot be
// written degrading to memory with one warning instead of failing the listing.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  FallbackConditionalCache,
  FileConditionalCache,
  MemoryConditionalCache,
} from "../../provider/src/core/conditional-cache";
import { ScmIntegrationError } from "../../provider/src/core/errors";
import {
  conditionalCacheFor,
  defaultHttpCacheDir,
  processMemoryCache,
  resolveHttpCacheLocation,
} from "../../provider/src/core/http-cache";
import { readProviderConfig } from "../../provider/src/resources/schema.generated";
import { recordingLogger } from "../support/recording-logger";
import { inTestRealm } from "../support/realm";

const TOKEN = "ghp_CanaryHttpCacheTokenAAAAAAAAAAAAAAAAA";
const URL_1 = "https://api.github.com/orgs/acme/repos?per_page=100&page=1";
const entry = { etag: 'W/"abc"', body: [{ fullName: "acme/api" }], headers: { link: "<x>; rel=next" } };
const home = () => "/home/alice";

describe("resolveHttpCacheLocation", () => {
  it("unset: ~/.cache/pulumi-scm-integrations/http", () => {
    assert.deepEqual(resolveHttpCacheLocation(undefined, {}, home), {
      kind: "directory",
      directory: "/home/alice/.cache/pulumi-scm-integrations/http",
    });
    assert.deepEqual(resolveHttpCacheLocation("  ", {}, home), resolveHttpCacheLocation(undefined, {}, home));
  });

  it("unset with XDG_CACHE_HOME: under it; a relative XDG_CACHE_HOME is ignored, as the spec says", () => {
    assert.deepEqual(resolveHttpCacheLocation(undefined, { XDG_CACHE_HOME: "/var/cache/alice" }, home), {
      kind: "directory",
      directory: "/var/cache/alice/pulumi-scm-integrations/http",
    });
    assert.equal(
      defaultHttpCacheDir({ XDG_CACHE_HOME: "relative/cache" }, home),
      "/home/alice/.cache/pulumi-scm-integrations/http",
    );
  });

  it("unset without any home directory: memory", () => {
    const noHome = () => {
      throw new Error("ENOENT: no such file or directory, uv_os_homedir");
    };
    assert.deepEqual(resolveHttpCacheLocation(undefined, {}, noHome), { kind: "memory" });
  });

  it("off (any case): memory for this command only", () => {
    assert.deepEqual(resolveHttpCacheLocation("off", {}, home), { kind: "memory" });
    assert.deepEqual(resolveHttpCacheLocation(" OFF ", {}, home), { kind: "memory" });
  });

  it("an absolute path: that directory, normalised", () => {
    assert.deepEqual(resolveHttpCacheLocation("/srv/ci/etags/", { XDG_CACHE_HOME: "/x" }, home), {
      kind: "directory",
      directory: "/srv/ci/etags",
    });
  });

  it("a relative path: a configuration error naming the key, the value and the fix", () => {
    for (const [value, meant] of [
      ["etag-cache", path.resolve("etag-cache")],
      ["~/.cache/etags", "/home/alice/.cache/etags"],
    ] as const) {
      assert.throws(
        () => resolveHttpCacheLocation(value, {}, home),
        (e: unknown) => {
          assert.ok(e instanceof ScmIntegrationError);
          assert.equal(e.kind, "invalid-input");
          assert.equal(e.field, "scm-integrations:httpCacheDir");
          assert.ok(e.message.startsWith("scm-integrations:httpCacheDir: "), e.message);
          assert.ok(e.message.includes(`"${value}"`), e.message);
          assert.match(e.fix ?? "", /absolute path/);
          assert.ok((e.fix ?? "").includes(`pulumi config set scm-integrations:httpCacheDir ${meant}`), e.fix);
          assert.match(e.fix ?? "", /"off"/);
          return true;
        },
      );
    }
  });

  it("reads from stack config, else SCM_INTEGRATIONS_HTTP_CACHE_DIR, and has no fixed default", () => {
    const env = { SCM_INTEGRATIONS_HTTP_CACHE_DIR: "/from/env" };
    assert.equal(readProviderConfig(() => undefined, {}).httpCacheDir, undefined);
    assert.equal(readProviderConfig(() => undefined, env).httpCacheDir, "/from/env");
    const config: Record<string, string> = { "scm-integrations:httpCacheDir": "off" };
    assert.equal(readProviderConfig((key) => config[key], env).httpCacheDir, "off");
  });
});

describe("conditionalCacheFor", () => {
  it("memory: the process's one in-memory cache", () => {
    assert.equal(conditionalCacheFor({ kind: "memory" }, recordingLogger()), processMemoryCache);
  });

  it("a directory: files there, shared by every client of the process", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "http-cache-"));
    try {
      const a = conditionalCacheFor({ kind: "directory", directory: dir }, recordingLogger());
      const b = conditionalCacheFor({ kind: "directory", directory: dir }, recordingLogger());
      await a.set(TOKEN, URL_1, entry);
      assert.deepEqual(await b.get(TOKEN, URL_1), entry);
      assert.deepEqual(await new FileConditionalCache(dir).get(TOKEN, URL_1), entry, "on disk, for the next command");
      assert.equal((await readdir(dir)).length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a file where the directory should be: one warning naming the directory and the fix, then memory", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "http-cache-"));
    try {
      await writeFile(path.join(root, "in-the-way"), "not a directory");
      const directory = path.join(root, "in-the-way", "http");
      const first = recordingLogger();
      const second = recordingLogger();
      const a = conditionalCacheFor({ kind: "directory", directory }, first);
      const b = conditionalCacheFor({ kind: "directory", directory }, second);
      await Promise.all([a.set(TOKEN, URL_1, entry), b.set(TOKEN, `${URL_1}&x`, entry)]);
      await a.set(TOKEN, `${URL_1}&y`, entry);
      assert.deepEqual(await a.get(TOKEN, URL_1), entry, "kept in memory instead");
      assert.deepEqual(await b.get(TOKEN, `${URL_1}&x`), entry);
      const warnings = [...first.warnings, ...second.warnings];
      assert.equal(warnings.length, 1, warnings.join("\n"));
      assert.ok(warnings[0]!.includes(`cannot keep GitHub ETags in ${directory}`), warnings[0]);
      assert.match(warnings[0]!, /ENOTDIR|EEXIST/);
      assert.match(warnings[0]!, /Fix: make .* a writable directory, or set scm-integrations:httpCacheDir/);
      assert.equal(warnings[0]!.includes(TOKEN), false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("FallbackConditionalCache", () => {
  // Root ignores directory permissions: as root there is no read-only directory to test with.
  const asRoot = process.getuid?.() === 0;

  (asRoot ? it.skip : it)(
    "a read-only parent directory: writes go to memory, the first failure is reported once",
    async () => {
      const root = await mkdtemp(path.join(tmpdir(), "http-cache-"));
      const parent = path.join(root, "read-only");
      await mkdir(parent);
      await chmod(parent, 0o500);
      try {
        const warnings: unknown[] = [];
        const memory = new MemoryConditionalCache();
        const cache = new FallbackConditionalCache(
          new FileConditionalCache(path.join(parent, "http")),
          memory,
          (error) => {
            warnings.push(error);
            return "warned";
          },
        );
        const logger = recordingLogger();
        const view = cache.reportingTo(logger);
        await view.set(TOKEN, URL_1, entry);
        await view.set(TOKEN, `${URL_1}&x`, entry);
        assert.equal(cache.degraded, true);
        assert.deepEqual(logger.warnings, ["warned"]);
        assert.match(String(warnings[0]), /EACCES/);
        assert.equal(memory.size, 2);
        assert.deepEqual(await view.get(TOKEN, URL_1), entry);
      } finally {
        await chmod(parent, 0o700);
        await rm(root, { recursive: true, force: true });
      }
    },
  );

  it("a writable directory: entries on disk, nothing in memory, no warning", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "http-cache-"));
    try {
      const memory = new MemoryConditionalCache();
      const cache = new FallbackConditionalCache(new FileConditionalCache(dir), memory, () => "warned");
      const logger = recordingLogger();
      const view = cache.reportingTo(logger);
      await view.set(TOKEN, URL_1, entry);
      assert.deepEqual(await new FileConditionalCache(dir).get(TOKEN, URL_1), entry);
      assert.equal(memory.size, 0);
      assert.equal(cache.degraded, false);
      assert.deepEqual(logger.warnings, []);
      await view.delete(TOKEN, URL_1);
      assert.deepEqual(inTestRealm(await readdir(dir)), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
