// The provider's log lines the report reads: their format comes from provider/src/core/log.ts; the
// findings travel as records (core/findings.ts) the provider writes at token-findings.ts, org-connection.ts,
// repository-import-check.ts / -destroy.ts and plan/reconcile.ts refusalFor.
import assert from "node:assert/strict";
import { afterEach, test } from "@jest/globals";
import { createLogger, setLogSink } from "../../../provider/src/core/log";
import { tokenFinding, type TokenFindings } from "../../../provider/src/resources/token-findings";
import { planReconcile } from "../../../provider/src/plan/reconcile";
import { parseFindingLine, parseProviderLine } from "../../../scripts/report/provider-lines";

afterEach(() => {
  delete process.env["PULUMI_SCM_FINDINGS"];
});

/** What a logger writes for `log`, with PULUMI_SCM_FINDINGS as given. */
function logged(findingsEnv: string | undefined, log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  if (findingsEnv === undefined) delete process.env["PULUMI_SCM_FINDINGS"];
  else process.env["PULUMI_SCM_FINDINGS"] = findingsEnv;
  const previous = setLogSink((_level, line) => lines.push(line));
  try {
    log(createLogger("Integration gh"));
  } finally {
    setLogSink(previous);
  }
  return lines;
}

test("a provider line names its resource; warnings are told apart; other text is not a provider line", () => {
  const lines: string[] = [];
  const previous = setLogSink((_level, line) => lines.push(line));
  try {
    const logger = createLogger("RepositoryImport my imports");
    logger.info("plan: import 1, remove 0, keep 2");
    logger.warn("drift: 1 imports not desired were added out of band: acme/docs");
  } finally {
    setLogSink(previous);
  }
  assert.deepEqual(lines.map(parseProviderLine), [
    { kind: "RepositoryImport", name: "my imports", level: "info", message: "plan: import 1, remove 0, keep 2" },
    {
      kind: "RepositoryImport",
      name: "my imports",
      level: "warning",
      message: "drift: 1 imports not desired were added out of band: acme/docs",
    },
  ]);
  assert.equal(parseProviderLine("    at Object.diff (/repo/provider/src/resources/common.ts:90:21)"), undefined);
  assert.equal(parseProviderLine("[Stack x] hello"), undefined);
});

function findings(
  over: Partial<TokenFindings["info"]>,
  evaluation: Partial<TokenFindings["evaluation"]> = {},
): TokenFindings {
  return {
    info: {
      kind: "github-classic-pat",
      owner: "bot",
      grantedScopes: ["repo", "admin:org"],
      scopesKnown: true,
      ...over,
    } as TokenFindings["info"],
    evaluation: {
      missing: [],
      excess: ["admin:org"],
      unknown: false,
      satisfied: true,
      ...evaluation,
    },
    requirement: {} as TokenFindings["requirement"],
    warnings: [],
  };
}

test("a token finding: the sentence as before, and with PULUMI_SCM_FINDINGS=json its record, read back whole", () => {
  const full = tokenFinding(
    findings({ expiresAt: "2031-01-15T00:00:00.000Z", serverVersion: "3.19.0" }),
    "https://ghe.example.com/api/v3",
  );
  const sentence =
    "[Integration gh] https://ghe.example.com/api/v3: github-classic-pat token of bot; scopes: admin:org, repo; " +
    "missing: none; excess: admin:org; expires 2031-01-15T00:00:00.000Z; server 3.19.0";
  assert.deepEqual(
    logged(undefined, (l) => l.finding("info", full)),
    [sentence],
  );
  const lines = logged("json", (l) => l.finding("info", full));
  assert.equal(lines[0], sentence);
  const record = parseFindingLine(parseProviderLine(lines[1]!)!.message);
  assert.deepEqual(record, {
    finding: {
      type: "token",
      apiUrl: "https://ghe.example.com/api/v3",
      tokenKind: "github-classic-pat",
      owner: "bot",
      scopes: ["admin:org", "repo"],
      missing: [],
      excess: ["admin:org"],
      expires: "2031-01-15T00:00:00.000Z",
      serverVersion: "3.19.0",
    },
  });
  const unreadable = tokenFinding(
    findings({ kind: "github-fine-grained-pat", owner: undefined, scopesKnown: false, grantedScopes: [] } as never, {
      unknown: true,
      excess: [],
    }),
    "https://api.github.com",
  );
  assert.deepEqual(
    logged(undefined, (l) => l.finding("info", unreadable)),
    [
      "[Integration gh] https://api.github.com: github-fine-grained-pat token; scopes: not readable; missing: unknown; excess: none",
    ],
  );
});

test("a refusal's record carries count, limit, the names shown and the fix; its sentence is the plan's reason", () => {
  const actual = ["a", "b", "c", "d", "e", "f", "g"].map((n) => ({
    fullName: `acme/${n}`,
    platformId: n,
    scanning: true,
  }));
  const input = {
    desired: [],
    desiredComplete: true,
    actual,
    actualComplete: true,
    owned: [],
    mode: "authoritative" as const,
    maxDeletions: 2,
  };
  const refusal = planReconcile(input).refusal!;
  assert.equal(
    refusal.reason,
    "the plan would delete 7 imports (acme/a, acme/b, acme/c, acme/d, acme/e and 2 more), more than maxDeletions (2) allows; nothing is deleted",
  );
  const lines = logged("json", (l) => l.finding("info", refusal.finding, { sentence: false }));
  assert.equal(lines.length, 1, "the sentence travels in the error, only the record is logged");
  assert.deepEqual(parseFindingLine(parseProviderLine(lines[0]!)!.message), {
    finding: {
      type: "deletion-refusal",
      operation: "plan",
      count: 7,
      limit: 2,
      maxDeletions: 2,
      names: ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"],
      more: 2,
      fix: refusal.fix,
    },
  });
  const withOverride = planReconcile({ ...input, allowDeletions: 3 }).refusal!;
  assert.equal(withOverride.finding.limit, 3);
  assert.match(withOverride.reason, /more than maxDeletions \(2\) and allowDeletions \(3\) allow;/);
  assert.deepEqual(
    logged(undefined, (l) => l.finding("info", refusal.finding, { sentence: false })),
    [],
  );
});

test("a finding line the schema rejects says why; a line that is no finding line is not one", () => {
  assert.deepEqual(parseFindingLine('finding: {"type":"token","apiUrl":"https://api.github.com"}'), {
    invalid:
      "tokenKind: Invalid input: expected string, received undefined; excess: Invalid input: expected array, received undefined",
  });
  assert.match((parseFindingLine("finding: {not json") as { invalid: string }).invalid, /^not JSON \(/);
  assert.equal(parseFindingLine("resolved 3 repositories in acme"), undefined);
});
