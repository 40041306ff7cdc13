// README code is taken from the examples, never retyped: every fenced block announced by
// `<!-- snippet: examples/<name>/index.ts#<region> -->` must equal the region between
// `// snippet:start <region>` and `// snippet:end <region>` of that file (dedented), and every region
// must exist. The examples run in CI (test/e2e/examples.test.ts), so README code is code that runs.
// SCM_SNIPPETS_UPDATE=1 rewrites the blocks from the examples instead of comparing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "@jest/globals";
import { repoRoot } from "../../scripts/schema/schema-model";

const root = repoRoot(__dirname);
// Prettier puts a blank line between the marker and the fence; both forms are accepted.
const MARKER = /<!-- snippet: ([\w./-]+)#([\w-]+) -->\n\n?```(\w*)\n([\s\S]*?)\n```/g;

/** The region's lines without the markers, with their common indentation removed. */
function region(file: string, name: string): string {
  const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `// snippet:start ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// snippet:end ${name}`);
  assert.ok(
    start >= 0 && end > start,
    `${file} has no region "${name}" (// snippet:start ${name} … // snippet:end ${name})`,
  );
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return body.map((l) => l.slice(indent)).join("\n");
}

function documents(): string[] {
  const examples = fs
    .readdirSync(path.join(root, "examples"))
    .map((name) => path.join("examples", name, "README.md"))
    .filter((file) => fs.existsSync(path.join(root, file)));
  return ["README.md", ...examples];
}

for (const doc of documents()) {
  test(`${doc}: every snippet equals its region in the example`, () => {
    const full = path.join(root, doc);
    const text = fs.readFileSync(full, "utf8");
    const blocks = [...text.matchAll(MARKER)];
    if (doc === "README.md") assert.ok(blocks.length >= 3, "README.md shows code from at least three examples");
    if (process.env.SCM_SNIPPETS_UPDATE === "1") {
      const updated = text.replace(MARKER, (_all, file: string, name: string, lang: string) => {
        return `<!-- snippet: ${file}#${name} -->\n\n\`\`\`${lang}\n${region(file, name)}\n\`\`\``;
      });
      fs.writeFileSync(full, updated);
      return;
    }
    for (const [, file, name, , shown] of blocks) {
      assert.equal(
        shown,
        region(file!, name!),
        `${doc}: the snippet ${file}#${name} differs from the example (SCM_SNIPPETS_UPDATE=1 rewrites it)`,
      );
    }
  });
}

test("a snippet marker without a code block right after it is an error, not silently skipped", () => {
  for (const doc of documents()) {
    const text = fs.readFileSync(path.join(root, doc), "utf8");
    const markers = text.match(/<!-- snippet: /g)?.length ?? 0;
    assert.equal(
      [...text.matchAll(MARKER)].length,
      markers,
      `${doc}: a <!-- snippet: … --> marker is not followed by a fenced block`,
    );
  }
});
