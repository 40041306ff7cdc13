// Ownership at the handlers, against in-process emulators: what a delete leaves for others (Snyk
// credentials while imports still go through the integration; a Semgrep SCM config while projects are
// still scanned through it), the owner marker on Semgrep projects (stamped on import, named when
// another resource would take them over, reclaimed by the same resource after a create that never
// returned), and refresh finding a Semgrep SCM config whose token stopped working.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler as imports } from "../../../provider/src/resources/repository-import";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { SNYK_ORG, startWorld, type World } from "../../support/world";

const SNYK_TOKEN = "ghp_CANARYunitOwnershipSnyk000000000001";
const SEMGREP_TOKEN = "glpat-CANARYunitOwnershipSg0001";
const OWNER_A = "proj/stack-a/scanned";
const OWNER_B = "proj/stack-b/scanned";

let snyk: World;
let semgrep: World;
let lines: string[] = [];

const tagsOf = (world: World, name: string) => new PlatformView(world).semgrep.projectByName(name)?.tags ?? [];

beforeAll(async () => {
  [snyk, semgrep] = await Promise.all([
    startWorld({
      scm: "github",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "api" }, { name: "web" }],
      tokens: [{ value: SNYK_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      pendingPolls: 1,
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api" }, { name: "web" }],
      tokens: [{ value: SEMGREP_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([snyk, semgrep].flatMap((w) => [w.scm, w.platform]));
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([snyk, semgrep].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([snyk, semgrep].map((w) => w?.stop()));
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
});

describe("Snyk: an Integration's delete leaves the credentials imports still go through", () => {
  test("with an import left (made by hand) the credentials stay and the log says why; without, they go", async () => {
    useWorld(snyk);
    const view = new PlatformView(snyk);
    const inputs = await checked(integrationHandler, {
      platform: "snyk",
      platformOrg: SNYK_ORG,
      scm: "github",
      token: SNYK_TOKEN,
      resourceName: "platform",
    });
    const { id, outs } = await integrationHandler.create(inputs);
    view.importOutOfBand("acme/api");
    await integrationHandler.delete(id, outs);
    assert.equal(view.snykIntegrations()[0]?.hasCredentials, true);
    assert.ok(
      lines.some((l) =>
        /left the credentials of snyk integration \S+ in place: 1 import still goes through it \(acme\/api\)/.test(l),
      ),
      lines.join("\n"),
    );
    view.snyk.deleteTarget(Object.values(view.scannedIds())[0]!);
    await integrationHandler.delete(id, outs);
    assert.equal(view.snykIntegrations()[0]?.hasCredentials, false);
  });
});

describe("Snyk: a replacement the engine decides is not refused as a stranger to its own integration", () => {
  // The engine re-runs check without old inputs when a replace-on-change input changes
  // (pkg/resource/deploy/step_generator.go); the first check, with them, ran just before.
  test("check with old inputs, then without: no refusal; the same check alone is refused", async () => {
    useWorld(snyk);
    const news = { platform: "snyk", platformOrg: SNYK_ORG, scm: "github", token: SNYK_TOKEN, resourceName: "moving" };
    // The org's integration exists already (the test above emptied it): this resource takes it over once.
    const inputs = await checked(integrationHandler, { ...news, adoptExisting: true });
    const { id, outs } = await integrationHandler.create(inputs);
    try {
      const stranger = await integrationHandler.check({}, { ...news, resourceName: "stranger" });
      assert.equal(stranger.failures?.[0]?.property, "adoptExisting", JSON.stringify(stranger));

      const first = await integrationHandler.check({ ...inputs, adoptExisting: false }, news);
      assert.equal(first.failures, undefined, JSON.stringify(first.failures));
      const recheck = await integrationHandler.check({}, news);
      assert.equal(recheck.failures, undefined, JSON.stringify(recheck.failures));
    } finally {
      await integrationHandler.delete(id, outs);
    }
  });
});

describe("Semgrep: owner markers, what delete leaves, refresh of a broken token", () => {
  let connection: Props;
  const raw = (owner: string, overrides: Props = {}): Props => ({
    connection,
    repositories: ["acme/api"],
    mode: "additive",
    resourceName: "scanned",
    owner,
    ...overrides,
  });

  beforeAll(async () => {
    connection = await connect(semgrep, SEMGREP_TOKEN);
  });
  beforeEach(() => useWorld(semgrep));

  test("an import is marked with its owner; another resource is refused naming that owner", async () => {
    const created = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(created.outs?.owned, ["acme/api"]);
    assert.deepEqual(tagsOf(semgrep, "acme/api"), [`pulumi-owner:${OWNER_A}`]);
    forgetListings();
    const refused = await imports.check({}, raw(OWNER_B));
    assert.equal(refused.failures?.[0]?.property, "adoptExisting", JSON.stringify(refused));
    assert.match(refused.failures[0].reason, new RegExp(`acme/api \\(marked as imported by ${OWNER_A}\\)`));
  });

  test("the same resource after a create that never returned reclaims its own import without an opt-in", async () => {
    // A new create of the same stack and resource (its state lost the first): the marker says it is its own.
    const again = await imports.create(await checked(imports, raw(OWNER_A)));
    assert.deepEqual(again.outs?.owned, ["acme/api"]);
    assert.deepEqual(again.outs?.adopted, []);
    // Another resource that adopted it never removes it, even on destroy, and never re-marks it.
    forgetListings();
    const other = await imports.create(await checked(imports, raw(OWNER_B, { adoptExisting: true })));
    assert.deepEqual(other.outs?.adopted, ["acme/api"]);
    await imports.delete(other.id, other.outs);
    assert.deepEqual(new PlatformView(semgrep).scanned(), ["acme/api"]);
    assert.deepEqual(tagsOf(semgrep, "acme/api"), [`pulumi-owner:${OWNER_A}`]);
  });

  test("an OrgConnection's delete leaves the SCM config while a project is scanned through it", async () => {
    const view = new PlatformView(semgrep);
    const reference = connection;
    const props: Props = {
      integration: {
        integrationId: reference.integrationId,
        platform: "semgrep",
        platformOrg: reference.platformOrg,
        scm: reference.scm,
        baseUrl: reference.baseUrl,
        apiUrl: reference.apiUrl,
        token: SEMGREP_TOKEN,
      },
      organization: "acme",
      autoScan: false,
      adoptExisting: false,
      resourceName: "acme",
    };
    await orgConnectionHandler.delete(String(reference.connectionId), props);
    assert.equal(view.semgrepConfigs().length, 1);
    assert.ok(
      lines.some((l) =>
        /left semgrep connection \S+ in place: 1 project is still scanned through it \(acme\/api\)/.test(l),
      ),
      lines.join("\n"),
    );
  });

  test("refresh finds the config's token no longer working, and the next diff plans the update that fixes it", async () => {
    const view = new PlatformView(semgrep);
    const inputs = await checked(
      orgConnectionHandler,
      {
        integration: {
          integrationId: connection.integrationId,
          platform: "semgrep",
          platformOrg: connection.platformOrg,
          scm: connection.scm,
          baseUrl: connection.baseUrl,
          apiUrl: connection.apiUrl,
          token: SEMGREP_TOKEN,
        },
        organization: "acme",
        resourceName: "acme",
      },
      {
        organization: "acme",
        integration: {
          platform: "semgrep",
          platformOrg: connection.platformOrg,
          scm: connection.scm,
          baseUrl: connection.baseUrl,
        },
      },
    );
    const id = String(connection.connectionId);
    const { outs } = await orgConnectionHandler.update(id, {}, inputs);
    assert.equal((outs?.checkStatus as Props).ok, true);
    // Out of band: someone replaces the config's token with one the SCM rejects.
    const config = view.semgrep.sortedConfigs()[0]!;
    config.accessToken = "glpat-revoked-by-hand";
    const read = await orgConnectionHandler.read(id, outs);
    const warnings = read.props?.warnings as string[];
    assert.ok(
      warnings.some((w) =>
        /^refresh found: Semgrep's check of SCM config \S+ now fails .*the next pulumi up gives it the integration's token again/.test(
          w,
        ),
      ),
      JSON.stringify(warnings),
    );
    assert.deepEqual(await orgConnectionHandler.diff(id, read.props!, inputs), { changes: true });
    const fixed = await orgConnectionHandler.update(id, read.props!, inputs);
    assert.equal((fixed.outs?.checkStatus as Props).ok, true);
    assert.equal(config.accessToken, SEMGREP_TOKEN);
    assert.deepEqual(await orgConnectionHandler.diff(id, fixed.outs, inputs), { changes: false });
  });
});
