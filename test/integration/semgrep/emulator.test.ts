// The Semgrep emulator on the wire, with plain fetch: statuses, bodies, paging and auth as the adapter
// (and any other client) sees them.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { EmulatorControl } from "../../emulators/control-client";
import { createSemgrepEmulator } from "../../emulators/semgrep/emulator";
import { CI_TOKEN, GHE_TOKEN, GHE_URL, WEB_TOKEN, baseSeed, repoNames } from "../../emulators/semgrep/fixtures";
import { exemptProbeRequests } from "../../support/contract-recorder";

exemptProbeRequests(
  "drives the Semgrep emulator directly with probes of its own (out-of-range page sizes, unknown statuses), not through an adapter",
);

const emulator = createSemgrepEmulator(baseSeed());
let url = "";

async function call(method: string, path: string, body?: unknown, token = WEB_TOKEN) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

beforeAll(async () => {
  url = await emulator.start();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => emulator.reset());

describe("semgrep emulator", () => {
  it("auth: unknown token 401, CI token 404 everywhere, ping open", async () => {
    assert.equal((await call("GET", "/api/v1/deployments", undefined, "nope-nope-nope")).status, 401);
    const ci = await call("GET", "/api/v1/deployments", undefined, CI_TOKEN);
    assert.deepEqual([ci.status, ci.json], [404, { error: "Not Found" }]);
    assert.equal((await call("GET", "/api/scm/deployments/4242/configs", undefined, CI_TOKEN)).status, 404);
    assert.equal((await fetch(`${url}/api/v1/ping`)).status, 200);
    const ok = await call("GET", "/api/v1/deployments");
    assert.deepEqual(ok.json, {
      deployments: [
        { id: 4242, name: "Acme Corp", slug: "acme", findings: { url: "https://semgrep.dev/orgs/acme/findings" } },
      ],
    });
  });

  it("projects: zero-based pages, managed_scan_config only on the single record, delete returns project_name", async () => {
    const control = new EmulatorControl(url);
    await control.seed(
      baseSeed({
        projects: repoNames("platform", 5).map((name) => ({ name, managedScan: { diff: true, full: true } })),
      }),
    );
    const page0 = await call("GET", "/api/v1/deployments/acme/projects?page=0&page_size=2");
    const page2 = await call("GET", "/api/v1/deployments/acme/projects?page=2&page_size=2");
    assert.deepEqual(
      (page0.json?.projects as { name: string }[]).map((p) => p.name),
      ["platform/svc-000", "platform/svc-001"],
    );
    assert.deepEqual(
      (page2.json?.projects as { name: string }[]).map((p) => p.name),
      ["platform/svc-004"],
    );
    assert.equal("managed_scan_config" in ((page0.json?.projects as object[])[0] as object), false);
    const one = await call("GET", "/api/v1/deployments/acme/projects/platform%2Fsvc-001");
    assert.deepEqual((one.json?.project as { managed_scan_config: unknown }).managed_scan_config, {
      diff_scan: { enabled: true },
      full_scan: { enabled: true },
    });
    const del = await call("DELETE", "/api/v1/deployments/acme/projects/platform%2Fsvc-001");
    assert.deepEqual([del.status, del.json], [200, { project_name: "platform/svc-001" }]);
    assert.equal((await call("DELETE", "/api/v1/deployments/acme/projects/platform%2Fsvc-001")).status, 404);
    assert.equal((await call("GET", "/api/v1/deployments/acme/projects?page=-1")).status, 400);
    assert.equal((await call("GET", "/api/v1/deployments/nope/projects")).status, 404);
    const tagged = await call("PUT", "/api/v1/deployments/acme/projects/platform%2Fsvc-000/tags", { tags: ["a", "b"] });
    assert.deepEqual((tagged.json?.project as { tags: string[] }).tags, ["a", "b"]);
    const untagged = await call("DELETE", "/api/v1/deployments/acme/projects/platform%2Fsvc-000/tags?tags=a");
    assert.deepEqual((untagged.json?.project as { tags: string[] }).tags, ["b"]);
  });

  it("SCM configs: 201 create without echoing the token, 409 duplicate, 200 patch, check, sync task, 204 delete", async () => {
    const body = {
      type: "SCM_TYPE_GITHUB_ENTERPRISE",
      namespace: "platform",
      baseUrl: GHE_URL,
      accessToken: GHE_TOKEN,
    };
    const created = await call("POST", "/api/scm/deployments/4242/configs", body);
    assert.equal(created.status, 201);
    assert.ok(!created.text.includes(GHE_TOKEN));
    const config = created.json?.config as { id: string; hasAccessToken: boolean; status: { ok: boolean } };
    assert.deepEqual([config.id, config.hasAccessToken, config.status.ok], ["501", true, false]);
    assert.equal((await call("POST", "/api/scm/deployments/4242/configs", body)).status, 409);
    assert.equal(
      (
        await call("POST", "/api/scm/deployments/4242/configs", {
          ...body,
          type: "SCM_TYPE_GITHUB",
          baseUrl: undefined,
        })
      ).status,
      400,
    );
    assert.equal((await call("PATCH", "/api/scm/deployments/4242/configs/501", { autoScan: true })).status, 200);
    const check = await call("GET", "/api/scm/deployments/4242/configs/501/check");
    assert.equal((check.json?.status as { ok: boolean }).ok, true);
    assert.match((check.json?.status as { checked: string }).checked, /^\d{4}-\d\d-\d\dT/);
    const sync = await call("POST", "/api/scm/deployments/4242/configs/501/_sync", {});
    const jwt = (sync.json as { taskTokenJwt: string }).taskTokenJwt;
    assert.equal(jwt.split(".").length, 3);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await call("GET", `/api/tasks/v2/${jwt}`);
      statuses.push((t.json?.taskResult as { status: string }).status);
    }
    assert.deepEqual(statuses, ["TASK_STATUS_IN_PROGRESS", "TASK_STATUS_IN_PROGRESS", "TASK_STATUS_COMPLETED"]);
    // autoScan is on: the sync onboarded the projects to Managed Scans, so the v1 list (scanned or
    // onboarded projects only) has them and none is PROJECT_STATUS_NOT_SETUP in v2.
    const projects = await call("GET", "/api/v1/deployments/acme/projects");
    assert.equal((projects.json?.projects as unknown[]).length, 5);
    const inferred = await call("POST", "/api/v2/deployments/4242/projects/list", {
      filter: { statuses: ["PROJECT_STATUS_NOT_SETUP"] },
    });
    assert.deepEqual(inferred.json, { projects: [] });
    const del = await call("DELETE", "/api/scm/deployments/4242/configs/501");
    assert.deepEqual([del.status, del.text], [204, ""]);
    assert.equal((await call("DELETE", "/api/scm/deployments/4242/configs/501")).status, 404);
    assert.equal((await call("GET", "/api/tasks/v2/not-a-task")).status, 404);
  });

  it("v2 projects/list: ListProjectsRequest/Response shapes, names as substrings, statuses, pageToken paging", async () => {
    // Semgrep API v2: POST /api/v2/deployments/{deploymentId}/projects/list, request
    // protos.projects.v2.ListProjectsRequest {pageSize (1..3000, default 100), pageToken, filter: {names,
    // statuses, assignedToTeams}}, response protos.projects.v2.ListProjectsResponse {projects, pageToken};
    // protos.projects.v2.Project {id (integer), name, createTime, tags, url, scmType, ...} has no status.
    // Semgrep API v1: GET /api/v1/deployments/{deploymentSlug}/projects lists only "projects that have been
    // scanned or onboarded to Managed Scans" and no archived ones.
    emulator.seed(
      baseSeed({
        projects: [
          { name: "platform/api", url: `${GHE_URL}/platform/api`, tags: ["t"] },
          { name: "platform/api-legacy", setUp: false, scmType: "SCM_TYPE_GITHUB_ENTERPRISE" },
          { name: "platform/old", archived: true },
          ...repoNames("bulk", 7).map((name) => ({ name, setUp: false })),
        ],
      }),
    );
    const list = (body: unknown) => call("POST", "/api/v2/deployments/4242/projects/list", body);
    const names = (r: { json?: Record<string, unknown> }) =>
      (r.json?.projects as { name: string }[]).map((p) => p.name);

    const v1 = await call("GET", "/api/v1/deployments/acme/projects");
    assert.deepEqual(
      (v1.json?.projects as { name: string }[]).map((p) => p.name),
      ["platform/api"],
    );

    const api = await list({ filter: { names: ["platform/api"] } });
    assert.equal(api.status, 200);
    assert.deepEqual(api.json, {
      projects: [
        {
          id: 1001,
          name: "platform/api",
          createTime: (api.json?.projects as { createTime: string }[])[0]?.createTime,
          tags: ["t"],
          url: `${GHE_URL}/platform/api`,
        },
        {
          id: 1002,
          name: "platform/api-legacy",
          createTime: (api.json?.projects as { createTime: string }[])[1]?.createTime,
          tags: [],
          scmType: "SCM_TYPE_GITHUB_ENTERPRISE",
        },
      ],
    });
    assert.match((api.json?.projects as { createTime: string }[])[0]?.createTime ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.equal("status" in ((api.json?.projects as object[])[0] as object), false, "Project carries no status");

    assert.deepEqual(names(await list({ filter: { names: ["platform/"], statuses: ["PROJECT_STATUS_NOT_SETUP"] } })), [
      "platform/api-legacy",
    ]);
    assert.deepEqual(names(await list({ filter: { statuses: ["PROJECT_STATUS_ARCHIVED", "PROJECT_STATUS_SETUP"] } })), [
      "platform/api",
      "platform/old",
    ]);
    // No filter: everything, archived included.
    assert.equal(names(await list({})).length, 10);

    // Paging by opaque pageToken; the last page has none.
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const r = await list({ pageSize: 3, filter: { names: ["bulk/"] }, ...(pageToken ? { pageToken } : {}) });
      assert.equal(r.status, 200);
      seen.push(...names(r));
      pageToken = r.json?.pageToken as string | undefined;
      pages++;
    } while (pageToken);
    assert.deepEqual([pages, seen], [3, repoNames("bulk", 7)]);

    assert.equal((await list({ pageSize: 0 })).status, 400);
    assert.equal((await list({ pageSize: 3001 })).status, 400);
    assert.equal((await list({ pageToken: "bogus" })).status, 400);
    assert.equal((await list({ filter: { statuses: ["SETUP"] } })).status, 400);
    assert.equal((await call("POST", "/api/v2/deployments/9999/projects/list", {})).status, 404);

    // Turning Managed Scans on onboards a sync-inferred project: now in the v1 list and SETUP in v2.
    const on = await call("PATCH", "/api/v1/deployments/acme/projects/platform%2Fapi-legacy/managed-scan", {
      diff_scan: { enabled: true },
      full_scan: { enabled: true },
    });
    assert.equal(on.status, 200);
    const v1After = await call("GET", "/api/v1/deployments/acme/projects");
    assert.deepEqual(
      (v1After.json?.projects as { name: string }[]).map((p) => p.name),
      ["platform/api", "platform/api-legacy"],
    );
    assert.deepEqual(names(await list({ filter: { names: ["api"], statuses: ["PROJECT_STATUS_SETUP"] } })), [
      "platform/api",
      "platform/api-legacy",
    ]);
  });

  it("per-token rate limit: 429 with Retry-After once the window is spent", async () => {
    emulator.seed(baseSeed({ rateLimit: { limit: 3, windowMs: 60_000 } }));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await call("GET", "/api/v1/deployments");
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.ok(Number(retryAfter) >= 59 && Number(retryAfter) <= 60, `retry-after ${retryAfter}`);
    // Another token has its own window.
    emulator.seed(
      baseSeed({
        rateLimit: { limit: 1, windowMs: 60_000 },
        apiTokens: [
          { token: WEB_TOKEN, scope: "web-api" },
          { token: "sgp_second_web_token_0002", scope: "web-api" },
        ],
      }),
    );
    assert.equal((await call("GET", "/api/v1/deployments")).status, 200);
    assert.equal((await call("GET", "/api/v1/deployments")).status, 429);
    assert.equal((await call("GET", "/api/v1/deployments", undefined, "sgp_second_web_token_0002")).status, 200);
  });

  it("a config of a namespace the private app is installed on carries it as `app`, with its code access", async () => {
    emulator.seed(baseSeed());
    const created = await call("POST", "/api/scm/deployments/4242/configs", {
      type: "SCM_TYPE_GITHUB_ENTERPRISE",
      namespace: "platform",
      baseUrl: GHE_URL,
      accessToken: GHE_TOKEN,
    });
    const config = (created.json as { config: { app?: { slug: string; codeAccess: boolean } } }).config;
    assert.equal(config.app?.slug, "semgrep-code-acme");
    assert.equal(config.app?.codeAccess, true);
    const other = await call("POST", "/api/scm/deployments/4242/configs", {
      type: "SCM_TYPE_GITHUB_ENTERPRISE",
      namespace: "elsewhere",
      baseUrl: GHE_URL,
      accessToken: GHE_TOKEN,
    });
    assert.equal((other.json as { config: { app?: unknown } }).config.app, undefined, "not installed there");
  });

  it("scm_apps lists seeded GitHub App connections, without code access unless it was granted", async () => {
    emulator.seed(baseSeed({ scmApps: [{ scmType: "SCM_TYPE_GITHUB_ENTERPRISE", baseUrl: GHE_URL }] }));
    const apps = await call("GET", "/api/scm/deployments/4242/scm_apps");
    assert.deepEqual(apps.json, {
      apps: [
        {
          id: "9001",
          slug: "semgrep-code-app",
          appId: "300000",
          scmType: "SCM_TYPE_GITHUB_ENTERPRISE",
          baseUrl: GHE_URL,
          scmName: "",
          codeAccess: false,
        },
      ],
    });
  });
});
