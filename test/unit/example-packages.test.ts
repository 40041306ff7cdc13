// The examples are programs users copy: each pins the same Pulumi SDK, Node types and TypeScript as the
// package itself, so a copied example installs what this repository was tested with.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "@jest/globals";
import { repoRoot } from "../../scripts/schema/schema-model";

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const root = repoRoot(__dirname);
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as PackageJson;
const own = read(path.join(root, "package.json"));
const examples = fs
  .readdirSync(path.join(root, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  // Node.js programs only; the YAML and Go examples (native plugin) have no package.json.
  .filter((name) => fs.existsSync(path.join(root, "examples", name, "index.ts")));

describe("example package.json files", () => {
  it("exist", () => assert.ok(examples.length >= 4, `examples: ${examples.join(", ")}`));
  it.each(examples)("%s pins the SDK, Node types and TypeScript the package is tested with", (name) => {
    const example = read(path.join(root, "examples", name, "package.json"));
    assert.equal(example.dependencies?.["@pulumi/pulumi"], own.dependencies?.["@pulumi/pulumi"]);
    assert.equal(example.devDependencies?.["@types/node"], own.devDependencies?.["@types/node"]);
    assert.equal(example.devDependencies?.typescript, own.devDependencies?.typescript);
    assert.equal(example.dependencies?.["pulumi-scm-integrations"], "file:../..");
  });
});
