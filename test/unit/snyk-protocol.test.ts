// Pure pieces of the Snyk clients: error bodies of both dialects, import targets, job results,
// Location and links.next handling, and the adaptive poll schedule.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { snykErrorDetail, snykHttpError } from "../../provider/src/platforms/snyk/api-error";
import { DEFAULT_POLL_SCHEDULE } from "../../provider/src/platforms/snyk/import-jobs";
import { importTargetFor } from "../../provider/src/platforms/snyk/import-targets";
import { jobFinished, jobProblem } from "../../provider/src/platforms/snyk/job-status";
import { pollDelay } from "../../provider/src/platforms/snyk/job-watcher";
import { importJobPath } from "../../provider/src/platforms/snyk/v1-client";
import { restPageSchema, restTargetSchema } from "../../provider/src/platforms/snyk/schemas";
import { SnykRestClient } from "../../provider/src/platforms/snyk/rest-client";
import { createSnykTransport } from "../../provider/src/platforms/snyk/transport";
import { rememberSecret } from "../../provider/src/core/redact";
import { isScmIntegrationError } from "../../provider/src/core/errors";

describe("Snyk error bodies", () => {
  it("reads the server's words from V1, REST JSON:API and reporting bodies", () => {
    assert.equal(
      snykErrorDetail({ code: 404, message: "Org x was not found", error: "Org x was not found" }),
      "Org x was not found",
    );
    assert.equal(
      snykErrorDetail({
        jsonapi: { version: "1.0" },
        errors: [
          { status: "400", detail: "bad limit" },
          { status: "400", title: "Bad Request" },
        ],
      }),
      "bad limit; Bad Request",
    );
    assert.equal(
      snykErrorDetail({ code: 400, ok: false, error: { name: "ValidationError", innerErrors: [] } }),
      "ValidationError",
    );
    assert.equal(snykErrorDetail("<html>gateway</html>"), "<html>gateway</html>");
    assert.equal(snykErrorDetail(undefined), undefined);
  });

  it("maps statuses to kinds with a fix, and scrubs echoed secrets", () => {
    const secret = "SNYK-SECRET-1234567890";
    rememberSecret(secret);
    const context = {
      action: "listing the integrations of org o",
      apiRoot: "https://api.eu.snyk.io/v1",
      field: "platformOrg",
    };
    const cases: [number, string][] = [
      [401, "bad-credentials"],
      [403, "no-access"],
      [404, "not-found"],
      [409, "conflict"],
      [429, "rate-limited"],
      [503, "server-error"],
      [422, "invalid-input"],
    ];
    for (const [status, kind] of cases) {
      const e = snykHttpError(status, { message: `nope ${secret}` }, context);
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      assert.ok(e.fix && e.fix.length > 10);
      assert.ok(!e.message.includes(secret));
      assert.ok(!JSON.stringify(e.details).includes(secret));
    }
    assert.equal(
      snykHttpError(401, { code: 401, message: "Not authorised", error: "Not authorised" }, context).message,
      "platformOrg: Snyk refused listing the integrations of org o with HTTP 401 (the API token is not valid for https://api.eu.snyk.io/v1): Not authorised. Fix: check the Snyk API token (scm-integrations:snykToken or SNYK_TOKEN); keys are region-bound, so also check scm-integrations:snykRegion / snykApiUrl",
    );
  });
});

