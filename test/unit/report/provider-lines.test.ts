// The provider's log lines the report reads: their formats come from provider/src/core/log.ts,
// token-findings.ts findingsSummary, repository-import-check.ts / -destroy.ts and plan/reconcile.ts refusalFor.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { createLogger, setLogSink } from "../../../provider/src/core/log";
import { findingsSummary, type TokenFindings } from "../../../provider/src/resources/token-findings";
import { planReconcile } from "../../../provider/src/plan/reconcile";
import {
  parseConnectionAccess,
  parseFindings,
  parseProviderLine,
  parseRefusal,
  parseResolved,
} from "../../../scripts/report/provider-lines";

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

test("the findings line the provider writes is read back field by field", () => {
  const full = findingsSummary(
    findings({ expiresAt: "2031-01-15T00:00:00.000Z", serverVersion: "3.19.0" }),
    "https://ghe.example.com/api/v3",
  );
  assert.deepEqual(parseFindings(full), {
    apiUrl: "https://ghe.example.com/api/v3",
    tokenKind: "github-classic-pat",
    owner: "bot",
    scopes: ["admin:org", "repo"],
    missing: [],
    excess: ["admin:org"],
    expires: "2031-01-15T00:00:00.000Z",
    serverVersion: "3.19.0",
  });
  const unreadable = findingsSummary(
    findings({ kind: "github-fine-grained-pat", owner: undefined, scopesKnown: false, grantedScopes: [] } as never, {
      unknown: true,
      excess: [],
    }),
    "https://api.github.com",
  );
  assert.deepEqual(parseFindings(unreadable), {
    apiUrl: "https://api.github.com",
    tokenKind: "github-fine-grained-pat",
    excess: [],
  });
  const missing = findingsSummary(
    findings({ grantedScopes: ["public_repo"] }, { missing: ["read:org", "repo"], excess: [], satisfied: false }),
    "http://127.0.0.1:1",
  );
  assert.deepEqual(parseFindings(missing)?.missing, ["read:org", "repo"]);
  assert.equal(parseFindings("registered snyk integration abc for https://api.github.com"), undefined);
});

test("the refusal reconcile writes is read back: count, limit, names and the fix", () => {
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
  const message = `maxDeletions: ${refusal.reason}. Fix: ${refusal.fix}`;
  assert.deepEqual(parseRefusal(message), {
    count: 7,
    limit: 2,
    names: ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"],
    more: 2,
    fix: refusal.fix,
  });
  const withOverride = planReconcile({ ...input, allowDeletions: 3 }).refusal!;
  assert.equal(parseRefusal(withOverride.reason)?.limit, 3);
  assert.deepEqual(
    parseRefusal(
      "maxDeletions: destroying would remove 12 imports, more than the limit of 10. Fix: set allowDeletions: 12 on this resource",
    ),
    {
      count: 12,
      limit: 10,
      names: [],
      more: 0,
      fix: "set allowDeletions: 12 on this resource",
    },
  );
  assert.equal(parseRefusal("token: the token lacks scopes"), undefined);
});

test("the resolved and access lines", () => {
  assert.deepEqual(parseResolved("resolved 22 repositories in acme (+12 −0 since the last run)"), {
    count: 22,
    organization: "acme",
    added: 12,
    removed: 0,
  });
  assert.deepEqual(parseResolved("resolved 1 repository in group/sub"), { count: 1, organization: "group/sub" });
  assert.deepEqual(parseConnectionAccess("https://github.com/acme: token owner is admin (active)"), {
    url: "https://github.com/acme",
    role: "admin",
    state: "active",
  });
  assert.deepEqual(parseConnectionAccess("https://gitlab.example.com/g: token owner is maintainer"), {
    url: "https://gitlab.example.com/g",
    role: "maintainer",
  });
});
