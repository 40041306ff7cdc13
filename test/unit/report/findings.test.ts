// The report reads the provider's findings from their records (`[<Kind> <name>] finding: <JSON>`, with
// PULUMI_SCM_FINDINGS=json), never from the sentences; a record it cannot read is shown as such, and a
// preview without records says so rather than reporting no findings.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { renderFinding, type Finding } from "../../../provider/src/core/findings";
import { analyse } from "../../../scripts/report/analyse";
import { parsePreview } from "../../../scripts/report/parse";
import { renderReport } from "../../../scripts/report/report";

const TYPE = "pulumi-nodejs:dynamic/scm-integrations:";
const urn = (kind: string, name: string) => `urn:pulumi:prod::platform::${TYPE}${kind}::${name}`;

const TOKEN: Finding = {
  type: "token",
  apiUrl: "https://api.github.com",
  tokenKind: "github-classic-pat",
  owner: "bot",
  scopes: ["repo"],
  missing: ["admin:org"],
  excess: [],
};
const ACCESS: Finding = { type: "connection-access", url: "https://github.com/acme", role: "member", state: "active" };
const RESOLVED: Finding = {
  type: "resolved-repositories",
  count: 22,
  organization: "acme",
  sinceLastRun: { added: 3, removed: 9 },
};
const REFUSAL: Finding = {
  type: "deletion-refusal",
  operation: "plan",
  count: 9,
  limit: 2,
  maxDeletions: 2,
  names: ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"],
  more: 4,
  fix: "set allowDeletions to 9",
};

const info = (label: string, message: string) => ({ severity: "info", message: `[${label}] ${message}` });
const sentence = (label: string, finding: Finding) => info(label, renderFinding(finding));
const record = (label: string, finding: Finding) => info(label, `finding: ${JSON.stringify(finding)}`);
const refusalError = {
  urn: urn("RepositoryImport", "scanned"),
  severity: "error",
  message: `maxDeletions: ${renderFinding(REFUSAL)}. Fix: set allowDeletions to 9`,
};

/** What a preview with PULUMI_SCM_FINDINGS=json says: each finding's sentence, then its record. */
const withRecords = [
  sentence("Integration gh", TOKEN),
  record("Integration gh", TOKEN),
  sentence("OrgConnection acme", ACCESS),
  record("OrgConnection acme", ACCESS),
  sentence("RepositoryImport scanned", RESOLVED),
  record("RepositoryImport scanned", RESOLVED),
  info("RepositoryImport scanned", "plan: import 3, remove 0, keep 19"),
  { severity: "warning", message: "[Integration gh] warning: the token expires in 9 days" },
  record("RepositoryImport scanned", REFUSAL),
  refusalError,
];

const preview = (diagnostics: unknown[]) => JSON.stringify({ steps: [], diagnostics });

test("finding records become the model; their sentences are not repeated as notes", () => {
  const analysis = analyse(parsePreview(preview(withRecords)));
  assert.equal(analysis.findingsEmitted, true);
  assert.deepEqual(analysis.invalidFindings, []);
  const view = (name: string) => analysis.views.find((v) => v.name === name)!;
  assert.deepEqual(view("gh").findings, TOKEN);
  assert.deepEqual(view("gh").infos, []);
  assert.deepEqual(view("gh").warnings, ["the token expires in 9 days"]);
  assert.deepEqual(view("acme").access, ACCESS);
  assert.deepEqual(view("acme").infos, []);
  assert.deepEqual(view("scanned").resolved, RESOLVED);
  assert.deepEqual(view("scanned").refusal, REFUSAL);
  assert.deepEqual(view("scanned").infos, ["plan: import 3, remove 0, keep 19"]);

  const md = renderReport(preview(withRecords));
  assert.match(md, /9 deletions blocked by maxDeletions/);
  assert.match(md, /1 token missing scopes/);
  assert.match(
    md,
    /\| `acme` \| no change \| \[`acme`\]\(https:\/\/github\.com\/acme\) \| unchanged \| member \(active\) \|/,
  );
  assert.match(md, /\| `scanned` \| ⛔ blocked \| `acme` \| — \| \+3 \| −9 ⛔ \| 22 \| 2 \(would delete 9\) \|/);
  assert.match(md, /9 deletions blocked \(limit 2\)/);
  assert.doesNotMatch(md, /were not emitted/);
  assert.doesNotMatch(md, /token owner is/, "the access sentence is in the table, not repeated");
});

test("a finding record the schema rejects is reported with the reason, never dropped", () => {
  const bad = info(
    "RepositoryImport scanned",
    'finding: {"type":"resolved-repositories","count":-1,"organization":"acme"}',
  );
  const analysis = analyse(parsePreview(preview([bad, record("Integration gh", TOKEN)])));
  assert.deepEqual(analysis.invalidFindings, [
    {
      kind: "RepositoryImport",
      name: "scanned",
      reason: "count: Too small: expected number to be >=0",
      text: 'finding: {"type":"resolved-repositories","count":-1,"organization":"acme"}',
    },
  ]);
  const md = renderReport(preview([bad]));
  assert.match(md, /### Findings the report could not read\n\n- \*\*RepositoryImport `scanned`\*\*: count: Too small/);
  assert.doesNotMatch(md, /were not emitted/, "a record was emitted, if unreadable");
});

test("provider lines without records: the report says the findings were not emitted and how to get them", () => {
  const sentencesOnly = withRecords.filter((d) => !/\] finding: /.test(d.message));
  const analysis = analyse(parsePreview(preview(sentencesOnly)));
  assert.equal(analysis.providerLines, true);
  assert.equal(analysis.findingsEmitted, false);
  const md = renderReport(preview(sentencesOnly));
  assert.match(md, /findings .* were not emitted.*`PULUMI_SCM_FINDINGS=json`/);
  // Steps, warnings and the provider's sentences are shown as written; no verdict is made up.
  assert.match(md, /⚠️ \*\*gh\*\*: the token expires in 9 days/);
  assert.match(md, /\*\*acme\*\*: https:\/\/github\.com\/acme: token owner is member \(active\)/);
  assert.match(md, /\*\*scanned\*\*: resolved 22 repositories in acme \(\+3 −9 since the last run\)/);
  assert.doesNotMatch(md, /token missing scopes|deletions blocked|⛔/);
  assert.match(md, /### Errors/);
});

test("a preview without provider lines has no note about findings", () => {
  const stack = { op: "same", urn: "urn:pulumi:prod::platform::pulumi:pulumi:Stack::platform-prod" };
  const md = renderReport(JSON.stringify({ steps: [stack], diagnostics: [] }));
  assert.doesNotMatch(md, /were not emitted/);
});