describe("Snyk import targets and job results", () => {
  it("builds GitHub {owner,name,branch} and GitLab {id,branch} targets, refusing what cannot be sent", () => {
    // The V1 description's GithubAndGithubEnterpriseRepoTarget requires the branch too.
    assert.equal(
      importTargetFor("github", { fullName: "acme/app", scmId: 1 }),
      "acme/app: a GitHub import needs the branch to scan (pass the repository's default branch)",
    );
    assert.deepEqual(importTargetFor("github", { fullName: "acme/app", scmId: 1, branch: "dev" }), {
      owner: "acme",
      name: "app",
      branch: "dev",
    });
    assert.deepEqual(importTargetFor("gitlab", { fullName: "g/sub/app", scmId: 77, branch: "main" }), {
      id: 77,
      branch: "main",
    });
    assert.equal(
      importTargetFor("gitlab", { fullName: "g/app", scmId: 77 }),
      "g/app: a GitLab import needs the branch to scan (pass the project's default branch)",
    );
    for (const bad of ["acme", "acme/", "/app", "a/b/c"]) {
      assert.equal(
        importTargetFor("github", { fullName: bad, scmId: 1 }),
        `${bad}: a GitHub repository is named owner/name`,
      );
    }
  });

  it("says which manifests failed, or that the job failed", () => {
    const project = (targetFile: string, success: boolean) => ({ targetFile, success, projectUrl: "" });
    assert.equal(
      jobProblem({ id: "j1", status: "complete", logs: [{ name: "a/b", projects: [project("package.json", true)] }] }),
      undefined,
    );
    assert.equal(
      jobProblem({
        id: "j2",
        status: "complete",
        logs: [
          {
            name: "a/b",
            projects: [project("package.json", true), project("pom.xml", false), project("x/go.mod", false)],
          },
        ],
      }),
      "Snyk import job j2 finished, but 2 manifest(s) failed to import: pom.xml, x/go.mod (1 imported)",
    );
    assert.equal(
      jobProblem({ id: "j3", status: "failed", logs: [{ name: "a/b", status: "failed", projects: [] }] }),
      "Snyk import job j3 failed: a/b (failed)",
    );
  });

  // Snyk V1 API: GET /org/{orgId}/integrations/{integrationId}/import/{jobId}. The job's `status` and each
  // `logs[]` entry's `status` are "One of: pending, failed, aborted or complete."; an entry also has
  // `name`, `created`, `truncated` ("a flag indicating if the import was truncated") and `projects[]`
  // ({targetFile, success, projectUrl, projectId}). The description's own example has an entry
  // `{name: org1/repo1, status: failed, projects: []}`.
  it("fails a repository whose log entry failed, was aborted or did not finish, even in a complete job", () => {
    const ok = { targetFile: "package.json", success: true, projectUrl: "" };
    assert.equal(
      jobProblem({ id: "j4", status: "complete", logs: [{ name: "a/b", status: "failed", projects: [] }] }),
      "Snyk import job j4 finished, but the import of a/b failed (no project imported)",
    );
    assert.equal(
      jobProblem({ id: "j5", status: "complete", logs: [{ name: "a/b", status: "aborted", projects: [ok] }] }),
      "Snyk import job j5 finished, but the import of a/b was aborted (1 project imported)",
    );
    // UNVERIFIED (the description is silent): an entry still pending in a complete job is not a success.
    assert.equal(
      jobProblem({ id: "j6", status: "complete", logs: [{ name: "a/b", status: "pending", projects: [] }] }),
      "Snyk import job j6 finished, but the import of a/b was still pending (no project imported)",
    );
    assert.equal(
      jobProblem({
        id: "j7",
        status: "complete",
        logs: [{ name: "a/b", status: "complete", truncated: true, projects: [ok] }],
      }),
      "Snyk import job j7 finished, but the import of a/b was truncated (Snyk stopped before every manifest was imported; 1 project imported)",
    );
    assert.equal(
      jobProblem({ id: "j8", status: "aborted", logs: [{ name: "a/b", status: "aborted", projects: [] }] }),
      "Snyk import job j8 was aborted: a/b (aborted)",
    );
    // Entries that completed, with or without a status, are judged by their projects.
    assert.equal(
      jobProblem({
        id: "j9",
        status: "complete",
        logs: [
          { name: "a/b", status: "complete", truncated: false, projects: [ok] },
          { name: "a/b", projects: [ok] },
        ],
      }),
      undefined,
    );
  });

  it("treats aborted like failed as the end of a job, and keeps polling a pending or unknown one", () => {
    assert.equal(jobFinished({ id: "j", status: "complete", logs: [] }), true);
    assert.equal(jobFinished({ id: "j", status: "failed", logs: [] }), true);
    assert.equal(jobFinished({ id: "j", status: "aborted", logs: [] }), true);
    assert.equal(jobFinished({ id: "j", status: "pending", logs: [] }), false);
    assert.equal(jobFinished({ id: "j", status: "queued", logs: [] }), false);
  });

  it("polls fast first, then slower, never beyond the cap", () => {
    assert.equal(pollDelay(DEFAULT_POLL_SCHEDULE, 1), 200);
    assert.equal(pollDelay(DEFAULT_POLL_SCHEDULE, 2), 240);
    assert.equal(pollDelay(DEFAULT_POLL_SCHEDULE, 100), 10_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.integer({ min: 5_000, max: 60_000 }),
        fc.integer({ min: 1, max: 500 }),
        (initialMs, factor, maxMs, n) => {
          const schedule = { initialMs, factor, maxMs, maxPolls: 1_000 };
          const here = pollDelay(schedule, n);
          const next = pollDelay(schedule, n + 1);
          return here >= Math.min(initialMs, maxMs) && here <= maxMs && next >= here;
        },
      ),
    );
  });
});

