// The scope rules where the vendors' current documentation corrects the older notes: Semgrep × GHES
// (write:discussion only before GHES 3.10; public_repo reads public repositories only) and GitLab's
// `api` scope (it reads and writes repositories over Git HTTP, so it covers read_repository).
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { evaluateScopes, findScopeRequirement } from "../../../provider/src/plan/required-scopes";
import { expandGitLabScopes, gitLabScopesCover } from "../../../provider/src/plan/scopes-gitlab";

const github = (grantedScopes: string[]) => ({ family: "github" as const, grantedScopes, scopesKnown: true });
const gitlab = (grantedScopes: string[]) => ({ family: "gitlab" as const, grantedScopes, scopesKnown: true });

describe("Semgrep × GitHub Enterprise Server", () => {
  const onVersion = (serverVersion?: string) =>
    findScopeRequirement("semgrep", "github-enterprise", "organization", serverVersion ? { serverVersion } : {});

  it("needs write:discussion only before GHES 3.10, where the scope still exists", () => {
    for (const version of ["3.9.0", "3.9.12", "3.8", "2.22.1"]) {
      assert.ok(onVersion(version).required.includes("write:discussion"), version);
    }
    for (const version of ["3.10.0", "3.10", "3.13.4", "3.19.0", "4.0.0"]) {
      assert.ok(!onVersion(version).required.includes("write:discussion"), version);
    }
  });

  it("accepts on GHES 3.19 a token with every scope Semgrep needs there and no write:discussion", () => {
    const result = evaluateScopes(github(["repo", "user:email"]), onVersion("3.19.0"));
    assert.deepEqual(result, { missing: [], excess: [], satisfied: true, unknown: false });
  });

  it("refuses a token with public_repo only: it cannot read private or internal repositories", () => {
    const result = evaluateScopes(github(["public_repo", "repo:status", "user:email"]), onVersion("3.19.0"));
    assert.equal(result.satisfied, false);
    assert.deepEqual(result.missing, ["repo"]);
    const why = onVersion("3.19.0").why?.repo ?? "";
    assert.match(why, /public_repo/);
    assert.match(why, /private/);
  });

  it("still asks for write:discussion on GHES 3.9", () => {
    const result = evaluateScopes(github(["repo", "user:email"]), onVersion("3.9.5"));
    assert.deepEqual(result.missing, ["write:discussion"]);
    assert.equal(evaluateScopes(github(["repo", "user", "write:discussion"]), onVersion("3.9.5")).satisfied, true);
  });

  it("property: from 3.10 on, adding write:discussion never changes the verdict", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 40 }),
        fc.subarray(["repo", "public_repo", "repo:status", "user", "user:email", "read:org"]),
        (minor, granted) => {
          const requirement = onVersion(`3.${minor}.0`);
          assert.equal(
            evaluateScopes(github(granted), requirement).satisfied,
            evaluateScopes(github([...granted, "write:discussion"]), requirement).satisfied,
          );
        },
      ),
    );
  });

  it("names a public source for every row", () => {
    for (const platform of ["snyk", "semgrep"] as const) {
      for (const scm of ["github", "github-enterprise", "gitlab", "gitlab-self-managed"] as const) {
        for (const level of ["organization", "group"] as const) {
          assert.match(findScopeRequirement(platform, scm, level).source, /^https:\/\//, `${platform} ${scm} ${level}`);
        }
      }
    }
  });
});

describe("GitLab api scope", () => {
  it("covers read_repository (and write_repository): api reads and writes repositories over Git HTTP", () => {
    assert.equal(gitLabScopesCover(["api"], "read_repository"), true);
    assert.equal(gitLabScopesCover(["api"], "write_repository"), true);
    assert.deepEqual(expandGitLabScopes(["api"]), ["api", "read_api", "read_repository", "write_repository"]);
  });

  it("reports no missing read_repository for an api token against Snyk group-level's read_api + read_repository", () => {
    const group = findScopeRequirement("snyk", "gitlab", "group");
    assert.deepEqual(evaluateScopes(gitlab(["api"]), group).missing, []);
    // read_api alone still reads no repository.
    assert.deepEqual(evaluateScopes(gitlab(["read_api"]), group).missing, ["read_repository"]);
  });
});
