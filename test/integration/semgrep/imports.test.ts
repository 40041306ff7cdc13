// Repository imports with the Semgrep adapter against the emulator: project paging, sync-based import,
// Managed Scans, and removal with or without erasing findings.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { createSemgrepPlatform } from "../../../provider/src/platforms/semgrep";
import type { ImportScope, Platform } from "../../../provider/src/platforms/types";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { createSemgrepEmulator } from "../../emulators/semgrep/emulator";
import {
  GHE_TOKEN,
  GHE_URL,
  GITLAB_TOKEN,
  GITLAB_URL,
  WEB_TOKEN,
  baseSeed,
  repoNames,
} from "../../emulators/semgrep/fixtures";
import type { WireProject } from "../../emulators/semgrep/types";
import { scmRejection } from "../../support/rejection";
import { VirtualClock } from "../../support/virtual-clock";

const GHE: ScmEndpoint = { scm: "github-enterprise", baseUrl: GHE_URL, apiUrl: `${GHE_URL}/api/v3`, webUrl: GHE_URL };
const GITLAB_SM: ScmEndpoint = {
  scm: "gitlab-self-managed",
  baseUrl: GITLAB_URL,
  apiUrl: `${GITLAB_URL}/api/v4`,
  webUrl: GITLAB_URL,
};

const emulator = createSemgrepEmulator(baseSeed());
let url = "";

function platform(): Platform {
  return createSemgrepPlatform(
    { platform: "semgrep", apiToken: WEB_TOKEN, apiUrl: url, clock: new VirtualClock() },
    { rateLimit: { requestsPerMinute: 600_000, burst: 10_000 }, syncFirstWaitMs: 100 },
  );
}

function scope(connectionId: string, endpoint: ScmEndpoint = GHE, organization = "platform"): ImportScope {
  return { platformOrg: "acme", integrationId: "i", connectionId, endpoint, organization };
}

interface Dump {
  projects: (WireProject & { findings: number })[];
  deletedProjects: { name: string; findingsErased: number }[];
}
const dump = () => emulator.dump() as Dump;

