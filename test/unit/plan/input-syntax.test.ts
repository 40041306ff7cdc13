// Every input-syntax rule, table-driven with the examples, plus properties: names valid by
// construction are accepted, a control character inserted anywhere is refused, and a canary token
// never appears in any message.
import assert from "node:assert/strict";
import { describe, test } from "@jest/globals";
import fc from "fast-check";
import type { ScmKind } from "../../../provider/src/core/domain.generated";
import {
  branchProblem,
  organizationProblem,
  outsideOrganizationProblem,
  platformOrgProblem,
  repositoryProblem,
} from "../../../provider/src/plan/input-syntax";
import { selectorDeadEnds } from "../../../provider/src/plan/selector-dead-ends";
import { MAX_TOKEN_LENGTH, tokenProblem } from "../../../provider/src/plan/token-syntax";

const SCMS: ScmKind[] = ["github", "github-enterprise", "gitlab", "gitlab-self-managed"];
const GH_SCMS: ScmKind[] = ["github", "github-enterprise"];
const GL_SCMS: ScmKind[] = ["gitlab", "gitlab-self-managed"];
const SNYK_KEY = "0b5e0b7c-1c2d-4e5f-8a9b-abcdef000004";

describe("tokenProblem", () => {
  const refused: [string, string, ScmKind[], RegExp][] = [
    [
      "glpat- for GitHub",
      "glpat-abcdefghijklmnop1234",
      GH_SCMS,
      /GitLab personal, project or group access token \(glpat- prefix\)/,
    ],
    ["ghp_ for GitLab", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", GL_SCMS, /\(ghp_ prefix\), given for GitLab/],
    ["github_pat_ for GitLab", "github_pat_11AAAAAAA0abcdefghijk_xyz", GL_SCMS, /fine-grained.*github_pat_ prefix/],
    ["gho_ for GitLab", "gho_abcdefghijklmnopqrstuvwxyz0123456789", GL_SCMS, /OAuth.*gho_/],
    ["ghs_ for GitLab", "ghs_abcdefghijklmnopqrstuvwxyz0123456789", GL_SCMS, /installation.*ghs_/],
    [
      "ghr_ refresh token for GitHub",
      "ghr_abcdefghijklmnopqrstuvwxyz0123456789",
      GH_SCMS,
      /refresh token.*cannot authenticate/,
    ],
    ["gldt- deploy token for GitLab", "gldt-abcdefghijklmnop1234", GL_SCMS, /deploy token \(gldt- prefix\)/],
    ["glrt- runner token for GitLab", "glrt-abcdefghijklmnop1234", GL_SCMS, /runner authentication token/],
    ["a Snyk API key", SNYK_KEY, SCMS, /Snyk API key \(a UUID\)/],
    ["a Semgrep API token", "sgp_abcdefghijklmnop1234", SCMS, /Semgrep API token \(sgp_ prefix\)/],
    ["a Basic header", "Basic dXNlcjpwYXNz", SCMS, /scheme "Basic".*drop the "Basic " prefix/],
    ["a Bearer prefix", "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789", SCMS, /scheme "Bearer"/],
    ["a token prefix", "token glpat-abcdefghijklmnop1234", SCMS, /scheme "token"/],
    ["lower-case bearer", "bearer abc", SCMS, /scheme "bearer"/],
    ["a 10 kB token", `ghp_${"a".repeat(10_000)}`, SCMS, /10004 characters long.*limit 1024/],
    ["non-ASCII text", "ghp_abcé", SCMS, /non-ASCII character at position 8/],
    ["CR/LF", "ghp_abc\r\n", SCMS, /line break at position 8/],
    ["NUL", "ghp_a\u0000bc", SCMS, /NUL character at position 6/],
    ["a tab", "abc\tdef", SCMS, /control character/],
    ["a space", "abc def", SCMS, /whitespace/],
    ["a zero-width space", "abc\u200bdef", SCMS, /non-ASCII/],
    ["empty", "", SCMS, /is empty/],
  ];
  for (const [name, token, scms, reason] of refused) {
    test(`refuses ${name}`, () => {
      for (const scm of scms) {
        const p = tokenProblem(token, scm);
        assert.ok(p, `${scm}: accepted`);
        assert.match(`${p.problem}. Fix: ${p.fix}`, reason, scm);
        assert.ok(p.fix.length > 0);
      }
    });
  }

  const accepted: [string, string, ScmKind[]][] = [
    ["ghp_ for GitHub", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", GH_SCMS],
    ["github_pat_ for GitHub", "github_pat_11AAAAAAA0abcdefghijk_xyz", GH_SCMS],
    ["ghs_ for GitHub", "ghs_abcdefghijklmnopqrstuvwxyz0123456789", GH_SCMS],
    ["an unprefixed 40-hex GHES token", "0123456789abcdef0123456789abcdef01234567", SCMS],
    ["glpat- for GitLab", "glpat-abcdefghijklmnop1234", GL_SCMS],
    ["a custom PAT prefix on Self-Managed", "acmecorp-abcdefghijklmnop1234", ["gitlab-self-managed"]],
    ["an instance-prefixed PAT on Self-Managed", "acme-glpat-abcdefghijklmnop1234", ["gitlab-self-managed"]],
    ["a token of exactly the cap", "a".repeat(MAX_TOKEN_LENGTH), SCMS],
  ];
  for (const [name, token, scms] of accepted) {
    test(`accepts ${name}`, () => {
      for (const scm of scms) assert.equal(tokenProblem(token, scm), undefined, scm);
    });
  }

  test("property: a canary token never appears in any message, whatever is wrong with it", () => {
    const canary = "CANARYz9q";
    fc.assert(
      fc.property(
        fc.constantFrom("", "ghp_", "glpat-", "github_pat_", "Bearer ", "Basic ", "token ", "ghr_", "gldt-"),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.constantFrom(...SCMS),
        (prefix, before, after, scm) => {
          const token = `${prefix}${before}${canary}${after}`;
          const p = tokenProblem(token, scm);
          if (p) assert.ok(!`${p.problem} ${p.fix}`.includes(canary), `${p.problem} ${p.fix}`);
        },
      ),
    );
  });

  test("property: a control character anywhere in a token is refused", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_]{0,30}$/),
        fc.stringMatching(/^[A-Za-z0-9_]{0,30}$/),
        fc.integer({ min: 0, max: 0x1f }).chain((c) => fc.constantFrom(c, 0x7f)),
        fc.constantFrom(...SCMS),
        (a, b, cp, scm) => {
          assert.ok(tokenProblem(`ghp_${a}${String.fromCharCode(cp)}${b}`, scm));
        },
      ),
    );
  });
});

