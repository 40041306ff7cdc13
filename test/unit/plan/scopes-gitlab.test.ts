import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  KNOWN_GITLAB_SCOPES,
  classifyGitLabToken,
  describeNonApiGitLabToken,
  expandGitLabScopes,
  gitLabScopesCover,
} from "../../../provider/src/plan/scopes-gitlab";

const scope = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_GITLAB_SCOPES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z_]{1,12}$/) },
);
const scopes = fc.array(scope, { maxLength: 8 });

describe("expandGitLabScopes", () => {
  it("adds exactly the covered scopes", () => {
    assert.deepEqual(expandGitLabScopes(["api"]), ["api", "read_api", "read_repository", "write_repository"]);
    assert.deepEqual(expandGitLabScopes(["write_repository"]), ["read_repository", "write_repository"]);
    assert.deepEqual(expandGitLabScopes(["read_api"]), ["read_api"]);
    assert.deepEqual(expandGitLabScopes(["api", "read_user"]), [
      "api",
      "read_api",
      "read_repository",
      "read_user",
      "write_repository",
    ]);
  });

  it("does not let write_registry cover read_registry, nor read_api cover api", () => {
    assert.deepEqual(expandGitLabScopes(["write_registry"]), ["write_registry"]);
    assert.equal(gitLabScopesCover(["write_registry"], "read_registry"), false);
    assert.equal(gitLabScopesCover(["read_api"], "api"), false);
    assert.equal(gitLabScopesCover(["read_repository"], "write_repository"), false);
    assert.equal(gitLabScopesCover(["api"], "read_api"), true);
  });

  it("keeps unknown scopes, trims and drops empty entries", () => {
    assert.deepEqual(expandGitLabScopes([" future_scope ", "", "sudo"]), ["future_scope", "sudo"]);
    assert.deepEqual(expandGitLabScopes([]), []);
  });

  it("is sorted, unique, a superset of the input and idempotent", () => {
    fc.assert(
      fc.property(scopes, (granted) => {
        const effective = expandGitLabScopes(granted);
        assert.deepEqual(effective, [...new Set(effective)].sort());
        for (const s of granted) assert.ok(effective.includes(s.trim()), `${s} kept`);
        assert.deepEqual(expandGitLabScopes(effective), effective);
      }),
    );
  });

  it("adds read_api and write_repository exactly when api is granted, and read_repository when either is", () => {
    fc.assert(
      fc.property(
        scopes.map((s) => s.filter((x) => x !== "read_api" && x !== "read_repository" && x !== "write_repository")),
        (granted) => {
          const effective = expandGitLabScopes(granted);
          const api = granted.includes("api");
          assert.equal(effective.includes("read_api"), api);
          assert.equal(effective.includes("write_repository"), api);
          assert.equal(effective.includes("read_repository"), api);
          // Nothing else appears out of nowhere.
          assert.equal(effective.length, new Set(granted).size + (api ? 3 : 0));
        },
      ),
    );
  });

  it("is monotone: more granted scopes never cover less", () => {
    fc.assert(
      fc.property(scopes, scopes, (a, b) => {
        const small = new Set(expandGitLabScopes(a));
        const big = new Set(expandGitLabScopes([...a, ...b]));
        for (const s of small) assert.ok(big.has(s));
      }),
    );
  });
});

describe("classifyGitLabToken", () => {
  it("recognises glpat- as a personal/project/group access token and nothing else by prefix", () => {
    assert.equal(classifyGitLabToken("glpat-abcdefghijklmnopqrst"), "gitlab-pat");
    assert.equal(classifyGitLabToken("mycorp-abcdefghijklmnopqrst"), "unknown");
    assert.equal(classifyGitLabToken("a".repeat(64)), "unknown");
    assert.equal(classifyGitLabToken("GLPAT-abcdefghijklmnop"), "unknown");
  });

  it("classifies any glpat- string as a PAT and any other prefix as unknown", () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        assert.equal(classifyGitLabToken(`glpat-${rest}`), "gitlab-pat");
        if (!rest.startsWith("glpat-")) assert.equal(classifyGitLabToken(rest), "unknown");
      }),
    );
  });
});

describe("describeNonApiGitLabToken", () => {
  it("names credentials that cannot call the REST API", () => {
    assert.equal(describeNonApiGitLabToken("gldt-abcdefghijklmnopqrst"), 'a deploy token (prefix "gldt-")');
    assert.equal(
      describeNonApiGitLabToken("glrt-abcdefghijklmnopqrst"),
      'a runner authentication token (prefix "glrt-")',
    );
    assert.equal(describeNonApiGitLabToken("glpat-abcdefghijklmnopqrst"), undefined);
    assert.equal(describeNonApiGitLabToken("something-else"), undefined);
  });
});