beforeAll(async () => {
  url = await emulator.start();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => emulator.reset());

describe("semgrep listImports", () => {
  it("pages through 430 projects and keeps only the connection's namespace on its host", async () => {
    const mine = repoNames("platform", 130);
    emulator.seed(
      baseSeed({
        projects: [
          ...mine.map((name, i) => ({
            name,
            url: `${GHE_URL}/${name}`,
            ...(i % 2 === 0 ? { managedScan: { diff: true, full: false } } : {}),
          })),
          ...repoNames("other", 280).map((name) => ({ name, url: `${GHE_URL}/${name}` })),
          // Same namespace on another host, and a look-alike prefix: neither is ours.
          ...repoNames("platform", 10, "elsewhere").map((name) => ({ name, url: `https://gitlab.com/${name}` })),
          ...repoNames("platform-tools", 10).map((name) => ({ name, url: `${GHE_URL}/${name}` })),
        ],
      }),
    );
    const listing = await platform().listImports(scope("501"));
    assert.equal(listing.complete, true);
    assert.equal(listing.imports.length, 130);
    assert.deepEqual(
      listing.imports.map((i) => i.fullName),
      [...mine].sort((a, b) => a.localeCompare(b)),
    );
    assert.equal(listing.imports.filter((i) => i.scanning).length, 65);
    assert.equal(listing.imports[0]?.platformId, "1001");
    const byRoute = emulator.requestStats().byRoute;
    // 430 projects at 100 a page = 5 pages, read in windows of 4: 8 requests, the 5th page is the short one.
    assert.equal(byRoute["GET /api/v1/deployments/:slug/projects"], 8);
    assert.equal(byRoute["GET /api/v1/deployments/:slug/projects/:projectName"], 130);
  });

  it("a failed page makes the listing throw 'incomplete' (never a short list)", async () => {
    emulator.seed(baseSeed({ projects: repoNames("platform", 250).map((name) => ({ name })) }));
    emulator.addFault({
      match: { method: "GET", pathRegex: "^/api/v1/deployments/acme/projects$" },
      kind: "status",
      status: 500,
      body: { error: "boom" },
      skip: 1,
      count: 100,
    });
    const e = await scmRejection(platform().listImports(scope("501")));
    assert.equal(e.kind, "incomplete");
    assert.match(e.message, /listing the projects of deployment "acme" did not finish, so the listing is incomplete/);
    assert.match(e.message, /HTTP 500/);
  });
});

describe("semgrep importRepositories", () => {
  it("syncs the config, polls the task, turns Managed Scans on and reports a missing repository", async () => {
    const p = platform();
    const connected = await p.connect({
      platformOrg: "acme",
      integrationId: "i",
      endpoint: GHE,
      token: GHE_TOKEN,
      organization: "platform",
    });
    emulator.resetRequestStats();
    const progress: number[] = [];
    const outcomes = await p.importRepositories(
      scope(connected.connectionId),
      [
        { fullName: "platform/svc-000", scmId: 1 },
        { fullName: "platform/svc-003", scmId: 4, branch: "develop" },
        { fullName: "platform/ghost", scmId: 99 },
      ],
      { concurrency: 2, onProgress: (done) => progress.push(done) },
    );
    assert.deepEqual(
      outcomes.map((o) => [o.fullName, o.ok]),
      [
        ["platform/svc-000", true],
        ["platform/svc-003", true],
        ["platform/ghost", false],
      ],
    );
    assert.match(
      outcomes[2]?.error ?? "",
      /platform\/ghost did not appear as a Semgrep project after syncing SCM config 501/,
    );
    assert.deepEqual(progress.sort(), [1, 2, 3]);
    const stats = emulator.requestStats().byRoute;
    assert.equal(stats["POST /api/scm/deployments/:deploymentId/configs/:configId/_sync"], 1);
    assert.equal(stats["GET /api/tasks/v2/:taskTokenJwt"], 3, "2 pending polls, then complete");
    assert.equal(stats["PATCH /api/v1/deployments/:slug/projects/:projectName/managed-scan"], 2);

    const projects = dump().projects;
    assert.equal(projects.length, 5, "the sync made a project for each of the namespace's repositories");
    const svc3 = projects.find((x) => x.name === "platform/svc-003");
    assert.equal(svc3?.primary_branch, "refs/heads/develop");
    assert.deepEqual(svc3?.managed_scan_config, { diff_scan: { enabled: true }, full_scan: { enabled: true } });
    assert.equal(projects.find((x) => x.name === "platform/svc-001")?.managed_scan_config, undefined);

    const listing = await p.listImports(scope(connected.connectionId));
    assert.deepEqual(
      listing.imports.filter((i) => i.scanning).map((i) => i.fullName),
      ["platform/svc-000", "platform/svc-003"],
    );
  });

  it("finds sync-created projects with v2 projects/list (they are not in the v1 list) and onboards them", async () => {
    // Semgrep API v1: GET /api/v1/deployments/{deploymentSlug}/projects lists "projects that have been scanned
    // or onboarded to Managed Scans"; a project a sync only inferred is PROJECT_STATUS_NOT_SETUP and is found
    // with Semgrep API v2: POST /api/v2/deployments/{deploymentId}/projects/list (filter.names are substrings).
    emulator.seed(
      baseSeed({
        scmRepositories: [
          {
            baseUrl: GHE_URL,
            namespace: "platform",
            // "platform/svc-000" is a substring of the look-alike: only the exact name may be onboarded.
            repositories: [...repoNames("platform", 130), "platform/svc-000-legacy"],
          },
        ],
      }),
    );
    const p = platform();
    const c = await p.connect({
      platformOrg: "acme",
      integrationId: "i",
      endpoint: GHE,
      token: GHE_TOKEN,
      organization: "platform",
    });
    emulator.resetRequestStats();
    const wanted = repoNames("platform", 120);
    const outcomes = await p.importRepositories(
      scope(c.connectionId),
      [...wanted, "platform/ghost"].map((fullName, i) => ({ fullName, scmId: i + 1 })),
      { concurrency: 8 },
    );
    assert.deepEqual(
      outcomes.filter((o) => !o.ok).map((o) => o.fullName),
      ["platform/ghost"],
    );
    const byName = new Map(dump().projects.map((x) => [x.name, x]));
    assert.equal(outcomes[0]?.platformId, String(byName.get("platform/svc-000")?.id));
    assert.equal(byName.get("platform/svc-000-legacy")?.managed_scan_config, undefined);
    const stats = emulator.requestStats().byRoute;
    assert.ok((stats["POST /api/v2/deployments/:deploymentId/projects/list"] ?? 0) >= 2, "names are sent in batches");
    assert.equal(stats["PATCH /api/v1/deployments/:slug/projects/:projectName/managed-scan"], 120);

    // Onboarded now: the v1 list shows exactly them, and listImports reads them as scanning.
    const listing = await p.listImports(scope(c.connectionId));
    assert.deepEqual(
      listing.imports.map((i) => [i.fullName, i.scanning]),
      [...wanted].sort((a, b) => a.localeCompare(b)).map((n) => [n, true]),
    );
  });

  it("GitLab nested paths become projects with encoded names", async () => {
    const p = platform();
    const c = await p.connect({
      platformOrg: "acme",
      integrationId: "i",
      endpoint: GITLAB_SM,
      token: GITLAB_TOKEN,
      organization: "infra",
    });
    const outcomes = await p.importRepositories(
      scope(c.connectionId, GITLAB_SM, "infra"),
      [{ fullName: "infra/net/vpc", scmId: 7 }],
      { concurrency: 4 },
    );
    assert.deepEqual(outcomes, [{ fullName: "infra/net/vpc", ok: true, platformId: "1001" }]);
  });

  it("a failed sync fails loudly and says nothing was imported", async () => {
    emulator.seed(baseSeed({ failingSyncNamespaces: ["platform"] }));
    const p = platform();
    const c = await p.connect({
      platformOrg: "acme",
      integrationId: "i",
      endpoint: GHE,
      token: GHE_TOKEN,
      organization: "platform",
    });
    const e = await scmRejection(
      p.importRepositories(scope(c.connectionId), [{ fullName: "platform/svc-000", scmId: 1 }], { concurrency: 1 }),
    );
    assert.equal(e.kind, "server-error");
    assert.match(
      e.message,
      /sync of SCM config 501 ended with TASK_STATUS_FAILED \(Could not list repositories of platform\); nothing was imported \(0 of 1 repositories\)/,
    );
    assert.equal(dump().projects.length, 0);
  });

  it("a deleted connection: not-found naming the connection, nothing imported", async () => {
    const e = await scmRejection(
      platform().importRepositories(scope("777"), [{ fullName: "platform/svc-000", scmId: 1 }], { concurrency: 1 }),
    );
    assert.equal(e.kind, "not-found");
    assert.match(e.message, /SCM config 777 no longer exists in deployment "acme"; nothing was imported/);
  });
});

describe("semgrep removeImport", () => {
  it("deleteFindings=false turns Managed Scans off and keeps findings; true deletes the project and its findings", async () => {
    emulator.seed(
      baseSeed({
        projects: [
          {
            name: "platform/keep",
            url: `${GHE_URL}/platform/keep`,
            managedScan: { diff: true, full: true },
            findings: 12,
          },
          {
            name: "platform/drop",
            url: `${GHE_URL}/platform/drop`,
            managedScan: { diff: true, full: true },
            findings: 7,
          },
        ],
      }),
    );
    const p = platform();
    await p.removeImport(
      scope("501"),
      { fullName: "platform/keep", platformId: "1001", scanning: true },
      { deleteFindings: false },
    );
    await p.removeImport(
      scope("501"),
      { fullName: "platform/drop", platformId: "1002", scanning: true },
      { deleteFindings: true },
    );
    const d = dump();
    assert.deepEqual(
      d.projects.map((x) => [x.name, x.managed_scan_config, x.findings]),
      [["platform/keep", { diff_scan: { enabled: false }, full_scan: { enabled: false } }, 12]],
    );
    assert.deepEqual(d.deletedProjects, [{ name: "platform/drop", findingsErased: 7 }]);
    // Idempotent: both again, on a project that is gone.
    await p.removeImport(
      scope("501"),
      { fullName: "platform/drop", platformId: "1002", scanning: true },
      { deleteFindings: true },
    );
    await p.removeImport(
      scope("501"),
      { fullName: "platform/drop", platformId: "1002", scanning: true },
      { deleteFindings: false },
    );
    assert.equal(dump().deletedProjects.length, 1);
    const listing = await p.listImports(scope("501"));
    assert.deepEqual(listing.imports, [{ fullName: "platform/keep", platformId: "1001", scanning: false }]);
  });

  it("a project created by a CI scan is listed (not scanning by managed scans)", async () => {
    const res = await fetch(`${url}/_control/ci-scan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "platform/from-ci", url: `${GHE_URL}/platform/from-ci` }),
    });
    assert.equal(res.status, 200);
    const listing = await platform().listImports(scope("501"));
    assert.deepEqual(listing.imports, [{ fullName: "platform/from-ci", platformId: "1001", scanning: false }]);
  });
});