describe("Snyk URLs from responses", () => {
  it("keeps only the job path of an import Location, whatever host it names", () => {
    const path = "/org/o-1/integrations/i-1/import/j-1";
    assert.equal(importJobPath(`https://api.snyk.io/api/v1${path}`), path);
    assert.equal(importJobPath(`https://api.eu.snyk.io/v1${path}`), path);
    assert.equal(importJobPath(`https://evil.example.com/api/v1${path}`), path);
    assert.equal(importJobPath(`/api/v1${path}`), path);
    assert.throws(
      () => importJobPath("https://api.snyk.io/api/v1/org/o-1/projects"),
      (e: unknown) =>
        isScmIntegrationError(e) &&
        e.kind === "protocol" &&
        /does not understand: \/api\/v1\/org\/o-1\/projects/.test(e.message),
    );
  });

  it("resolves links.next relative to /rest, host-relative, or absolute on our own origin only", () => {
    const rest = new SnykRestClient(
      createSnykTransport({ apiToken: "unit-test-key-0001", apiUrl: "https://api.eu.snyk.io" }),
    );
    const link = "/orgs/o/targets?version=2024-10-15&limit=100&starting_after=v1.abc";
    assert.equal(rest.resolve(link).href, `https://api.eu.snyk.io/rest${link}`);
    assert.equal(rest.resolve(`/rest${link}`).href, `https://api.eu.snyk.io/rest${link}`);
    assert.equal(rest.resolve(`https://api.eu.snyk.io/rest${link}`).href, `https://api.eu.snyk.io/rest${link}`);
    assert.throws(
      () => rest.resolve(`https://elsewhere.example.com/rest${link}`),
      /links\.next points at another host \(elsewhere\.example\.com\)/,
    );
  });
});

describe("Snyk REST target shapes", () => {
  // Snyk REST GET /orgs/{org_id}/targets (2024-02-21), `PublicTarget`: `attributes.url` and
  // `relationships.integration.data.id` are `nullable: true`; `integration.data` requires `id`, `type`
  // and `attributes.integration_type`.
  const target = (integrationId: string | null) => ({
    type: "target",
    id: "55a348e2-c3ad-4bbc-b40e-9b232d1f4121",
    attributes: { display_name: "snyk-fixtures/goof", url: null, is_private: false },
    relationships: {
      integration: { data: { id: integrationId, type: "integration", attributes: { integration_type: "cli" } } },
      organization: { data: { id: "e661d4ef-5ad5-4cef-ad16-5157cefa83f5", type: "organization" } },
    },
  });

  it("accepts a page with a target whose integration id is null", () => {
    const page = restPageSchema(restTargetSchema()).safeParse({
      jsonapi: { version: "1.0" },
      data: [target("7667dae6-602c-45d9-baa9-79e1a640f199"), target(null)],
      links: {},
    });
    assert.ok(page.success, page.success ? "" : page.error.message);
    assert.equal(page.data.data[0]?.relationships?.integration?.data?.id, "7667dae6-602c-45d9-baa9-79e1a640f199");
    assert.equal(page.data.data[1]?.relationships?.integration?.data?.id, null);
  });
});
