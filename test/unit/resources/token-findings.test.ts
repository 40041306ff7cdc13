// Token findings apply the one expiry policy (plan/expiry.ts) to whatever the SCM client reports:
// one warning per token, the short-lived wording for GitHub App tokens, and an expired token blocks.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { tokenFindings } from "../../../provider/src/resources/token-findings";
import type { ScmClient, TokenInfo, TokenKind } from "../../../provider/src/scm/types";

const NOW = new Date("2026-06-01T12:00:00.000Z");

function clientReporting(kind: TokenKind, expiresAt: string | undefined, warnings: string[] = []): ScmClient {
  const info: TokenInfo = {
    kind,
    grantedScopes: ["repo", "read:org", "admin:repo_hook"],
    effectiveScopes: ["admin:repo_hook", "read:org", "repo"],
    scopesKnown: kind === "github-classic-pat",
    provenCapabilities: ["list-org-repos"],
    unprovenCapabilities: [],
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    warnings,
  };
  const unused = () => Promise.reject(new Error("not used by tokenFindings"));
  return {
    endpoint: {
      scm: "github",
      baseUrl: "https://github.com",
      apiUrl: "https://api.github.com",
      webUrl: "https://github.com",
    },
    introspectToken: () => Promise.resolve(info),
    getOrgAccess: unused,
    listRepositories: unused,
    getRepository: unused,
    branchExists: unused,
  };
}

const INPUTS = { platform: "snyk", scm: "github", level: "organization" } as const;
const expiryLines = (warnings: string[]) => warnings.filter((w) => /expire/.test(w));

describe("tokenFindings: the expiry policy", () => {
  it("warns once about a personal token expiring within 30 days, and not at 31", async () => {
    const soon = await tokenFindings(clientReporting("github-classic-pat", "2026-06-11T12:00:00Z"), INPUTS, NOW);
    assert.deepEqual(expiryLines(soon.warnings), [
      "the token expires on 2026-06-11T12:00:00.000Z, in 10 days; create a new token with the same scopes and update token before then",
    ]);
    assert.equal(soon.blocking, undefined);
    const later = await tokenFindings(clientReporting("github-classic-pat", "2026-07-02T12:00:00Z"), INPUTS, NOW);
    assert.deepEqual(expiryLines(later.warnings), []);
  });

  it("says a GitHub App token is short-lived rather than asking to rotate it", async () => {
    for (const kind of ["github-app-installation", "github-app-user"] as const) {
      const findings = await tokenFindings(clientReporting(kind, "2026-06-01T13:00:00Z"), INPUTS, NOW);
      const lines = expiryLines(findings.warnings);
      assert.equal(lines.length, 1, kind);
      assert.match(lines[0]!, /short-lived by design .* a stored Integration token will stop working/, kind);
    }
  });

  it("blocks an expired token, with the fix", async () => {
    const findings = await tokenFindings(clientReporting("github-classic-pat", "2026-05-31T00:00:00Z"), INPUTS, NOW);
    assert.match(
      findings.blocking ?? "",
      /^the token expired at 2026-05-31T00:00:00Z; create a new token and set it as token$/,
    );
  });
});
