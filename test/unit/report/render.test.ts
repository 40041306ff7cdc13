// Cases the captured runs do not cover, on small hand-written previews in the digest format:
// replacements, deletions, values known only after apply, the name limit, overrides, other packages.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { renderReport } from "../../../scripts/report/report";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN_VALUE } from "../../../scripts/report/secrets";

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
  // A real digest always carries the stack's step (pkg/backend/display/json.go keeps the root stack).
  const md = report([{ op: "same", urn: "urn:pulumi:prod::platform::pulumi:pulumi:Stack::platform-prod" }]);
  assert.match(md, /✅ \*\*The preview succeeded\*\*: no changes to SCM integrations/);
  assert.doesNotMatch(md, /###/);
});

test("an engine error about no resource of this package is still reported, and fails the report", () => {
  const md = report([], [{ message: "error: program failed: TypeError: x is undefined", severity: "error" }]);
  assert.match(md, /❌ \*\*The preview failed\*\* \(1 error\)/);
  assert.match(md, /### Errors\n\n- program failed: TypeError: x is undefined/);
});

test("the headline counts the deletions blocked, not the resources that blocked them", () => {
  // The refusal's record (an info line, PULUMI_SCM_FINDINGS=json) and the error the preview fails with.
  const refused = (name: string, count: number) => {
    const finding = {
      type: "deletion-refusal",
      operation: "plan",
      count,
      limit: 2,
      maxDeletions: 2,
      names: ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"],
      more: count - 5,
      fix: `set allowDeletions to ${count}`,
    };
    return [
      { severity: "info", message: `[RepositoryImport ${name}] finding: ${JSON.stringify(finding)}` },
      {
        urn: urn("RepositoryImport", name),
        severity: "error",
        message: `maxDeletions: the plan would delete ${count} imports (acme/a, acme/b, acme/c, acme/d, acme/e and ${count - 5} more), more than maxDeletions (2) allows; nothing is deleted. Fix: set allowDeletions to ${count}`,
      },
    ];
  };
  const one = report([], refused("scanned", 9));
  assert.match(one, /9 deletions blocked by maxDeletions/);
  assert.doesNotMatch(one, /1 deletion blocked/);
  const two = report([], [...refused("scanned", 9), ...refused("other", 6)]);
  assert.match(two, /15 deletions blocked by maxDeletions/);
});

test("an update shows what changed, old → new, with secrets as [secret] and never their value", () => {
  const canary = "ghp_CANARYreportUpdateDiff0000000000001";
  const md = report([
    {
      op: "update",
      urn: urn("RepositoryImport", "scanned"),
      oldState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: "acme" },
          mode: "authoritative",
          maxDeletions: 5,
          selector: { include: ["acme/*"], topics: ["production"] },
          resolvedRepositories: repos(["acme/a"]),
        },
      },
      newState: {
        type: `${TYPE}RepositoryImport`,
        inputs: {
          connection: { organization: "acme" },
          mode: "authoritative",
          maxDeletions: 8,
          selector: { include: ["acme/*"], topics: ["dev"] },
          resolvedRepositories: repos(["acme/a"]),
        },
      },
      diffReasons: ["selector", "maxDeletions"],
      detailedDiff: { "selector.topics[0]": { kind: "update" }, maxDeletions: { kind: "update" } },
    },
    {
      op: "update",
      urn: urn("Integration", "gh"),
      oldState: {
        type: `${TYPE}Integration`,
        inputs: {
          platform: "snyk",
          platformOrg: "org-1",
          scm: "github",
          baseUrl: "https://a.example",
          // As an event log written with plaintext secrets carries it.
          token: { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: canary },
        },
      },
      newState: {
        type: `${TYPE}Integration`,
        inputs: { platform: "snyk", platformOrg: "org-2", scm: "github", baseUrl: "[secret]", token: "[secret]" },
      },
      diffReasons: ["platformOrg", "baseUrl", "token"],
      detailedDiff: { platformOrg: { kind: "update" }, baseUrl: { kind: "update" }, token: { kind: "update" } },
    },
  ]);
  assert.match(md, /- ✏️ \*\*scanned\*\*: `selector\.topics` `\["production"\]` → `\["dev"\]`/);
  assert.match(md, /- ✏️ \*\*scanned\*\*: `maxDeletions` `5` → `8`/);
  assert.doesNotMatch(md, /`resolvedRepositories` `/, "the repository lists are shown as added/removed instead");
  assert.doesNotMatch(md, /`selector\.include`/, "what did not change is not listed");
  assert.match(md, /- ✏️ \*\*gh\*\*: `platformOrg` `org-1` → `org-2`/);
  assert.match(md, /- ✏️ \*\*gh\*\*: `baseUrl` `https:\/\/a\.example` → \[secret\]/);
  assert.match(md, /- ✏️ \*\*gh\*\*: `token` \[secret\] → \[secret\]/);
  assert.ok(!md.includes(canary), `the token reached the report:\n${md}`);
});