// Valid by construction: GitHub logins, repository names, GitLab paths, branch names.
const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""));
const githubLogin = fc
  .array(
    fc.array(alnum, { minLength: 1, maxLength: 6 }).map((a) => a.join("")),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join("-"))
  .filter((s) => s.length <= 39);
const githubRepo = fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/).filter((s) => s !== "." && s !== "..");
const gitlabSegment = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_]$/), fc.stringMatching(/^[A-Za-z0-9_-]{0,20}$/))
  .map(([a, b]) => a + b);
const gitlabPath = fc.array(gitlabSegment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));
const branchComponent = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_]$/), fc.stringMatching(/^[A-Za-z0-9_.+=-]{0,15}$/))
  .map(([a, b]) => (a + b).replace(/\.+/g, "."))
  .filter((c) => !c.endsWith(".") && !c.endsWith(".lock"));
const branch = fc.array(branchComponent, { minLength: 1, maxLength: 4 }).map((c) => c.join("/"));
const control = fc
  .integer({ min: 0, max: 0x1f })
  .chain((c) => fc.constantFrom(c, 0x7f))
  .map((c) => String.fromCharCode(c));

function insertAt(value: string, at: number, ch: string): string {
  const i = at % (value.length + 1);
  return value.slice(0, i) + ch + value.slice(i);
}

