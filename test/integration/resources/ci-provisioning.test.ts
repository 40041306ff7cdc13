// Onboarding by Semgrep's own provisioning (method `semgrepProvisioning`, GitHub.com only) through the
// real RepositoryImport handler against the in-process emulators: preview lists what Semgrep will
// provision and writes nothing; up syncs the SCM config so the repositories are Semgrep projects, adds
// the CI secret, then the workflow (Semgrep's repos/_secret and repos/_provision); a second up calls
// neither; a CI run and refresh show the repository as seen by Semgrep. Where Semgrep's endpoints do
// not reach (GitHub Enterprise Server, GitLab) the method is refused at preview, naming the field.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import type { SemgrepEmulator } from "../../emulators/semgrep/emulator";
import { findCanary } from "../../support/canary";
import { checked, connect, connectWithOutputs } from "../../support/connect";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const GITHUB_TOKEN = "ghp_CANARYsemgrepProvisioningGithub001";
const GHES_TOKEN = "ghp_CANARYsemgrepProvisioningGhes00001";
const REPOS = ["api", "web", "worker"];
const PROVISION_ROUTE = "POST /api/agent/deployments/:deploymentId/repos/_provision";
const SECRET_ROUTE = "POST /api/agent/deployments/:deploymentId/repos/_secret";

let github: World;
let ghes: World;
let lines: string[] = [];

const semgrep = (world: World) => world.platform as unknown as SemgrepEmulator;
const calls = (world: World, route: string) => world.platform.requestStats().byRoute[route] ?? 0;

function inputs(connection: Props, onboarding: Props = { method: "semgrepProvisioning" }): Props {
  return { connection, repositories: REPOS.map((r) => `acme/${r}`), onboarding, resourceName: "provisioned" };
}

beforeAll(async () => {
  const world = (scm: "github" | "github-enterprise", token: string) =>
    startWorld({
      scm,
      platform: "semgrep",
      organization: "acme",
      repositories: REPOS.map((name) => ({ name })),
      tokens: [{ value: token, scopes: ["repo", "user:email"] }],
    });
  [github, ghes] = await Promise.all([world("github", GITHUB_TOKEN), world("github-enterprise", GHES_TOKEN)]);
  // Semgrep reaches github.com through its GitHub App, installed on the organization: the connection
  // the OrgConnection adopts, and what Semgrep's provisioning writes through.
  const seed = structuredClone(semgrep(github).semgrep.seed);
  seed.configs = [{ type: "SCM_TYPE_GITHUB", namespace: "acme", installed: true }];
  semgrep(github).seed(seed);
  runOnVirtualClock([github.scm, github.platform, ghes.scm, ghes.platform]);
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  const worlds = [github, ghes].filter((w): w is World => w !== undefined);
  backToRealTime(worlds.flatMap((w) => [w.scm, w.platform]));
  await Promise.all(worlds.map((w) => w.stop()));
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
});

