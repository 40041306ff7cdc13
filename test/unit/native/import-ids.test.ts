import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { parseImportId } from "../../../provider/src/native/import-ids";

describe("pulumi import ids", () => {
  it("reads an Integration id of a cloud SCM", () => {
    assert.deepEqual(parseImportId("Integration", "snyk/org-1/github/int-1"), {
      platform: "snyk",
      platformOrg: "org-1",
      scm: "github",
      integrationId: "int-1",
    });
  });

  it("reads a URL-encoded GitLab subgroup and self-hosted base URL", () => {
    const id = `snyk/org-1/gitlab-self-managed/int-1/${encodeURIComponent("acme/platform")}/${encodeURIComponent("https://gitlab.acme.dev")}`;
    assert.deepEqual(parseImportId("RepositoryImport", id), {
      platform: "snyk",
      platformOrg: "org-1",
      scm: "gitlab-self-managed",
      integrationId: "int-1",
      organization: "acme/platform",
      baseUrl: "https://gitlab.acme.dev",
    });
  });

  it("reads Semgrep ids, which have no integration id part (Semgrep keeps no object for an Integration)", () => {
    assert.deepEqual(parseImportId("Integration", "semgrep/acme/gitlab"), {
      platform: "semgrep",
      platformOrg: "acme",
      scm: "gitlab",
    });
    const base = encodeURIComponent("https://ghe.acme.dev");
    assert.deepEqual(parseImportId("OrgConnection", `semgrep/4242/github-enterprise/acme/${base}`), {
      platform: "semgrep",
      platformOrg: "4242",
      scm: "github-enterprise",
      organization: "acme",
      baseUrl: "https://ghe.acme.dev",
    });
    assert.deepEqual(parseImportId("RepositoryImport", `semgrep/acme/gitlab/${encodeURIComponent("acme/platform")}`), {
      platform: "semgrep",
      platformOrg: "acme",
      scm: "gitlab",
      organization: "acme/platform",
    });
  });

  it("refuses a Semgrep id given in Snyk's shape, naming Semgrep's format", () => {
    assert.throws(
      () => parseImportId("OrgConnection", "semgrep/acme/gitlab/semgrep:4242:gitlab:gitlab.com/acme/extra"),
      /has 6 non-empty .* where 4 or 5 are expected.*semgrep\/<deployment>\/<scm>\/<organization>\[\/<baseUrl>\]/,
    );
    assert.throws(
      () => parseImportId("Integration", "semgrep/acme"),
      /where 3 or 4 are expected.*semgrep\/<deployment>/,
    );
  });

  it("refuses ids with the wrong parts, naming the format", () => {
    assert.throws(
      () => parseImportId("Integration", "snyk/org-1/github"),
      /has 3 non-empty .* where 4 or 5 are expected.*<platform>\/<platformOrg>\/<scm>\/<integrationId>/,
    );
    assert.throws(
      () => parseImportId("Integration", "jira/org-1/github/int-1"),
      /names platform "jira", not one of snyk, semgrep/,
    );
    assert.throws(
      () => parseImportId("OrgConnection", "snyk/org-1/github-enterprise/int-1/acme"),
      /needs the base URL/,
    );
    assert.throws(() => parseImportId("OrgConnection", "snyk/org-1/github/int-1/acme/https:%2F%2Fx"), /does not take/);
  });
});
