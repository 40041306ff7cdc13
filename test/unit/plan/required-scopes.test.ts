import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ScmIntegrationError } from "../../../provider/src/core/errors";
import { SCOPE_REQUIREMENTS } from "../../../provider/src/plan/platform-scope-requirements";
import {
  DANGEROUS_SCOPES,
  evaluateScopes,
  findScopeRequirement,
  scopeFamily,
} from "../../../provider/src/plan/required-scopes";
import type { IntegrationLevel, Platform, ScmKind } from "../../../provider/src/core/domain.generated";
import { KNOWN_GITHUB_SCOPES, expandGitHubScopes } from "../../../provider/src/plan/scopes-github";
import { KNOWN_GITLAB_SCOPES, expandGitLabScopes } from "../../../provider/src/plan/scopes-gitlab";

const expand = { github: expandGitHubScopes, gitlab: expandGitLabScopes } as const;

const PLATFORMS: Platform[] = ["snyk", "semgrep"];
const SCMS: ScmKind[] = ["github", "github-enterprise", "gitlab", "gitlab-self-managed"];
const LEVELS: IntegrationLevel[] = ["organization", "group"];

describe("scope requirement table", () => {
  it("has exactly one row per (platform, scm, level), each with a source and the right family", () => {
    assert.equal(SCOPE_REQUIREMENTS.length, PLATFORMS.length * SCMS.length * LEVELS.length);
    for (const platform of PLATFORMS) {
      for (const scm of SCMS) {
        for (const level of LEVELS) {
          const rows = SCOPE_REQUIREMENTS.filter((r) => r.platform === platform && r.scm === scm && r.level === level);
          assert.equal(rows.length, 1, `${platform} ${scm} ${level}`);
          const row = findScopeRequirement(platform, scm, level);
          assert.equal(row.family, scopeFamily(scm));
          assert.match(row.source, /^https:\/\/(docs\.snyk\.io|semgrep\.dev)\//);
          if (!row.supported)
            assert.ok(row.guidance && row.guidance.length > 20, `${platform} ${scm} ${level} guidance`);
        }
      }
    }
  });

  it("holds the scopes the vendors' docs name", () => {
    const required = (p: Platform, s: ScmKind, l: IntegrationLevel) => [...findScopeRequirement(p, s, l).required];
    assert.deepEqual(required("snyk", "github", "organization"), ["repo", "read:org", "admin:repo_hook"]);
    assert.deepEqual(required("snyk", "github-enterprise", "organization"), ["repo", "read:org", "admin:repo_hook"]);
    assert.deepEqual(required("snyk", "gitlab", "organization"), ["api"]);
    assert.deepEqual(required("snyk", "gitlab-self-managed", "organization"), ["api"]);
    assert.deepEqual(required("snyk", "github", "group"), ["repo", "read:org", "read:user", "user:email"]);
    assert.deepEqual(required("snyk", "gitlab", "group"), ["read_api", "read_repository"]);
    // Without a known version no GHES-before-3.10 scope is added (scope-rules-vendor-docs.test.ts pins the rule).
    assert.deepEqual(required("semgrep", "github-enterprise", "organization"), ["repo", "user:email"]);
    assert.deepEqual(required("semgrep", "gitlab", "organization"), ["api"]);
    assert.deepEqual(required("semgrep", "gitlab-self-managed", "organization"), ["api"]);
  });

  it("marks what has no API as unsupported and says what to do instead", () => {
    const supported = SCOPE_REQUIREMENTS.filter((r) => r.supported).map((r) => `${r.platform}/${r.scm}/${r.level}`);
    assert.deepEqual(supported.sort(), [
      "semgrep/github-enterprise/organization",
      "semgrep/gitlab-self-managed/organization",
      "semgrep/gitlab/organization",
      "snyk/github-enterprise/organization",
      "snyk/github/organization",
      "snyk/gitlab-self-managed/organization",
      "snyk/gitlab/organization",
    ]);
    assert.match(findScopeRequirement("snyk", "gitlab", "group").guidance ?? "", /Integrations page of the Snyk group/);
    assert.match(findScopeRequirement("semgrep", "github", "organization").guidance ?? "", /Semgrep GitHub App/);
  });

  it("lists only dangerous scopes the SCMs know, and none a platform requires", () => {
    for (const scope of DANGEROUS_SCOPES.github) assert.ok(KNOWN_GITHUB_SCOPES.includes(scope), scope);
    for (const scope of DANGEROUS_SCOPES.gitlab) assert.ok(KNOWN_GITLAB_SCOPES.includes(scope), scope);
    for (const row of SCOPE_REQUIREMENTS) {
      for (const scope of expand[row.family](row.required)) {
        assert.ok(!DANGEROUS_SCOPES[row.family].includes(scope), `${row.platform}/${row.scm}/${row.level}: ${scope}`);
      }
    }
  });

  it("lists every scope that implies a dangerous one (GitHub reports only the parent)", () => {
    const known = { github: KNOWN_GITHUB_SCOPES, gitlab: KNOWN_GITLAB_SCOPES } as const;
    for (const family of ["github", "gitlab"] as const) {
      for (const scope of known[family]) {
        const implied = expand[family]([scope]).filter((s) => DANGEROUS_SCOPES[family].includes(s));
        if (implied.length > 0)
          assert.ok(DANGEROUS_SCOPES[family].includes(scope), `${scope} implies ${implied.join(", ")}`);
      }
    }
  });

  it("refuses a combination outside the table with an invalid-input error", () => {
    assert.throws(
      () => findScopeRequirement("checkmarx" as Platform, "github", "organization"),
      (e: unknown) =>
        e instanceof ScmIntegrationError &&
        e.kind === "invalid-input" &&
        e.message.startsWith("no scope requirement for checkmarx × github at level organization"),
    );
  });
});

describe("evaluateScopes", () => {
  const snykGitHub = findScopeRequirement("snyk", "github", "organization");
  const snykGitLab = findScopeRequirement("snyk", "gitlab", "organization");
  const semgrepGhes39 = findScopeRequirement("semgrep", "github-enterprise", "organization", {
    serverVersion: "3.9.0",
  });

  it("expands GitHub's normalised scopes before comparing (admin:org covers read:org)", () => {
    assert.deepEqual(
      evaluateScopes(
        { family: "github", grantedScopes: ["repo", "admin:org", "admin:repo_hook"], scopesKnown: true },
        snykGitHub,
      ),
      { missing: [], excess: ["admin:org"], satisfied: true, unknown: false },
    );
    assert.deepEqual(
      evaluateScopes(
        { family: "github", grantedScopes: ["repo", "read:org", "admin:repo_hook"], scopesKnown: true },
        snykGitHub,
      ),
      { missing: [], excess: [], satisfied: true, unknown: false },
    );
  });

  it("lists missing scopes sorted, and dangerous ones by the name the user granted", () => {
    assert.deepEqual(
      evaluateScopes(
        {
          family: "github",
          grantedScopes: ["public_repo", "delete_repo", "workflow", "admin:enterprise", "gist"],
          scopesKnown: true,
        },
        snykGitHub,
      ),
      {
        missing: ["admin:repo_hook", "read:org", "repo"],
        excess: ["admin:enterprise", "delete_repo", "workflow"],
        satisfied: false,
        unknown: false,
      },
    );
    // `user` covers user:email; on GHES 3.9 write:discussion is granted as such.
    assert.deepEqual(
      evaluateScopes(
        { family: "github", grantedScopes: ["repo", "user", "write:discussion"], scopesKnown: true },
        semgrepGhes39,
      ),
      { missing: [], excess: [], satisfied: true, unknown: false },
    );
  });

  it("checks GitLab scopes verbatim plus coverage (api covers read_api and repositories, not the reverse)", () => {
    assert.deepEqual(evaluateScopes({ family: "gitlab", grantedScopes: ["read_api"], scopesKnown: true }, snykGitLab), {
      missing: ["api"],
      excess: [],
      satisfied: false,
      unknown: false,
    });
    assert.deepEqual(
      evaluateScopes(
        { family: "gitlab", grantedScopes: ["api", "sudo", "read_user", " "], scopesKnown: true },
        snykGitLab,
      ),
      { missing: [], excess: ["sudo"], satisfied: true, unknown: false },
    );
    const group = findScopeRequirement("snyk", "gitlab", "group");
    assert.deepEqual(
      evaluateScopes({ family: "gitlab", grantedScopes: ["api", "write_repository"], scopesKnown: true }, group),
      {
        missing: [],
        excess: [],
        satisfied: true,
        unknown: false,
      },
    );
  });

  it("says unknown (and not satisfied) when the token has no readable scopes", () => {
    assert.deepEqual(evaluateScopes({ family: "github", grantedScopes: [], scopesKnown: false }, snykGitHub), {
      missing: [],
      excess: [],
      satisfied: false,
      unknown: true,
    });
  });

  it("refuses to compare a token with another SCM family's requirement", () => {
    assert.throws(
      () => evaluateScopes({ family: "gitlab", grantedScopes: ["api"], scopesKnown: true }, snykGitHub),
      (e: unknown) => e instanceof ScmIntegrationError && e.kind === "invalid-input",
    );
  });

  it("property: satisfied exactly when nothing is missing, and excess ⊆ granted", () => {
    const supported = SCOPE_REQUIREMENTS.filter((r) => r.supported);
    fc.assert(
      fc.property(
        fc.constantFrom(...supported),
        fc.array(fc.constantFrom(...KNOWN_GITHUB_SCOPES, ...KNOWN_GITLAB_SCOPES), { maxLength: 6 }),
        (requirement, granted) => {
          const result = evaluateScopes(
            { family: requirement.family, grantedScopes: granted, scopesKnown: true },
            requirement,
          );
          assert.equal(result.satisfied, result.missing.length === 0);
          for (const scope of result.excess) assert.ok(granted.includes(scope));
          for (const scope of result.missing) assert.ok(requirement.required.includes(scope));
          // Granting the missing scopes satisfies the requirement.
          const fixed = evaluateScopes(
            { family: requirement.family, grantedScopes: [...granted, ...result.missing], scopesKnown: true },
            requirement,
          );
          assert.equal(fixed.satisfied, true);
          assert.deepEqual(fixed.excess, result.excess);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