describe("Semgrep × GitHub.com: onboarding by Semgrep's provisioning", () => {
  let id = "";
  let latest: Props = {};

  test("preview lists what Semgrep will provision; up adds the secret, then the workflow, per repository", async () => {
    useWorld(github);
    const { reference: connection, outputs: connectionOutputs } = await connectWithOutputs(github, GITHUB_TOKEN);
    // The GitHub App connection is Semgrep's own: used as it is, adopted without adoptExisting.
    assert.equal(connectionOutputs.adopted, true);
    github.platform.resetRequestStats();
    lines = [];
    const news = await checked(repositoryImportHandler, inputs(connection));
    assert.ok(
      lines.some((l) =>
        l.includes("Semgrep adds its CI workflow and secret to 3 repositories: acme/api, acme/web, acme/worker"),
      ),
      lines.join("\n"),
    );
    assert.equal(
      lines.find((l) => /plan: import|to import/.test(l)),
      undefined,
      "no Managed Scans plan",
    );
    assert.equal(calls(github, PROVISION_ROUTE) + calls(github, SECRET_ROUTE), 0, "preview provisions nothing");

    const created = await repositoryImportHandler.create(news);
    id = created.id;
    latest = created.outs;
    assert.equal(calls(github, SECRET_ROUTE), 1, "one bulk secret call");
    assert.equal(calls(github, PROVISION_ROUTE), 1, "one bulk provision call");
    const onboarding = created.outs.ciOnboarding as Record<
      string,
      { state: string; url?: string; seenBySemgrep: boolean }
    >;
    assert.deepEqual(
      Object.keys(onboarding),
      REPOS.map((r) => `acme/${r}`),
    );
    const projects = semgrep(github).semgrep.sortedProjects();
    for (const name of REPOS) {
      const status = onboarding[`acme/${name}`]!;
      assert.equal(status.state, "provisioned");
      assert.match(status.url ?? "", new RegExp(`/acme/${name}/blob/.*\\.github/workflows/`));
      const project = projects.find((p) => p.name === `acme/${name}`)!;
      const record = semgrep(github).provisioning.record(project.id);
      assert.ok(record?.secretTokenId, `Semgrep added the CI secret to acme/${name}`);
      assert.equal(record.fileUrl, status.url);
    }
    // In plaintext state: everything but the secret outputs (the connection reference holds the token).
    const { connection: _secret, ...plaintext } = created.outs;
    assert.equal(findCanary(JSON.stringify(plaintext) + lines.join("\n"), [GITHUB_TOKEN]), undefined);
  });

  test("a second up provisions nothing; a CI run and refresh show the repository as seen by Semgrep", async () => {
    useWorld(github);
    const connection = await connect(github, GITHUB_TOKEN);
    github.platform.resetRequestStats();
    lines = [];
    const again = await checked(repositoryImportHandler, inputs(connection), latest);
    assert.ok(
      lines.some((l) => l.includes("to 0 repositories")),
      lines.join("\n"),
    );
    assert.deepEqual(await repositoryImportHandler.diff(id, latest, again), { changes: false });
    const second = await repositoryImportHandler.update(id, latest, again);
    assert.equal(calls(github, PROVISION_ROUTE) + calls(github, SECRET_ROUTE), 0, "nothing provisioned twice");

    semgrep(github).provisioning.recordCiRun({ repository: "acme/api", scm: "SCM_TYPE_GITHUB" });
    const refreshed = await repositoryImportHandler.read(id, second.outs);
    const after = refreshed.props!.ciOnboarding as Record<string, { state: string; seenBySemgrep: boolean }>;
    assert.deepEqual(
      Object.entries(after)
        .filter(([, s]) => s.seenBySemgrep)
        .map(([n]) => n),
      ["acme/api"],
    );
    for (const status of Object.values(after)) assert.equal(status.state, "provisioned");
  });

  test("a plan provisioning more than maxNewRepositories is refused, naming the count and the override", async () => {
    useWorld(github);
    const connection = await connect(github, GITHUB_TOKEN);
    const result = await repositoryImportHandler.check(
      {},
      inputs(connection, { method: "semgrepProvisioning", semgrepProvisioning: { maxNewRepositories: 1 } }),
    );
    const reason = result.failures?.[0]?.reason ?? "";
    assert.match(reason, /Semgrep provision 3 repositories/);
    assert.match(reason, /allowNewRepositories to 2/);
  });

  test("with ciJob settings beside it, the method is refused naming the field", async () => {
    useWorld(github);
    const connection = await connect(github, GITHUB_TOKEN);
    const result = await repositoryImportHandler.check(
      {},
      inputs(connection, {
        method: "semgrepProvisioning",
        ciJob: { scmToken: GITHUB_TOKEN, semgrepAppToken: "CANARYsemgrepAppTokenProvision01" },
      }),
    );
    // A nested field is named at the start of the reason (the engine's property is top-level only).
    assert.match(
      result.failures?.[0]?.reason ?? "",
      /^onboarding\.ciJob: is set but onboarding\.method is "semgrepProvisioning"/,
    );
  });
});

describe("Semgrep × GitHub Enterprise Server: where Semgrep's provisioning does not apply", () => {
  test("the method is refused at preview, naming onboarding.method and the fix (ciJob)", async () => {
    useWorld(ghes);
    const connection = await connect(ghes, GHES_TOKEN);
    ghes.platform.resetRequestStats();
    const result = await repositoryImportHandler.check({}, inputs(connection));
    const failure = result.failures?.[0];
    assert.match(
      failure?.reason ?? "",
      /^onboarding\.method: "semgrepProvisioning" applies to GitHub\.com only.*github-enterprise.*use method "ciJob"/,
    );
    assert.equal(calls(ghes, PROVISION_ROUTE) + calls(ghes, SECRET_ROUTE), 0);
  });
});
