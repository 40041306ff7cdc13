// The committed generated files are exactly what the generators make from schema.json today, and the
// staleness check notices every kind of drift (changed, missing, stray file).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, it, jest } from "@jest/globals";
import {
  DOCS_DIR,
  DOMAIN_MODULE,
  PROVIDER_MODULE,
  SDK_MODULE,
  generateFiles,
  runGenerator,
  staleFiles,
} from "../../scripts/schema/generate";
import { loadSchema, repoRoot } from "../../scripts/schema/schema-model";
import { inTestRealm } from "../support/realm";

const root = repoRoot();

describe("generated files", () => {
  let files: Map<string, string>;
  let scratch: string;

  beforeAll(async () => {
    files = await generateFiles(loadSchema());
    scratch = mkdtempSync(path.join(tmpdir(), "schema-gen-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("are the expected set", () => {
    assert.deepEqual([...files.keys()].sort(), [
      `${DOCS_DIR}/configuration.md`,
      `${DOCS_DIR}/integration.md`,
      `${DOCS_DIR}/org-connection.md`,
      `${DOCS_DIR}/repository-import.md`,
      `${DOCS_DIR}/snyk-code-settings.md`,
      DOMAIN_MODULE,
      PROVIDER_MODULE,
      SDK_MODULE,
    ]);
    for (const [file, content] of files) {
      assert.match(content, /generated from schema\.json by scripts\/schema\/generate\.ts — do not edit/, file);
    }
  });

  it("are fresh on disk (regenerated in memory and compared)", () => {
    assert.deepEqual(staleFiles(files, root), []);
  });

  it("staleness check reports a changed file, a missing file and a stray page", () => {
    for (const [relative, content] of files) {
      mkdirSync(path.dirname(path.join(scratch, relative)), { recursive: true });
      writeFileSync(path.join(scratch, relative), content);
    }
    assert.deepEqual(staleFiles(files, scratch), []);
    writeFileSync(path.join(scratch, SDK_MODULE), `${files.get(SDK_MODULE) ?? ""}// edited by hand\n`);
    rmSync(path.join(scratch, `${DOCS_DIR}/integration.md`));
    writeFileSync(path.join(scratch, `${DOCS_DIR}/old-resource.md`), "# gone\n");
    assert.deepEqual(staleFiles(files, scratch), [
      SDK_MODULE,
      `${DOCS_DIR}/integration.md`,
      `${DOCS_DIR}/old-resource.md (not generated any more: delete it)`,
    ]);
  });

  it("follow a schema change (a new description reaches every output)", async () => {
    const changed = loadSchema();
    const forks = changed.types?.["scm-integrations:index:RepositorySelector"]?.properties?.forks;
    assert.ok(forks);
    forks.description = "Select forks too: a changed description for this test.";
    const regenerated = await generateFiles(changed);
    const differing = [...regenerated].filter(([file, content]) => files.get(file) !== content).map(([file]) => file);
    assert.deepEqual(differing.sort(), [
      `${DOCS_DIR}/repository-import.md`,
      DOMAIN_MODULE,
      PROVIDER_MODULE,
      SDK_MODULE,
    ]);
    for (const module of [DOMAIN_MODULE, PROVIDER_MODULE])
      assert.ok(regenerated.get(module)?.includes("Select forks too: a changed description for this test."), module);
  });

  it("refuses to generate from an unsound schema", async () => {
    const broken = loadSchema();
    delete broken.resources?.["scm-integrations:index:Integration"]?.properties?.token;
    await assert.rejects(generateFiles(broken), {
      message:
        "schema.json is not sound:\n" +
        '  resources.scm-integrations:index:Integration.required: "token" is not an output property\n' +
        '  resources.scm-integrations:index:Integration.properties: input "token" is not echoed as an output',
    });
  });

  it("--check exits 0 on the committed files", async () => {
    const logged = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      assert.equal(await runGenerator(["--check"], root), 0);
      assert.deepEqual(inTestRealm(logged.mock.calls), [["generated files are fresh (8 files)"]]);
    } finally {
      logged.mockRestore();
    }
  });

  it("--check exits 1 and names the stale files, writing nothing", async () => {
    writeFileSync(path.join(scratch, "package.json"), "{}\n");
    writeFileSync(path.join(scratch, "schema.json"), JSON.stringify(loadSchema()));
    writeFileSync(path.join(scratch, ".prettierrc.json"), JSON.stringify({ printWidth: 120, trailingComma: "all" }));
    rmSync(path.join(scratch, SDK_MODULE), { force: true });
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    let message: string;
    try {
      assert.equal(await runGenerator(["--check"], scratch), 1);
      // Read before mockRestore(), which also forgets the calls.
      message = String(errors.mock.calls[0]?.[0]);
    } finally {
      errors.mockRestore();
    }
    assert.match(message, /^stale generated files — run `make generate` and commit the result:/);
    assert.ok(message.includes(`\n  ${SDK_MODULE}`), message);
    assert.throws(() => readFileSync(path.join(scratch, SDK_MODULE)), { code: "ENOENT" });
  });
});
