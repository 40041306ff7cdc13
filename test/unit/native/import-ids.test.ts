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