describe("organizationProblem", () => {
  const refused: [string, ScmKind[], RegExp][] = [
    ["ac..me", GH_SCMS, /"ac\.\.me" is not a GitHub login/],
    ["acme?x", GH_SCMS, /"acme\?x" is not a GitHub login/],
    ["acme#x", GH_SCMS, /"acme#x"/],
    ["acme\n", GH_SCMS, /"acme\\n"/],
    ["ac\u0000me", GH_SCMS, /"ac\\u0000me"/],
    ["-acme", GH_SCMS, /"-acme" is not a GitHub login/],
    ["acme-", GH_SCMS, /not a GitHub login/],
    ["ac--me", GH_SCMS, /not a GitHub login/],
    ["ac_me", GH_SCMS, /not a GitHub login/],
    ["a".repeat(40), GH_SCMS, /40 characters long; GitHub logins have at most 39/],
    ["a".repeat(1000), GH_SCMS, /1000 characters long/],
    ["", SCMS, /not a|empty/],
    ["acme/../x", GL_SCMS, /contains '\.\.'/],
    ["-acme", GL_SCMS, /starting with '-'/],
    ["acme.git", GL_SCMS, /'\.git' or '\.atom'/],
    ["acme/sub.atom", GL_SCMS, /'\.atom'/],
    ["acme//sub", GL_SCMS, /empty path segment/],
    ["/acme", GL_SCMS, /empty path segment/],
    ["acme?x", GL_SCMS, /may only contain/],
    ["acme#x", GL_SCMS, /may only contain/],
    [" acme", GL_SCMS, /" acme"/],
    [Array.from({ length: 21 }, () => "g").join("/"), GL_SCMS, /21 path segments; GitLab nests at most 20/],
  ];
  for (const [value, scms, reason] of refused) {
    test(`refuses ${JSON.stringify(value).slice(0, 40)}`, () => {
      for (const scm of scms) {
        const p = organizationProblem(value, scm);
        assert.ok(p, `${scm}: accepted`);
        assert.match(p.problem, reason, scm);
      }
    });
  }
  test("accepts real-looking names", () => {
    for (const scm of GH_SCMS)
      for (const v of ["acme", "Acme-Corp", "a", "a1-b2-c3", "x".repeat(39)])
        assert.equal(organizationProblem(v, scm), undefined, v);
    for (const scm of GL_SCMS)
      for (const v of ["acme", "acme/platform", "acme_gl/sub.team/x-y", "_acme"])
        assert.equal(organizationProblem(v, scm), undefined, v);
  });
  test("property: any valid-by-construction name is accepted", () => {
    fc.assert(
      fc.property(githubLogin, fc.constantFrom(...GH_SCMS), (v, scm) =>
        assert.equal(organizationProblem(v, scm), undefined),
      ),
    );
    fc.assert(
      fc.property(gitlabPath, fc.constantFrom(...GL_SCMS), (v, scm) =>
        assert.equal(organizationProblem(v, scm), undefined),
      ),
    );
  });
  test("property: inserting a control character anywhere is refused, and the message shows it escaped", () => {
    fc.assert(
      fc.property(fc.oneof(githubLogin, gitlabPath), control, fc.nat(), fc.constantFrom(...SCMS), (v, c, at, scm) => {
        const bad = insertAt(v, at, c);
        const p = organizationProblem(bad, scm);
        assert.ok(p, JSON.stringify(bad));
        assert.ok(
          ![...p.problem].some((ch) => ch < " " || ch === "\x7f"),
          "the control character is escaped in the message",
        );
      }),
    );
  });
});

describe("repositoryProblem", () => {
  const refused: [string, ScmKind[], RegExp][] = [
    ["acme/..", GH_SCMS, /reserved/],
    ["acme/.", GH_SCMS, /reserved/],
    ["acme/a?b", GH_SCMS, /"acme\/a\?b".*may only contain/],
    ["acme/a#b", GH_SCMS, /"acme\/a#b"/],
    ["acme/api\n", GH_SCMS, /"acme\/api\\n"/],
    ["-acme/api", GH_SCMS, /its owner is not a GitHub login/],
    ["acme", GH_SCMS, /not owner\/name/],
    ["acme/sub/api", GH_SCMS, /exactly one '\/'/],
    [`acme/${"r".repeat(101)}`, GH_SCMS, /101 characters long; GitHub allows at most 100/],
    ["acme/../api", GL_SCMS, /contains '\.\.'/],
    ["api", GL_SCMS, /not a GitLab project path \(group\/name\)/],
    ["acme/-api", GL_SCMS, /starting with '-'/],
    ["acme/api.git", GL_SCMS, /'\.git'/],
    ["acme/a?b", GL_SCMS, /may only contain/],
  ];
  for (const [value, scms, reason] of refused) {
    test(`refuses ${JSON.stringify(value).slice(0, 40)}`, () => {
      for (const scm of scms) {
        const p = repositoryProblem(value, scm);
        assert.ok(p, `${scm}: accepted`);
        assert.match(p.problem, reason, scm);
      }
    });
  }
  test("property: any valid-by-construction name is accepted", () => {
    fc.assert(
      fc.property(githubLogin, githubRepo, fc.constantFrom(...GH_SCMS), (o, n, scm) =>
        assert.equal(repositoryProblem(`${o}/${n}`, scm), undefined, `${o}/${n}`),
      ),
    );
    fc.assert(
      fc.property(gitlabPath, gitlabSegment, fc.constantFrom(...GL_SCMS), (g, n, scm) =>
        assert.equal(repositoryProblem(`${g}/${n}`, scm), undefined),
      ),
    );
  });
  test("property: inserting a control character anywhere is refused", () => {
    fc.assert(
      fc.property(githubLogin, githubRepo, control, fc.nat(), fc.constantFrom(...SCMS), (o, n, c, at, scm) => {
        assert.ok(repositoryProblem(insertAt(`${o}/${n}`, at, c), scm));
      }),
    );
  });
});

