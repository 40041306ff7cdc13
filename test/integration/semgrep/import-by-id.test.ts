// `pulumi import` of Semgrep objects through the native plugin's import functions (no engine) against
// the in-process Semgrep emulator: a GitHub Enterprise organization connected by hand in Semgrep's
// settings and two projects onboarded to Managed Scans by hand are read by id into adopted state,
// with no write to Semgrep or the SCM and no token in the state.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { importedState } from "../../../provider/src/native/import-read";
import { remove } from "../../../provider/src/native/provider";
import {
  integrationToken,
  orgConnectionToken,
  repositoryImportToken,
} from "../../../provider/src/resources/schema.generated";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { SEMGREP_DEPLOYMENT, startWorld, type World } from "../../support/world";

const TOKEN = "ghp_CANARYsemgrepImportById000000000001";
const HAND_TOKEN = "ghp_CANARYsemgrepImportByHand0000000001";
let world: World;
let configId: string;

const base = () => encodeURIComponent(world.baseUrl!);
const integrationId = () => `semgrep:${SEMGREP_DEPLOYMENT.id}:github-enterprise:${new URL(world.baseUrl!).host}`;

function writes(): number {
  return world.platform.requestStats().writes + world.scm.requestStats().writes;
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }, { name: "docs" }],
    tokens: [
      { value: TOKEN, scopes: ["repo", "read:org"] },
      { value: HAND_TOKEN, scopes: ["repo", "read:org"] },
    ],
  });
  runOnVirtualClock([world.scm, world.platform]);
});

afterAll(async () => {
  resetProviderSettings();
  backToRealTime([world.scm, world.platform]);
  await world.stop();
});

beforeEach(() => {
  useWorld(world);
  world.platform.reset();
  const view = new PlatformView(world);
  configId = view.semgrepConfigByHand({
    type: "SCM_TYPE_GITHUB_ENTERPRISE",
    namespace: "acme",
    baseUrl: world.baseUrl!,
    accessToken: HAND_TOKEN,
  });
  view.semgrepProjectByHand("acme/api");
  view.semgrepProjectByHand("acme/web");
  view.semgrepProjectByHand("other/lib"); // another organization's: not in the import set
  view.semgrep.addProject({ name: "acme/docs", managedScan: { diff: false, full: false } }); // not scanned
  world.platform.resetRequestStats();
  world.scm.resetRequestStats();
});

describe("pulumi import of Semgrep objects by id", () => {
  test("the Integration: the id up would record for the deployment and endpoint, adopted, no token", async () => {
    const state = await importedState("Integration", "ghe", `semgrep/acme/github-enterprise/${base()}`);
    assert.equal(state.id, integrationId());
    assert.deepEqual(state.inputs, {
      platform: "semgrep",
      platformOrg: "acme",
      level: "organization",
      scm: "github-enterprise",
      baseUrl: world.baseUrl,
      adoptExisting: true,
    });
    assert.equal(state.props?.integrationId, integrationId());
    assert.equal(state.props?.adopted, true);
    assert.equal(writes(), 0);
  });

  test("the OrgConnection: the organization's SCM config made by hand, adopted, no token", async () => {
    const state = await importedState("OrgConnection", "acme", `semgrep/acme/github-enterprise/acme/${base()}`);
    assert.equal(state.id, configId);
    assert.deepEqual(state.inputs?.integration, {
      integrationId: integrationId(),
      platform: "semgrep",
      platformOrg: "acme",
      scm: "github-enterprise",
      baseUrl: world.baseUrl,
      apiUrl: `${world.baseUrl}/api/v3`,
    });
    assert.equal(state.inputs?.organization, "acme");
    assert.equal(state.inputs?.adoptExisting, true);
    assert.deepEqual(
      { connectionId: state.props?.connectionId, adopted: state.props?.adopted },
      {
        connectionId: configId,
        adopted: true,
      },
    );
    assert.equal(writes(), 0);
  });

  test("the RepositoryImport: the organization's projects Semgrep scans, as adopted repositories", async () => {
    const state = await importedState("RepositoryImport", "scanned", `semgrep/4242/github-enterprise/acme/${base()}`);
    assert.deepEqual(state.inputs?.repositories, ["acme/api", "acme/web"]);
    assert.equal((state.inputs?.connection as { connectionId?: string }).connectionId, configId);
    assert.deepEqual(state.props?.adopted, ["acme/api", "acme/web"]);
    assert.deepEqual(state.props?.owned, []);
    assert.deepEqual(Object.keys(state.props?.imported as object), ["acme/api", "acme/web"]);
    assert.equal(writes(), 0);
    assert.ok(!JSON.stringify(state).includes(HAND_TOKEN));
  });

  test("deleting what was imported, before any up gave it a token, leaves everything on Semgrep as it was", async () => {
    const view = new PlatformView(world);
    const before = JSON.stringify({ configs: view.semgrepConfigs(), scanned: view.scannedIds() });
    const kinds = [
      [repositoryImportToken, "RepositoryImport", `semgrep/acme/github-enterprise/acme/${base()}`],
      [orgConnectionToken, "OrgConnection", `semgrep/acme/github-enterprise/acme/${base()}`],
      [integrationToken, "Integration", `semgrep/acme/github-enterprise/${base()}`],
    ] as const;
    for (const [type, kind, id] of kinds) {
      const state = await importedState(kind, "x", id);
      await remove(`urn:pulumi:dev::p::${type}::x`, state.id!, state.props!, state.inputs);
    }
    assert.equal(writes(), 0);
    assert.equal(JSON.stringify({ configs: view.semgrepConfigs(), scanned: view.scannedIds() }), before);
  });

  test("an organization Semgrep has no SCM config for is refused, naming it and where to look", async () => {
    await assert.rejects(
      importedState("OrgConnection", "x", `semgrep/acme/github-enterprise/ghost/${base()}`),
      /has no SCM config for github-enterprise organization "ghost".*Settings > Source code managers/s,
    );
    await assert.rejects(
      importedState("Integration", "x", `semgrep/nobody/github-enterprise/${base()}`),
      /semgrep org nobody has no integration for github-enterprise.*Settings > Deployment/s,
    );
    assert.equal(writes(), 0);
  });
});
