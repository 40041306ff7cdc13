// What Semgrep Managed Scans need, judged from the facts the adapter reads (pure): on GitHub the
// private Semgrep GitHub app with code access (ScmApp.codeAccess, or the config's own `app`); on GitLab
// a token user of Maintainer or higher, and on GitLab.com a plan this provider cannot read.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { managedScansVerdict, type ManagedScansFacts } from "../../provider/src/platforms/semgrep/managed-scans";

const GHE = "https://ghe.example.com";
const ghes = (overrides: Partial<ManagedScansFacts> = {}): ManagedScansFacts => ({
  scm: "github-enterprise",
  type: "SCM_TYPE_GITHUB_ENTERPRISE",
  baseUrl: GHE,
  organization: "acme",
  apps: [],
  ...overrides,
});
const app = (codeAccess: boolean | undefined, baseUrl = GHE) => ({
  scmType: "SCM_TYPE_GITHUB_ENTERPRISE",
  slug: "semgrep-code-acme",
  baseUrl,
  ...(codeAccess !== undefined ? { codeAccess } : {}),
});

describe("managedScansVerdict", () => {
  it("on GitHub, misses the private app when none is registered for the host (another host's does not count)", () => {
    assert.match(
      managedScansVerdict(ghes()).missing.join(),
      /no private Semgrep GitHub app is registered for ghe\.example\.com/,
    );
    const elsewhere = managedScansVerdict(ghes({ apps: [app(true, "https://other.example.com")] }));
    assert.equal(elsewhere.missing.length, 1);
  });

  it("on GitHub, misses code access when the app has none or does not say (proto3 omits false)", () => {
    for (const codeAccess of [false, undefined]) {
      const verdict = managedScansVerdict(ghes({ apps: [app(codeAccess)] }));
      assert.match(verdict.missing.join(), /"semgrep-code-acme" has no code access.*Contents/);
    }
  });

  it("on GitHub, holds with code access, read from the config's own app first", () => {
    assert.deepEqual(managedScansVerdict(ghes({ apps: [app(true)] })), { missing: [], unverified: [] });
    const config = { id: "501", type: "SCM_TYPE_GITHUB_ENTERPRISE", namespace: "acme", app: app(false) };
    assert.equal(
      managedScansVerdict(ghes({ apps: [app(true)], config })).missing.length,
      1,
      "the config's app decides",
    );
  });

  it("on GitLab, needs Maintainer (40) or higher", () => {
    const gitlab = (accessLevel: number, scm: "gitlab" | "gitlab-self-managed" = "gitlab-self-managed") =>
      managedScansVerdict({
        scm,
        type: scm === "gitlab" ? "SCM_TYPE_GITLAB" : "SCM_TYPE_GITLAB_SELFMANAGED",
        baseUrl: "https://gitlab.example.com",
        organization: "acme",
        apps: [],
        accessLevel,
        role: accessLevel === 30 ? "developer" : "maintainer",
      });
    assert.match(gitlab(30).missing.join(), /developer of "acme".*Maintainer, Owner or Admin/);
    assert.deepEqual(gitlab(40), { missing: [], unverified: [] });
    assert.deepEqual(gitlab(60).missing, []);
  });

  describe("on GitLab.com, the group's plan", () => {
    const onGitLabCom = (facts: Partial<ManagedScansFacts>) =>
      managedScansVerdict({
        scm: "gitlab",
        type: "SCM_TYPE_GITLAB",
        baseUrl: "https://gitlab.com",
        organization: "acme",
        apps: [],
        accessLevel: 50,
        role: "owner",
        ...facts,
      });

    it("holds on Premium, Ultimate, their trials, the open-source program and the legacy paid tiers", () => {
      for (const plan of ["premium", "ultimate", "ultimate_trial", "premium_trial", "opensource", "silver", "Gold"])
        assert.deepEqual(onGitLabCom({ plan }), { missing: [], unverified: [] }, plan);
    });

    it("is missing on the free plan, quoting what GitLab reports and the fix", () => {
      for (const plan of ["free", "default"]) {
        const verdict = onGitLabCom({ plan });
        assert.equal(verdict.missing.length, 1, plan);
        assert.match(
          verdict.missing[0]!,
          new RegExp(`"acme" on the "${plan}" plan.*Premium or Ultimate. Fix: upgrade`),
        );
        assert.deepEqual(verdict.unverified, []);
      }
    });

    it("is stated, never refused, when GitLab does not show it, names one this provider does not know, or the read failed", () => {
      const hidden = onGitLabCom({});
      assert.deepEqual(hidden.missing, []);
      assert.match(hidden.unverified.join(), /does not show the plan to the token's user/);
      const unknown = onGitLabCom({ plan: "enterprise_2030" });
      assert.deepEqual(unknown.missing, []);
      assert.match(unknown.unverified.join(), /reports plan "enterprise_2030", which this provider does not know/);
      const failed = onGitLabCom({ planUnread: "GitLab answered 503" });
      assert.deepEqual(failed.missing, []);
      assert.match(failed.unverified.join(), /could not be read \(GitLab answered 503\)/);
    });

    it("is not asked of GitLab Self-Managed", () => {
      const selfManaged = managedScansVerdict({
        scm: "gitlab-self-managed",
        type: "SCM_TYPE_GITLAB_SELFMANAGED",
        baseUrl: "https://gitlab.example.com",
        organization: "acme",
        apps: [],
        accessLevel: 40,
        plan: "free",
      });
      assert.deepEqual(selfManaged, { missing: [], unverified: [] });
    });
  });
});