describe("outsideOrganizationProblem", () => {
  test("GitHub: the owner is the organization, case aside", () => {
    assert.equal(outsideOrganizationProblem("acme/api", "acme", "github"), undefined);
    assert.equal(outsideOrganizationProblem("ACME/api", "Acme", "github-enterprise"), undefined);
    for (const other of ["other/api", "acmex/api", "acm/api", "acme-x/api"]) {
      const p = outsideOrganizationProblem(other, "acme", "github");
      assert.ok(p, other);
      assert.equal(p.problem, `${JSON.stringify(other)} is not in the connected organization "acme"`);
    }
  });

  test("GitLab: the group and its subgroups, by whole path segments", () => {
    assert.equal(outsideOrganizationProblem("acme/api", "acme", "gitlab"), undefined);
    assert.equal(outsideOrganizationProblem("acme/platform/api", "acme", "gitlab"), undefined);
    assert.equal(outsideOrganizationProblem("Acme/Platform/api", "acme/platform", "gitlab-self-managed"), undefined);
    for (const other of ["acmeplatform/api", "other/acme/api", "acme-x/api", "acme/api"]) {
      const p = outsideOrganizationProblem(other, "acme/platform", "gitlab");
      assert.ok(p, other);
      assert.match(p.fix, /selector\.includeShared/);
    }
  });

  test("any repository of any owner is inside exactly when its first segments are the organization's", () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);
    fc.assert(
      fc.property(segment, segment, segment, (org, owner, name) => {
        const inside = outsideOrganizationProblem(`${owner}/${name}`, org, "github") === undefined;
        return inside === (owner === org);
      }),
    );
  });
});

describe("branchProblem", () => {
  const refused: [string, RegExp][] = [
    [" main", /" main" is not a git branch name: it contains a space/],
    ["main\n", /"main\\n".*control/],
    ["../main", /contains '\.\.'/],
    ["-main", /starts with '-'/],
    ["main/", /empty '\/' component/],
    ["feature//x", /empty '\/' component/],
    ["main.lock", /'\.lock'/],
    ["a/b.lock/c", /'\.lock'/],
    ["main.", /ends with '\.'/],
    [".hidden", /starting with '\.'/],
    ["a@{1}", /'@\{'/],
    ["@", /is '@'/],
    ["a~1", /~ \^ :/],
    ["a^", /~ \^ :/],
    ["a:b", /~ \^ :/],
    ["a?b", /~ \^ :/],
    ["a*b", /~ \^ :/],
    ["a[b", /~ \^ :/],
    ["a\\b", /~ \^ :/],
    ["ma\u200bin", /invisible character \(U\+200B\)/],
    ["main\u00ad", /invisible character \(U\+00AD\)/],
    ["", /is empty/],
  ];
  for (const [value, reason] of refused) {
    test(`refuses ${JSON.stringify(value)}`, () => {
      const p = branchProblem(value);
      assert.ok(p, "accepted");
      assert.match(p.problem, reason);
    });
  }
  test("accepts real branch names", () => {
    for (const v of ["main", "release/1.2", "feature/JIRA-12_x", "v1.0.0", "a.b/c-d", "ü-umlaut"])
      assert.equal(branchProblem(v), undefined, v);
  });
  test("property: any valid-by-construction branch is accepted; a control character anywhere is refused", () => {
    fc.assert(fc.property(branch, (b) => assert.equal(branchProblem(b), undefined, b)));
    fc.assert(fc.property(branch, control, fc.nat(), (b, c, at) => assert.ok(branchProblem(insertAt(b, at, c)))));
  });
});

