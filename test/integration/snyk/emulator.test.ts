// The Snyk emulator on its own, driven the way clients no one here wrote call Snyk: snyk-api-import's
// import and poll flow (V1 base `/api/v1`, job path taken from Location), its legacy target listing,
// and the REST rules every client meets (version, media type, JSON:API errors, headers, limits).
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import { EmulatorControl } from "../../emulators/control-client";
import type { SnykSeed } from "../../emulators/snyk/seed";
import { jsonBody } from "../../support/realm";
import { exemptProbeRequests } from "../../support/contract-recorder";

exemptProbeRequests(
  "drives the Snyk emulator directly with probes of its own (non-UUID ids, bad versions and limits, the pre-GA target listing snyk-api-import reads), not through an adapter",
);

const KEY = "c1e2a3b4-0000-4000-8000-00000000000a";
const OTHER_KEY = "c1e2a3b4-0000-4000-8000-00000000000b";
// Snyk org and target ids are UUIDs (the REST description types org_id and target_id `format: uuid`).
const ORG = "6f0b4c4e-0000-4000-8000-00000000b001";
const TARGET = "6f0b4c4e-0000-4000-8000-00000000c001";
const INTEGRATION = "int-0001";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const seed: SnykSeed = {
  apiKeys: [{ token: KEY }, { token: OTHER_KEY, orgs: [] }],
  orgs: [
    {
      id: ORG,
      integrations: [
        { type: "github-enterprise", id: INTEGRATION, credentials: { token: "t", url: "https://ghe.example.com" } },
        { type: "gitlab", id: "int-brokered", brokered: true },
      ],
    },
  ],
  repositories: [{ fullName: "acme/app", manifests: ["package.json", "Dockerfile"], failingManifests: ["Dockerfile"] }],
  importJobs: { pendingPolls: 2 },
};

const json = (token = KEY) => ({ authorization: `token ${token}`, "content-type": "application/json" });

