// Cases the captured runs do not cover, on small hand-written previews in the digest format:
// replacements, deletions, values known only after apply, the name limit, overrides, other packages.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { renderReport } from "../../../scripts/report/report";
import { UNKNOWN_VALUE } from "../../../scripts/report/secrets";

const TYPE = "pulumi-nodejs:dynamic/scm-integrations:";
const urn = (kind: string, name: string) => `urn:pulumi:prod::platform::${TYPE}${kind}::${name}`;
const repos = (names: string[]) => Object.fromEntries(names.map((n) => [n, "selector"]));

function report(steps: unknown[], diagnostics: unknown[] = [], maxNames?: number): string {
  return renderReport(JSON.stringify({ steps, diagnostics }), maxNames === undefined ? {} : { maxNames });
}

function row(markdown: string, name: string): string {
  const line = markdown.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
  assert.ok(line, `no row for ${name} in:\n${markdown}`);
  return line;
}

test("a replacement names the inputs that force it, and the new endpoint", () => {
  const md = report([
    {
      op: "replace",
      urn: urn("Integration", "ghes"),
      oldState: {
        type: `${TYPE}Integration`,
        inputs: {
          platform: "snyk",
          platformOrg: "org-1",
          scm: "github-enterprise",
          baseUrl: "https://old.example.com",
        },
      },
      newState: {
        type: `${TYPE}Integration`,
        inputs: {
          platform: "snyk",
          platformOrg: "org-1",
          scm: "github-enterprise",
          baseUrl: "https://ghe.example.com",
          token: "[secret]",
        },
      },
      diffReasons: ["baseUrl"],
      replaceReasons: ["baseUrl"],
    },
  ]);
  assert.match(
    row(md, "ghes"),
    /♻️ replace \(baseUrl\) \| Snyk org `org-1` ← GitHub Enterprise Server at `https:\/\/ghe\.example\.com`/,
  );
  assert.match(md, /1 to replace/);
});

test("deleting an import removes what it imported itself (owned), listed", () => {
  const md = report([
    {
      op: "delete",
      urn: urn("RepositoryImport", "old"),
      oldState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: "acme" },
          mode: "additive",
          maxDeletions: 10,
          resolvedRepositories: repos(["acme/a", "acme/b", "acme/c"]),
        },
        outputs: { owned: ["acme/b", "acme/a"] },
      },
    },
  ]);
  assert.match(row(md, "old"), /🗑️ delete \| `acme` \| additive \| \+0 \| −2 \| 0 \| 10/);
  assert.match(md, /<code>old<\/code>: 2 repositories removed<\/summary>\n\n- `acme\/a`\n- `acme\/b`\n/);
  assert.match(md, /1 to delete · repositories \+0 −2/);
});

test("a desired list known only after apply says so instead of counting", () => {
  const md = report([
    {
      op: "create",
      urn: urn("RepositoryImport", "later"),
      newState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: UNKNOWN_VALUE },
          resolvedRepositories: UNKNOWN_VALUE,
          mode: "additive",
          maxDeletions: 10,
        },
      },
    },
  ]);
  assert.match(
    row(md, "later"),
    /➕ create \| `\(known after apply\)` \| additive \| known after apply \| known after apply \| — \| 10/,
  );
  assert.doesNotMatch(md, /repositories \+/);
});

test("--max-names cuts every list, an allowDeletions override is flagged, removals are listed", () => {
  const before = Array.from({ length: 30 }, (_, i) => `acme/r${String(i).padStart(2, "0")}`);
  const after = [...before.slice(0, 20), "acme/new1", "acme/new2"];
  const steps = [
    {
      op: "update",
      urn: urn("RepositoryImport", "all"),
      oldState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: "acme" },
          mode: "authoritative",
          maxDeletions: 5,
          resolvedRepositories: repos(before),
        },
      },
      newState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: "acme" },
          mode: "authoritative",
          maxDeletions: 5,
          allowDeletions: 10,
          resolvedRepositories: repos(after),
        },
      },
      diffReasons: ["resolvedRepositories", "allowDeletions"],
    },
  ];
  const md = report(steps, [], 3);
  assert.match(
    row(md, "all"),
    /✏️ update \(allowDeletions, resolvedRepositories\) \| `acme` \| authoritative \| \+2 \| −10 \| 22 \| 5 \+ ⚠️ allowDeletions 10/,
  );
  assert.match(
    md,
    /10 repositories removed<\/summary>\n\n- `acme\/r20`\n- `acme\/r21`\n- `acme\/r22`\n- … and 7 more\n/,
  );
  assert.match(md, /2 repositories added<\/summary>\n\n- `acme\/new1`\n- `acme\/new2`\n\n/);
  assert.match(report(steps), /- `acme\/r29`\n\n/, "the default limit of 10 lists all ten");
});

test("table cells survive pipes and backticks in names; other packages' resources are only counted", () => {
  const md = report(
    [
      {
        op: "create",
        urn: urn("OrgConnection", "a|b"),
        newState: {
          type: `${TYPE}OrgConnection`,
          inputs: {
            organization: "we`ird",
            integration: { scm: "gitlab-self-managed", baseUrl: "https://gitlab.example.com" },
          },
        },
      },
      {
        op: "create",
        urn: "urn:pulumi:prod::platform::aws:s3/bucket:Bucket::logs",
        newState: { type: "aws:s3/bucket:Bucket", inputs: {} },
      },
      {
        op: "update",
        urn: "urn:pulumi:prod::platform::aws:s3/bucket:Bucket::data",
        newState: { type: "aws:s3/bucket:Bucket", inputs: {} },
      },
    ],
    [{ message: "[OrgConnection a|b] warning: the token's owner is only a developer in acme/*", severity: "info#err" }],
  );
  assert.match(
    md,
    /\| `a\\\|b` \| ➕ create \| `` we`ird `` \| GitLab Self-Managed at `https:\/\/gitlab\.example\.com` \| — \|/,
  );
  // Free text is escaped so that it shows as written: no table breaks, no emphasis from globs.
  assert.match(md, /- ⚠️ \*\*a\\\|b\*\*: the token's owner is only a developer in acme\/\\\*/);
  assert.match(md, /Other resources in this stack: 1 to create, 1 to update\./);
  assert.match(md, /1 to create ·|1 to create$/m);
});

test("a preview with nothing of this package says so", () => {
  const md = report([]);
  assert.match(md, /✅ \*\*The preview succeeded\*\*: no changes to SCM integrations/);
  assert.doesNotMatch(md, /###/);
});

test("an engine error about no resource of this package is still reported, and fails the report", () => {
  const md = report([], [{ message: "error: program failed: TypeError: x is undefined", severity: "error" }]);
  assert.match(md, /❌ \*\*The preview failed\*\* \(1 error\)/);
  assert.match(md, /### Errors\n\n- program failed: TypeError: x is undefined/);
});
