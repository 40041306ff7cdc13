// Conformance of the Semgrep emulator's routes for onboarding by CI job (issue 18), with plain fetch
// (Semgrep publishes no client): a simulated first CI run makes the repository a project in the v1
// listing and the v2 projects/list; the bulk `_provision` and `_secret` endpoints answer per their
// schemas (BulkProvisionReposResponse, BulkAddRepoSecretResponse) for GitHub projects and report the
// others in `errors`. Every exchange is checked against the committed contracts (test/support/contract-guard.ts).
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { createSemgrepEmulator } from "../../emulators/semgrep/emulator";
import { GHE_URL, WEB_TOKEN, baseSeed } from "../../emulators/semgrep/fixtures";
import { inTestRealm, jsonBody } from "../../support/realm";

const emulator = createSemgrepEmulator(baseSeed());
let url = "";

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${WEB_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await jsonBody<T>(res) };
}

beforeAll(async () => {
  url = await emulator.start();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const v1Names = async () =>
  (await call<{ projects: { name: string }[] }>("GET", "/api/v1/deployments/acme/projects")).json.projects.map(
    (p) => p.name,
  );
const v2Names = async () =>
  (
    await call<{ projects: { name: string }[] }>("POST", "/api/v2/deployments/4242/projects/list", {})
  ).json.projects.map((p) => p.name);

describe("Semgrep emulator: onboarding by CI job", () => {
  it("a simulated first CI run (HTTP control) makes the repository a project in the v1 and v2 listings", async () => {
    assert.ok(!(await v1Names()).includes("platform/svc-001"));
    const run = await fetch(`${url}/_control/ci-runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        repository: "platform/svc-001",
        scm: { type: "SCM_TYPE_GITHUB_ENTERPRISE", baseUrl: GHE_URL },
      }),
    });
    assert.equal(run.status, 200);
    assert.ok((await v1Names()).includes("platform/svc-001"));
    assert.ok((await v2Names()).includes("platform/svc-001"));
    const project = await call<{ project: { name: string; url?: string } }>(
      "GET",
      `/api/v1/deployments/acme/projects/${encodeURIComponent("platform/svc-001")}`,
    );
    assert.equal(project.status, 200);
    assert.equal(project.json.project.url, `${GHE_URL}/platform/svc-001`);
    // A second run changes nothing: still one project.
    emulator.provisioning.recordCiRun({ repository: "platform/svc-001" });
    assert.equal((await v1Names()).filter((n) => n === "platform/svc-001").length, 1);
  });

  it("a malformed ci-runs body is refused with the reason", async () => {
    const res = await fetch(`${url}/_control/ci-runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repository: "no-owner" }),
    });
    assert.equal(res.status, 400);
  });

  it("_provision and _secret act on github.com projects and report the others in errors", async () => {
    const github = emulator.provisioning.recordCiRun({ repository: "acme/api", scm: "SCM_TYPE_GITHUB" });
    const gitlab = emulator.provisioning.recordCiRun({ repository: "infra/dns", scm: "SCM_TYPE_GITLAB" });
    const ids = [String(github.id), String(gitlab.id)];
    const provisioned = await call<{ repoFileUrls: Record<string, string>; errors: { code: string; ids: string[] }[] }>(
      "POST",
      "/api/agent/deployments/4242/repos/_provision",
      {
        deploymentId: "4242",
        filters: { ids },
        ghaOptions: { prEnabled: true, pushEnabled: true, pushBranches: ["main"] },
      },
    );
    assert.equal(provisioned.status, 200);
    assert.deepEqual(Object.keys(provisioned.json.repoFileUrls), [String(github.id)]);
    assert.match(
      provisioned.json.repoFileUrls[String(github.id)] ?? "",
      /^https:\/\/github\.com\/acme\/api\/blob\/main\/\.github\/workflows\//,
    );
    assert.deepEqual(inTestRealm(provisioned.json.errors.map((e) => [e.code, e.ids])), [
      ["UPDATE_ERROR_CODE_BAD_REQUEST", [String(gitlab.id)]],
    ]);

    const secrets = await call<{ repoTokenIds: Record<string, string>; errors: unknown[] }>(
      "POST",
      "/api/agent/deployments/4242/repos/_secret",
      { deploymentId: "4242", filters: { ids: [String(github.id)] } },
    );
    assert.equal(secrets.status, 200);
    assert.deepEqual(Object.keys(secrets.json.repoTokenIds), [String(github.id)]);
    assert.deepEqual(inTestRealm(secrets.json.errors), []);
    const record = emulator.provisioning.record(github.id);
    assert.ok(record?.fileUrl && record.secretTokenId);

    const excluded = await call<{ repoFileUrls: Record<string, string> }>(
      "POST",
      "/api/agent/deployments/4242/repos/_provision",
      {
        filters: { ids },
        excludeIds: [String(github.id)],
      },
    );
    assert.deepEqual(inTestRealm(excluded.json.repoFileUrls), {});
  });

  it("another deployment is 404", async () => {
    const res = await call("POST", "/api/agent/deployments/1/repos/_provision", { filters: {} });
    assert.equal(res.status, 404);
  });
});