describe("Snyk emulator fidelity", () => {
  let emulator: SnykEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = createSnykEmulator(seed);
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it("serves snyk-api-import's import flow: 201 + absolute /api/v1 Location, polls pending → complete with per-project results", async () => {
    // snyk-api-import: base SNYK_API (here …/api/v1), POST `/org/{o}/integrations/{i}/import`.
    const v1 = `${base}/api/v1`;
    const post = await fetch(`${v1}/org/${ORG}/integrations/${INTEGRATION}/import`, {
      method: "POST",
      headers: json(),
      body: JSON.stringify({
        target: { owner: "acme", name: "app", branch: "main" },
        exclusionGlobs: "fixtures, tests",
      }),
    });
    assert.equal(post.status, 201);
    assert.equal(await post.text(), "");
    const location = post.headers.get("location") ?? "";
    assert.match(location, new RegExp(`^${base}/api/v1/org/${ORG}/integrations/${INTEGRATION}/import/[0-9a-f-]{36}$`));
    // …then polls `pathname.split('/api/v1/')[1]` against the same base.
    const jobPath = new URL(location).pathname.split("/api/v1/")[1];
    const statuses: string[] = [];
    let body:
      | {
          id: string;
          status: string;
          created: string;
          logs: {
            name: string;
            status: string;
            projects: { targetFile: string; success: boolean; projectUrl: string }[];
          }[];
        }
      | undefined;
    for (let i = 0; i < 3; i++) {
      const poll = await fetch(`${v1}/${jobPath}`, { headers: json() });
      assert.equal(poll.status, 200);
      body = await jsonBody<typeof body>(poll);
      statuses.push(body?.status ?? "");
    }
    assert.deepEqual(statuses, ["pending", "pending", "complete"]);
    assert.equal(body?.id, location.split("import/")[1]);
    assert.equal(body?.logs.length, 1);
    assert.equal(body?.logs[0]?.name, "acme/app");
    assert.deepEqual(
      body?.logs[0]?.projects.map((p) => [p.targetFile, p.success]),
      [
        ["package.json", true],
        ["Dockerfile", false],
      ],
    );
    assert.match(body?.logs[0]?.projects[0]?.projectUrl ?? "", new RegExp(`/org/${ORG}/project/[0-9a-f-]{36}$`));
    // The same job answers under `/v1` too.
    const again = await fetch(`${base}/v1/${jobPath}`, { headers: json() });
    assert.equal(((await again.json()) as { status: string }).status, "complete");
  });

  it("serves snyk-api-import's legacy target listing (beta version, camelCase, origin filter) and relative links.next", async () => {
    const control = new EmulatorControl(base);
    await control.seed({
      ...seed,
      orgs: [
        {
          ...seed.orgs[0],
          targets: Array.from({ length: 25 }, (_, i) => ({
            integrationType: "github-enterprise",
            displayName: `acme/r${i}`,
            projects: ["package.json"],
          })),
        },
      ],
    });
    const restBase = `${base}/rest/`;
    let url = `${restBase}orgs/${ORG}/targets?version=2022-09-15~beta&limit=20&excludeEmpty=true&origin=github-enterprise`;
    const names: string[] = [];
    let pages = 0;
    while (url) {
      const res = await fetch(url, { headers: json() });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("snyk-version-served"), "2022-09-15~beta");
      const page = (await res.json()) as {
        data: { attributes: { displayName: string; origin: string; isPrivate: boolean } }[];
        links: { next?: string };
      };
      pages++;
      for (const t of page.data) {
        assert.equal(t.attributes.origin, "github-enterprise");
        names.push(t.attributes.displayName);
      }
      // axios joins baseURL `…/rest/` with the link, as snyk-request-manager does.
      url = page.links.next ? `${restBase}${page.links.next.replace(/^\//, "")}` : "";
      if (page.links.next) assert.match(page.links.next, new RegExp(`^/orgs/${ORG}/targets\\?.*starting_after=v1\\.`));
    }
    assert.equal(pages, 2);
    assert.deepEqual(
      names,
      Array.from({ length: 25 }, (_, i) => `acme/r${i}`),
    );
    // The pre-GA shape is not the one the REST description (GA versions) gives: each page differs from it.
    assert.deepEqual(
      emulator.takeContractViolations().map((v) => `${v.side} ${v.rule}`),
      ["response response-body", "response response-body"],
    );
    const state = await control.state<{ targets: unknown[] }>();
    assert.equal(state.targets.length, 25);
  });

  it("answers V1 auth failures with the documented body, and unknown or forbidden orgs with 404", async () => {
    const noKey = await fetch(`${base}/v1/org/${ORG}/integrations`);
    assert.equal(noKey.status, 401);
    assert.deepEqual(await jsonBody(noKey), { code: 401, error: "Not authorised", message: "Not authorised" });
    const bearer = await fetch(`${base}/v1/org/${ORG}/integrations`, { headers: { authorization: `bearer ${KEY}` } });
    assert.equal(bearer.status, 401);
    const forbidden = await fetch(`${base}/v1/org/${ORG}/integrations`, { headers: json(OTHER_KEY) });
    assert.equal(forbidden.status, 404);
    assert.match(forbidden.headers.get("x-error-reference") ?? "", UUID);
    const body = (await forbidden.json()) as { code: number; message: string; error: string };
    assert.equal(body.code, 404);
    assert.equal(
      body.message,
      `Org ${ORG} was not found or you may not have the correct permissions to access the org.`,
    );
    assert.equal(body.error, body.message);
  });

  it("keeps one integration per type: duplicate POST 409, brokered PUT refused, brokered credentials not removable", async () => {
    const dup = await fetch(`${base}/v1/org/${ORG}/integrations`, {
      method: "POST",
      headers: json(),
      body: JSON.stringify({ type: "github-enterprise", credentials: { token: "x", url: "https://ghe.example.com" } }),
    });
    assert.equal(dup.status, 409);
    const missingUrl = await fetch(`${base}/v1/org/${ORG}/integrations`, {
      method: "POST",
      headers: json(),
      body: JSON.stringify({ type: "github", credentials: {} }),
    });
    assert.equal(missingUrl.status, 400);
    assert.equal(((await missingUrl.json()) as { message: string }).message, "Missing credentials for github: token");
    const put = await fetch(`${base}/v1/org/${ORG}/integrations/int-brokered`, {
      method: "PUT",
      headers: json(),
      body: JSON.stringify({ type: "gitlab", credentials: { token: "x" } }),
    });
    assert.equal(put.status, 400);
    const enableBroker = await fetch(`${base}/v1/org/${ORG}/integrations/${INTEGRATION}`, {
      method: "PUT",
      headers: json(),
      body: JSON.stringify({ type: "github-enterprise", broker: { enabled: true } }),
    });
    const enabled = (await enableBroker.json()) as { id: string; brokerToken: string };
    assert.equal(enabled.id, INTEGRATION);
    assert.match(enabled.brokerToken, UUID);
    const disableWithout = await fetch(`${base}/v1/org/${ORG}/integrations/${INTEGRATION}`, {
      method: "PUT",
      headers: json(),
      body: JSON.stringify({ type: "github-enterprise", broker: { enabled: false } }),
    });
    assert.equal(disableWithout.status, 400);
    const rest = await fetch(`${base}/rest/orgs/${ORG}/integrations/${INTEGRATION}?version=2024-10-15~beta`, {
      headers: json(),
    });
    const restBody = (await rest.json()) as { data: { attributes: Record<string, unknown> } };
    assert.equal(restBody.data.attributes.has_broker, true);
    assert.equal(restBody.data.attributes.integration_type, "github-enterprise");
    assert.ok(!("credentials" in restBody.data.attributes), "REST never returns credentials");
  });

  it("enforces REST rules: version required and resolved per endpoint, JSON:API media type, errors and headers", async () => {
    const noVersion = await fetch(`${base}/rest/orgs/${ORG}/targets`, { headers: json() });
    assert.equal(noVersion.status, 400);
    assert.match(noVersion.headers.get("snyk-request-id") ?? "", UUID);
    const err = (await noVersion.json()) as {
      jsonapi: { version: string };
      errors: { status: string; detail: string; source: { parameter: string } }[];
    };
    assert.equal(err.jsonapi.version, "1.0");
    assert.equal(err.errors[0]?.status, "400");
    assert.equal(err.errors[0]?.source.parameter, "version");
    assert.equal((await fetch(`${base}/rest/orgs/${ORG}/targets?version=latest`, { headers: json() })).status, 400);
    // REST integrations are beta only: a GA version finds no endpoint version.
    assert.equal(
      (await fetch(`${base}/rest/orgs/${ORG}/integrations?version=2025-01-01`, { headers: json() })).status,
      404,
    );
    const ga = await fetch(`${base}/rest/orgs/${ORG}/targets?version=2025-06-01`, { headers: json() });
    assert.equal(ga.status, 200);
    assert.match(ga.headers.get("content-type") ?? "", /^application\/vnd\.api\+json/);
    assert.equal(ga.headers.get("snyk-version-requested"), "2025-06-01");
    assert.equal(ga.headers.get("snyk-version-served"), "2024-02-21");
    assert.equal(ga.headers.get("snyk-version-lifecycle-stage"), "ga");
    for (const limit of ["0", "101", "x"]) {
      assert.equal(
        (await fetch(`${base}/rest/orgs/${ORG}/targets?version=2024-10-15&limit=${limit}`, { headers: json() })).status,
        400,
      );
    }
    assert.equal(
      (await fetch(`${base}/rest/orgs/${ORG}/projects?version=2024-10-15&limit=15`, { headers: json() })).status,
      400,
    );
    const unauthorised = await fetch(`${base}/rest/orgs/${ORG}/targets?version=2024-10-15`);
    assert.equal(unauthorised.status, 401);
    assert.equal(((await unauthorised.json()) as { errors: { status: string }[] }).errors[0]?.status, "401");
  });

  it("refuses REST bodies without the JSON:API media type, and deletes a target with its projects", async () => {
    emulator.seed({
      ...seed,
      orgs: [
        {
          ...seed.orgs[0]!,
          targets: [
            {
              id: TARGET,
              integrationType: "github-enterprise",
              displayName: "acme/app",
              projects: ["a/package.json", "b/package.json"],
            },
          ],
        },
      ],
    });
    const wrongType = await fetch(`${base}/rest/orgs/${ORG}/targets/${TARGET}?version=2024-10-15`, {
      method: "DELETE",
      headers: json(),
      body: "{}",
    });
    assert.equal(wrongType.status, 400);
    assert.equal(
      ((await wrongType.json()) as { errors: { detail: string }[] }).errors[0]?.detail,
      "Client request did not conform to OpenAPI specification",
    );
    assert.equal(emulator.snyk.targets.size, 1);
    const projects = await fetch(`${base}/rest/orgs/${ORG}/projects?version=2024-10-15&target_id=${TARGET}`, {
      headers: json(),
    });
    assert.equal(((await projects.json()) as { data: unknown[] }).data.length, 2);
    const del = await fetch(`${base}/rest/orgs/${ORG}/targets/${TARGET}?version=2024-10-15`, {
      method: "DELETE",
      headers: { authorization: `token ${KEY}` },
    });
    assert.equal(del.status, 204);
    assert.equal(emulator.snyk.targets.size, 0);
    assert.equal(emulator.snyk.projects.size, 0);
  });

  it("limits each key per dialect with 429 in that dialect's error shape, and counts them", async () => {
    emulator.seed({
      ...seed,
      rateLimits: { v1: { limit: 3, windowMs: 60_000 }, rest: { limit: 2, windowMs: 60_000 } },
    });
    const v1Statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      v1Statuses.push((await fetch(`${base}/v1/org/${ORG}/integrations`, { headers: json() })).status);
    assert.deepEqual(v1Statuses, [200, 200, 200, 429]);
    const limited = await fetch(`${base}/api/v1/org/${ORG}/integrations`, { headers: json() });
    assert.deepEqual(await jsonBody(limited), {
      code: 429,
      message: "Too many requests, please try again later",
      error: "Too many requests, please try again later",
    });
    // Another key has its own budget; REST has its own window.
    assert.equal((await fetch(`${base}/v1/org/${ORG}/integrations`, { headers: json(OTHER_KEY) })).status, 404);
    const restStatuses: number[] = [];
    for (let i = 0; i < 3; i++)
      restStatuses.push(
        (await fetch(`${base}/rest/orgs/${ORG}/targets?version=2024-10-15`, { headers: json() })).status,
      );
    assert.deepEqual(restStatuses, [200, 200, 429]);
    assert.deepEqual(emulator.snyk.rateLimited, { v1: 2, rest: 1 });
  });
});
