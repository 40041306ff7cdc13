// Golden files: the report for each preview captured from the real CLI (test/e2e/capture-report-fixtures.ts),
// read from both input formats, must equal test/unit/report/golden/<scenario>.md. Both formats of one
// run give the same Markdown. Refresh with UPDATE_GOLDEN=1 and review the diff.
// Beside the byte comparison, each scenario asserts what it is about, so a careless refresh still fails.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "@jest/globals";
import { renderReport } from "../../../scripts/report/report";
import { fixture, FORMATS, goldenDir, SCENARIOS, type Scenario } from "./support";

const update = process.env.UPDATE_GOLDEN === "1";

for (const scenario of SCENARIOS) {
  for (const format of FORMATS) {
    test(`${scenario} (${format}) renders the golden report`, () => {
      const markdown = renderReport(fixture(scenario, format));
      const file = path.join(goldenDir, `${scenario}.md`);
      if (update && format === FORMATS[0]) fs.writeFileSync(file, markdown);
      assert.equal(
        markdown,
        fs.readFileSync(file, "utf8"),
        `the report differs from ${path.relative(process.cwd(), file)}; UPDATE_GOLDEN=1 refreshes it`,
      );
    });
  }
}

function golden(scenario: Scenario): string {
  return fs.readFileSync(path.join(goldenDir, `${scenario}.md`), "utf8");
}

/** The table row of a resource, by its name in the first column. */
function row(markdown: string, name: string): string {
  const line = markdown.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
  assert.ok(line, `no table row for ${name} in:\n${markdown}`);
  return line;
}

test("a first connection: every resource is created, the endpoint and the excess scope are named, all repositories are added", () => {
  const md = golden("first-connection");
  assert.match(md, /^## Pulumi preview: SCM integrations/);
  assert.match(md, /✅ \*\*The preview succeeded\*\*: 3 to create · repositories \+10 −0 · 1 token with excess scopes/);
  assert.match(
    row(md, "snyk-github"),
    /➕ create \| Snyk org `6f0b4c4e-0000-4000-8000-00000000a001` ← GitHub \| `http:\/\/127\.0\.0\.1:3001` \| new: `github-classic-pat` of `platform-bot` \| none \| ⚠️ `admin:org`/,
  );
  assert.match(row(md, "acme"), /➕ create \| \[`acme`\]\(https:\/\/github\.com\/acme\) \| GitHub \| admin \(active\)/);
  assert.match(row(md, "scanned"), /➕ create \| `acme` \| authoritative \| \+10 \| −0 \| 10 \| 50/);
  assert.match(md, /<summary><code>scanned<\/code>: 10 repositories added<\/summary>/);
  assert.doesNotMatch(
    md,
    /acme\/(docs|handbook|legacy-api|api-fork)/,
    "repositories the selector leaves out are not listed",
  );
});

test("a rotation: the token is rotated in place (update, not replace) and the expiry is flagged once", () => {
  const md = golden("token-rotation");
  assert.match(row(md, "snyk-github"), /✏️ update \(token\) .*🔄 rotated.*⚠️ 2031-01-15/);
  assert.doesNotMatch(md, /replace/);
  assert.match(
    md,
    /- ✏️ \*\*snyk-github\*\*: `token` \[secret\] → \[secret\]\n/,
    "the change is named, its value is not",
  );
  assert.match(md, /repositories \+0 −0 · 1 token expiring soon/);
  assert.equal(md.match(/⚠️ \*\*snyk-github\*\*: the token expires/g)?.length, 1);
  assert.match(row(md, "scanned"), /\+0 \| −0 \| 10/);
  assert.doesNotMatch(md, /plan: import 10/, "a rotation does not announce re-importing every repository");
});

test("a selector picking up new repositories: exactly those are added, the list is cut at 10 names", () => {
  const md = golden("selector-new-repositories");
  assert.match(md, /1 to update · repositories \+12 −0/);
  assert.match(
    row(md, "scanned"),
    /✏️ update \(resolvedRepositories\) \| `acme` \| authoritative \| \+12 \| −0 \| 22 \| 50/,
  );
  assert.match(row(md, "snyk-github"), /no change \| unchanged/);
  assert.match(md, /12 repositories added<\/summary>\n\n- `acme\/ledger`\n(- `acme\/[a-z]+`\n){9}- … and 2 more\n/);
  assert.doesNotMatch(md, /acme\/playground/, "the repository without the topic is not added");
  assert.match(md, /plan: import 12, remove 0, keep 10/);
});

test("a blocked deletion: the preview failed, the import is blocked with the limit, the names and the fix", () => {
  const md = golden("blocked-deletion");
  assert.match(md, /❌ \*\*The preview failed\*\* \(1 error\):.*5 deletions blocked by maxDeletions/);
  assert.match(row(md, "scanned"), /⛔ blocked \| `acme` \| .* \| −5 ⛔ \| 17 \| 2 \(would delete 5\)/);
  assert.match(
    md,
    /5 deletions blocked \(limit 2\)<\/summary>\n\n- `acme\/api`\n- `acme\/auth`\n- `acme\/billing`\n- `acme\/ledger`\n- `acme\/web`\n/,
  );
  assert.match(
    md,
    /### Errors\n\n- \*\*RepositoryImport `scanned`\*\*: maxDeletions: .*Fix: if these deletions are intended, set allowDeletions to 5/,
  );
  assert.doesNotMatch(md, /at Object\.diff|node_modules/, "stack traces stay out of the report");
});

test("a missing scope: the integration failed and the missing scopes are listed with the fix", () => {
  const md = golden("missing-scope");
  assert.match(md, /❌ \*\*The preview failed\*\* \(1 error\): .*1 token missing scopes/);
  assert.match(row(md, "snyk-github"), /❌ failed .* ❌ `admin:repo_hook`, `read:org`, `repo` \|/);
  assert.match(
    md,
    /- \*\*Integration `snyk-github`\*\*: token: the token lacks scopes snyk needs for github: .* create a token with repo, read:org, admin:repo\\_hook/,
  );
});
