import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  KNOWN_GITHUB_SCOPES,
  classifyGitHubToken,
  expandGitHubScopes,
  impliedGitHubScopes,
  parseOAuthScopesHeader,
} from "../../../provider/src/plan/scopes-github";

const scope = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_GITHUB_SCOPES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z_]{1,8}(:[a-z_]{1,8})?$/) },
);
const scopes = fc.array(scope, { maxLength: 8 });

/** Every scope reachable from `root` through the table, root excluded. */
function descendants(root: string): Set<string> {
  const out = new Set<string>();
  const stack = [...impliedGitHubScopes(root)];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    if (out.has(s)) continue;
    out.add(s);
    stack.push(...impliedGitHubScopes(s));
  }
  return out;
}

describe("expandGitHubScopes", () => {
  it("expands the documented parents to their full child sets", () => {
    assert.deepEqual(expandGitHubScopes(["repo"]), [
      "public_repo",
      "repo",
      "repo:invite",
      "repo:status",
      "repo_deployment",
      "security_events",
    ]);
    assert.deepEqual(expandGitHubScopes(["admin:org"]), ["admin:org", "read:org", "write:org"]);
    assert.deepEqual(expandGitHubScopes(["user", "gist"]), ["gist", "read:user", "user", "user:email", "user:follow"]);
    assert.deepEqual(expandGitHubScopes(["admin:repo_hook"]), ["admin:repo_hook", "read:repo_hook", "write:repo_hook"]);
    assert.deepEqual(expandGitHubScopes(["admin:enterprise"]), [
      "admin:enterprise",
      "manage_billing:enterprise",
      "manage_runners:enterprise",
      "read:enterprise",
    ]);
    assert.deepEqual(expandGitHubScopes(["write:packages"]), ["read:packages", "write:packages"]);
  });

  it("keeps unknown scopes, trims and drops empty entries", () => {
    assert.deepEqual(expandGitHubScopes([" future:scope ", "", "workflow"]), ["future:scope", "workflow"]);
    assert.deepEqual(expandGitHubScopes([]), []);
  });

  it("is sorted and unique", () => {
    fc.assert(
      fc.property(scopes, (granted) => {
        const out = expandGitHubScopes(granted);
        assert.deepEqual(out, [...new Set(out)].sort());
      }),
    );
  });

  it("is monotone: more granted scopes never lose an effective scope", () => {
    fc.assert(
      fc.property(scopes, scopes, (a, b) => {
        const small = new Set(expandGitHubScopes(a));
        const big = new Set(expandGitHubScopes([...a, ...b]));
        for (const s of small) assert.ok(big.has(s), `${s} lost when adding ${JSON.stringify(b)}`);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(scopes, (g) => assert.deepEqual(expandGitHubScopes(expandGitHubScopes(g)), expandGitHubScopes(g))),
    );
  });

  it("includes every descendant of every granted parent", () => {
    fc.assert(
      fc.property(scopes, (granted) => {
        const out = new Set(expandGitHubScopes(granted));
        for (const g of granted) for (const d of descendants(g.trim())) assert.ok(out.has(d), `${g} should imply ${d}`);
      }),
    );
  });

  it("never invents a scope: each result is granted or a descendant of a granted scope", () => {
    fc.assert(
      fc.property(scopes, (granted) => {
        const trimmed = granted.map((g) => g.trim()).filter((g) => g !== "");
        const allowed = new Set(trimmed);
        for (const g of trimmed) for (const d of descendants(g)) allowed.add(d);
        for (const s of expandGitHubScopes(granted))
          assert.ok(allowed.has(s), `${s} invented from ${JSON.stringify(granted)}`);
      }),
    );
  });

  it("never derives a parent from its children", () => {
    assert.deepEqual(expandGitHubScopes(["read:org", "write:org"]), ["read:org", "write:org"]);
    assert.equal(
      expandGitHubScopes(["public_repo", "repo:status", "repo_deployment", "repo:invite"]).includes("repo"),
      false,
    );
    assert.equal(expandGitHubScopes(["user:email", "read:user", "user:follow"]).includes("user"), false);
  });
});

describe("parseOAuthScopesHeader", () => {
  it("splits GitHub's comma+space list and treats empty/absent as no scopes", () => {
    assert.deepEqual(parseOAuthScopesHeader("repo, read:org"), ["repo", "read:org"]);
    assert.deepEqual(parseOAuthScopesHeader(""), []);
    assert.deepEqual(parseOAuthScopesHeader(undefined), []);
    assert.deepEqual(parseOAuthScopesHeader(" , gist ,"), ["gist"]);
  });
});

describe("classifyGitHubToken", () => {
  it("classifies by prefix", () => {
    assert.equal(classifyGitHubToken("ghp_" + "a".repeat(36)), "github-classic-pat");
    assert.equal(classifyGitHubToken("github_pat_11AAAA_" + "b".repeat(40)), "github-fine-grained-pat");
    assert.equal(classifyGitHubToken("gho_" + "c".repeat(36)), "github-oauth");
    assert.equal(classifyGitHubToken("ghu_" + "d".repeat(36)), "github-app-user");
    assert.equal(classifyGitHubToken("ghs_" + "e".repeat(36)), "github-app-installation");
    assert.equal(classifyGitHubToken("0123456789abcdef0123456789ABCDEF01234567"), "github-classic-pat");
    assert.equal(classifyGitHubToken("0123456789abcdef0123456789abcdef0123456"), "unknown"); // 39 hex
    assert.equal(classifyGitHubToken("ghr_" + "f".repeat(36)), "unknown"); // refresh token: not an API credential
    assert.equal(classifyGitHubToken("glpat-xxxxxxxxxxxxxxxxxxxx"), "unknown");
  });
});