describe("platformOrgProblem", () => {
  test("Snyk: a UUID only", () => {
    assert.equal(platformOrgProblem("6f0b4c4e-0000-4000-8000-00000000a001", "snyk"), undefined);
    assert.equal(platformOrgProblem("6F0B4C4E-0000-4000-8000-00000000A001", "snyk"), undefined);
    for (const v of [
      "../../orgs/x",
      "acme",
      "",
      "6f0b4c4e-0000-4000-8000-00000000a001\n",
      "6f0b4c4e00004000800000000000a001",
    ]) {
      const p = platformOrgProblem(v, "snyk");
      assert.ok(p, v);
      assert.match(p.problem, /is not a Snyk organization id \(a UUID\)/);
    }
    assert.match(platformOrgProblem("../../orgs/x", "snyk")!.problem, /^"\.\.\/\.\.\/orgs\/x"/);
  });
  test("Semgrep: a numeric id or a slug without '/' or '..'", () => {
    for (const v of ["4242", "acme", "acme-corp", "acme_gl", "Acme.Corp"])
      assert.equal(platformOrgProblem(v, "semgrep"), undefined, v);
    for (const v of ["acme/x", "..", ".", "a..b", "../x", "acme?x", "acme#x", "acme\n", " acme", ""]) {
      const p = platformOrgProblem(v, "semgrep");
      assert.ok(p, JSON.stringify(v));
      assert.match(p.problem, /is not a Semgrep deployment id or slug/);
    }
  });
  test("property: a control character anywhere is refused on both platforms", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        control,
        fc.nat(),
        fc.constantFrom("snyk" as const, "semgrep" as const),
        (v, c, at, p) => assert.ok(platformOrgProblem(insertAt(v, at, c), p)),
      ),
    );
  });
});

describe("selectorDeadEnds", () => {
  const dead: [string, { include?: string[]; exclude?: string[] }, ScmKind, string, RegExp][] = [
    ["exclude **", { exclude: ["**"] }, "github", "selector.exclude[0]", /excludes every repository/],
    ["exclude */*", { exclude: ["*/*"] }, "github", "selector.exclude[0]", /excludes every repository/],
    ["exclude acme/* on GitHub", { exclude: ["acme/*"] }, "github", "selector.exclude[0]", /excludes every repository/],
    ["exclude acme/**", { exclude: ["acme/**"] }, "gitlab", "selector.exclude[0]", /excludes every repository/],
    [
      "include shadowed",
      { include: ["acme/api-*"], exclude: ["acme/*"] },
      "gitlab",
      "selector.include[0]",
      /always overridden by selector\.exclude\[0\]/,
    ],
    [
      "include literal shadowed",
      { include: ["acme/api"], exclude: ["acme/a*"] },
      "github",
      "selector.include[0]",
      /always overridden/,
    ],
    ["include another owner", { include: ["other/*"] }, "github-enterprise", "selector.include[0]", /another owner/],
  ];
  for (const [name, selector, scm, field, reason] of dead) {
    test(`refuses ${name}`, () => {
      const found = selectorDeadEnds(selector, scm, "acme");
      const hit = found.find((d) => d.field === field);
      assert.ok(hit, JSON.stringify(found));
      assert.match(hit.problem, reason);
    });
  }
  test("leaves live selectors alone", () => {
    for (const [selector, scm] of [
      [{ include: ["acme/*"], exclude: ["acme/legacy-*"] }, "github"],
      [{ include: ["acme/**"], exclude: ["acme/sub/**"] }, "gitlab"],
      [{ include: ["Acme/API"] }, "github"],
      [{ include: ["*/api"] }, "github"],
      [{ include: ["other/*"], includeShared: true }, "gitlab"], // shared projects live in other namespaces
      [{ include: ["acme/x"], exclude: ["acme/x"] }, "github"], // validateSelector's overlap finding
    ] as const) {
      assert.deepEqual(
        selectorDeadEnds(selector as unknown as { include?: string[]; exclude?: string[] }, scm, "acme"),
        [],
        JSON.stringify(selector),
      );
    }
  });
});
