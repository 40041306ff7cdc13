// Every configuration key the provider's own text names (errors, fixes, field names, comments) is a
// key schema.json declares: `scm-integrations:<key>` with <key> in `config.variables`. A key written
// under a platform's name (`semgrep:apiToken`, `snyk:…`) is always wrong: Pulumi namespaces provider
// configuration by the package name, so users told to set it would set a key nothing reads.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "@jest/globals";
import { loadSchema, repoRoot } from "../../scripts/schema/schema-model";

const root = repoRoot(__dirname);
const schema = loadSchema();
const PACKAGE = schema.name;
const PLATFORMS = ["snyk", "semgrep", "github", "gitlab"];

interface KeyReference {
  file: string;
  line: number;
  namespace: string;
  key: string;
}

/**
 * `<namespace>:<key>` references in TypeScript source. Not references: schema type tokens
 * (`scm-integrations:index:Platform`, followed by another `:`) and keys built in a template
 * (`scm-integrations:${key}`), whose parts are checked where they are written.
 */
function keyReferences(file: string, text: string): KeyReference[] {
  const namespaces = [PACKAGE, ...PLATFORMS].map((n) => n.replace(/[-]/g, "\\-")).join("|");
  const pattern = new RegExp(`(?<![\\w./-])(${namespaces}):([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9:{$])`, "g");
  const found: KeyReference[] = [];
  text.split("\n").forEach((content, i) => {
    for (const m of content.matchAll(pattern)) {
      found.push({ file, line: i + 1, namespace: m[1] as string, key: m[2] as string });
    }
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** What is wrong with one reference, or undefined when it names a declared key of this package. */
function problem(ref: KeyReference, declared: ReadonlySet<string>): string | undefined {
  const at = `${ref.file}:${ref.line}: ${ref.namespace}:${ref.key}`;
  if (ref.namespace !== PACKAGE) return `${at} is not in the ${PACKAGE} namespace (no such configuration key)`;
  if (!declared.has(ref.key)) return `${at} is not a config variable of schema.json`;
  return undefined;
}

describe("configuration keys named by the provider", () => {
  const declared = new Set(Object.keys(schema.config?.variables ?? {}));

  it("finds references, and only real ones", () => {
    const refs = (text: string) => keyReferences("x.ts", text).map((r) => `${r.namespace}:${r.key}`);
    assert.deepEqual(refs("set `scm-integrations:snykToken` or scm-integrations:snykRegion / snykApiUrl"), [
      "scm-integrations:snykToken",
      "scm-integrations:snykRegion",
    ]);
    assert.deepEqual(refs('field: "semgrep:apiToken", fix: "(semgrep:apiUrl)"'), [
      "semgrep:apiToken",
      "semgrep:apiUrl",
    ]);
    assert.deepEqual(refs('"#/types/scm-integrations:index:SnykRegion" `scm-integrations:${key}`'), []);
    assert.deepEqual(refs("`semgrep:${deploymentId}:github` https://github.com/x snyk.io"), []);
    assert.ok(problem({ file: "x.ts", line: 1, namespace: "semgrep", key: "apiToken" }, declared));
    assert.ok(problem({ file: "x.ts", line: 1, namespace: "semgrep", key: "semgrepToken" }, declared));
    assert.ok(problem({ file: "x.ts", line: 1, namespace: PACKAGE, key: "apiToken" }, declared));
    assert.equal(problem({ file: "x.ts", line: 1, namespace: PACKAGE, key: "semgrepToken" }, declared), undefined);
  });

  it("every key named in provider/src is a config variable of schema.json", () => {
    assert.ok(declared.has("semgrepToken") && declared.has("snykToken"), "schema.json declares the config variables");
    const refs = sourceFiles(path.join(root, "provider", "src")).flatMap((file) =>
      keyReferences(path.relative(root, file), fs.readFileSync(file, "utf8")),
    );
    // The scan sees the keys that are named today (generated config docs, error fixes), so it is not vacuous.
    assert.ok(refs.length >= 10, `only ${refs.length} key references found`);
    const problems = refs.map((r) => problem(r, declared)).filter((p): p is string => p !== undefined);
    assert.equal(problems.join("\n"), "");
  });
});
