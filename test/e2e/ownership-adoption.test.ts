// Ownership through the real Pulumi CLI: a platform already configured by hand (Snyk × GitHub: the
// org's github-enterprise integration and imports; Semgrep × GitLab: the SCM config and onboarded
// projects). Without `adoptExisting` the preview names what exists and `up` changes nothing at the
// emulator; with it `up` takes over and records it; `pulumi up --replace` of each resource leaves the
// credentials and imports in place with the same platform ids (Snyk: target and project ids, so the
// issue history stays); `destroy` gives back what was taken over (the integration keeps
// credentials, hand-made imports stay with the same ids) and removes only what the stack imported.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import {
  emulatorFingerprint,
  expectFailure,
  PlatformView,
  runScenario,
  settle,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World } from "../support/world";

interface Adopt {
  integration: boolean;
  connection: boolean;
  imports: boolean;
}

interface Scenario {
  platform: "snyk" | "semgrep";
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  token: string;
  adopt: Adopt;
  /** What the platform held before the stack existed (made by hand), for the last comparisons. */
  byHand: { objectId: string; scanned: Record<string, string> };
}

/** Desired: acme/api (imported by hand before) and acme/web; acme/docs is imported by hand and not desired. */
const DESIRED = ["acme/api", "acme/web"];
const BY_HAND_IMPORTS = ["acme/api", "acme/docs"];

async function setUp(defer: Defer, platform: "snyk" | "semgrep", token: string, handToken: string): Promise<Scenario> {
  const scm = platform === "snyk" ? "github" : "gitlab";
  const world = await startWorld({
    scm,
    platform,
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }, { name: "docs" }],
    tokens: [
      { value: token, scopes: platform === "snyk" ? ["repo", "read:org", "admin:repo_hook"] : ["api"] },
      { value: handToken, scopes: platform === "snyk" ? ["repo", "read:org", "admin:repo_hook"] : ["api"] },
    ],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const view = new PlatformView(world);
  let objectId: string;
  if (platform === "snyk") {
    // Someone connected GitHub in Snyk's UI and imported two repositories through it.
    const integration = view.snykIntegrationByHand("github-enterprise");
    integration.credentials = { token: handToken, url: "https://api.github.com" };
    objectId = integration.id;
    for (const name of BY_HAND_IMPORTS) view.importOutOfBand(name);
  } else {
    // Someone connected the GitLab group in Semgrep's settings and onboarded two projects.
    objectId = view.semgrepConfigByHand({
      type: "SCM_TYPE_GITLAB",
      namespace: "acme",
      baseUrl: "https://gitlab.com",
      accessToken: handToken,
    });
    for (const name of BY_HAND_IMPORTS) view.semgrepProjectByHand(name);
  }
  const adopt: Adopt = { integration: false, connection: false, imports: false };
  const stack = await E2EStack.create({
    name: `ownership-${platform}`,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("platform", {
        platform,
        platformOrg: platform === "snyk" ? SNYK_ORG : SEMGREP_DEPLOYMENT.slug,
        scm,
        token,
        adoptExisting: adopt.integration,
      });
      const connection = new OrgConnection("acme", {
        integration,
        organization: "acme",
        adoptExisting: adopt.connection,
      });
      const repositories = new RepositoryImport("scanned", {
        connection,
        repositories: DESIRED,
        mode: "additive",
        adoptExisting: adopt.imports,
      });
      return { owned: repositories.owned, adopted: repositories.adopted };
    },
  });
  defer(() => stack.dispose());
  return {
    platform,
    world,
    stack,
    view,
    transcript: new Transcript(),
    token,
    adopt,
    byHand: { objectId, scanned: view.scannedIds() },
  };
}

/** Everything the platform holds that this test cares about, to compare before and after a step. */
function platformSnapshot({ platform, view }: Scenario): unknown {
  return platform === "snyk"
    ? { integrations: view.snykIntegrations(), scanned: view.scannedIds() }
    : {
        configs: view.semgrepConfigs().map(({ status: _status, tokenScopes: _scopes, ...config }) => config),
        scanned: view.scannedIds(),
        projects: view.projects(),
      };
}

/** The taken-over object (Snyk integration / Semgrep SCM config) still exists, with credentials. */
function assertObjectKeepsCredentials(s: Scenario): void {
  if (s.platform === "snyk") {
    const [integration, ...others] = s.view.snykIntegrations();
    assert.deepEqual(others, [], "a second integration appeared");
    assert.equal(integration?.id, s.byHand.objectId, "the hand-made integration was replaced by another");
    assert.equal(integration?.hasCredentials, true, "the integration lost its credentials");
  } else {
    const [config, ...others] = s.view.semgrepConfigs();
    assert.deepEqual(others, [], "a second SCM config appeared");
    assert.equal(config?.id, s.byHand.objectId, "the hand-made SCM config was replaced by another");
    assert.equal(config?.hasAccessToken, true, "the SCM config lost its token");
  }
}

/** The URN of the stack's one resource of a kind. */
function urnOf(stack: E2EStack, kind: string): string {
  const urn = stack.stateResources().find((r) => r.type.endsWith(`:${kind}`))?.urn;
  assert.ok(urn, `no ${kind} in the state`);
  return urn;
}

const takenOver = (s: Scenario) =>
  s.platform === "snyk"
    ? new RegExp(`the github-enterprise integration ${s.byHand.objectId} of Snyk org ${SNYK_ORG} already exists`)
    : new RegExp(
        `the SCM config ${s.byHand.objectId} \\(SCM_TYPE_GITLAB, "acme", https://gitlab.com\\) of Semgrep deployment "acme" already exists`,
      );

const steps: Step<Scenario>[] = [
  {
    name: "preview without adoptExisting names the hand-made object, who may have made it, and what up would do",
    run: async (s) => {
      const before = platformSnapshot(s);
      const preview = await settle(() => s.stack.preview());
      s.transcript.addText(preview.text);
      assert.equal(preview.ok, false, "the preview must fail: it would take over what it did not create");
      assert.match(preview.text, takenOver(s));
      assert.match(preview.text, /carry no marker of who made them/);
      assert.match(
        preview.text,
        s.platform === "snyk" ? /up would give it this resource's token/ : /up would give it this connection's token/,
      );
      assert.match(preview.text, /set adoptExisting: true/);
      assert.deepEqual(platformSnapshot(s), before);
    },
  },
  {
    name: "up without adoptExisting refuses and changes nothing at the emulator",
    run: async (s) => {
      const before = platformSnapshot(s);
      const message = await expectFailure(() => s.stack.up());
      s.transcript.addText(message);
      assert.match(message, takenOver(s));
      assert.deepEqual(platformSnapshot(s), before, "the refused up changed the platform");
      // The engine applies resources as they come (no separate preview): only the one with no remote
      // object of its own (Semgrep's Integration, Snyk's OrgConnection) may be in the state.
      const local = s.platform === "snyk" ? ":OrgConnection" : ":Integration";
      const taken = s.stack.stateResources().filter((r) => !r.type.startsWith("pulumi:") && !r.type.endsWith(local));
      assert.deepEqual(
        taken.map((r) => r.type),
        [],
      );
    },
  },
  {
    name: "adoptExisting on the connection side only: the preview names the hand-made import it would take over",
    run: async (s) => {
      s.adopt.integration = true;
      s.adopt.connection = true;
      const before = platformSnapshot(s);
      const preview = await settle(() => s.stack.preview());
      s.transcript.addText(preview.text);
      assert.equal(preview.ok, false);
      assert.match(preview.text, /adoptExisting: taking over/);
      assert.match(
        preview.text,
        new RegExp(
          `1 desired repository is already imported on ${s.platform} and this resource did not import it .*: acme/api`,
        ),
      );
      assert.deepEqual(platformSnapshot(s), before);
    },
  },
  {
    name: "with adoptExisting everywhere, up takes over and records it; the next preview shows no changes",
    run: async (s) => {
      s.adopt.imports = true;
      const up = s.transcript.add(await s.stack.up());
      assert.deepEqual(up.outputs.adopted, ["acme/api"]);
      assert.deepEqual(up.outputs.owned, ["acme/web"]);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/docs", "acme/web"]);
      // The hand-made imports are kept as they were: same platform ids.
      for (const name of BY_HAND_IMPORTS) assert.equal(s.view.scannedIds()[name], s.byHand.scanned[name], name);
      assertObjectKeepsCredentials(s);
      if (s.platform === "snyk") {
        assert.equal(s.view.snykIntegrations()[0]?.tokenSha256, emulatorFingerprint(s.token), "taken over: our token");
        assert.equal(s.stack.stateOutputs("Integration")?.adopted, true);
      } else {
        assert.equal(s.stack.stateOutputs("OrgConnection")?.adopted, true);
      }
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
    },
  },
  ...(["Integration", "OrgConnection", "RepositoryImport"] as const).map((kind): Step<Scenario> => ({
    name: `up --replace of the ${kind} leaves the credentials and every import in place, with the same platform ids`,
    run: async (s) => {
      const scanned = s.view.scannedIds();
      // Snyk: the projects too (a target deleted and imported again would come back with new project
      // ids and without Snyk's issue history).
      const projects = s.platform === "snyk" ? [...s.view.snyk.projects.keys()].sort() : [];
      s.transcript.add(await s.stack.up({ replace: [urnOf(s.stack, kind)] }));
      assertObjectKeepsCredentials(s);
      assert.deepEqual(s.view.scannedIds(), scanned, `--replace of the ${kind} changed what is scanned or its ids`);
      if (s.platform === "snyk") assert.deepEqual([...s.view.snyk.projects.keys()].sort(), projects);
      for (const name of BY_HAND_IMPORTS) assert.equal(s.view.scannedIds()[name], s.byHand.scanned[name], name);
      assert.deepEqual(s.stack.stateOutputs("RepositoryImport")?.adopted, ["acme/api"]);
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
    },
  })),
  {
    name: "Semgrep: refresh reports the SCM config's token broken out of band, and the next up gives it the token again",
    run: async (s) => {
      // Snyk says nothing of an integration's credentials (no API returns them or whether they are set),
      // so only Semgrep's own check of the config can tell; the README says so.
      if (s.platform !== "semgrep") return;
      const config = s.view.semgrep.sortedConfigs()[0]!;
      config.accessToken = "glpat-revoked-out-of-band";
      const refresh = s.transcript.add(await s.stack.refresh());
      assert.match(
        refresh.stdout + refresh.stderr,
        /refresh found: Semgrep's check of SCM config \S+ now fails .*the next pulumi up gives it the integration's token again/,
      );
      s.transcript.add(await s.stack.up());
      assert.equal(config.accessToken, s.token, "the up did not give the config the integration's token");
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "destroy leaves the taken-over object with its credentials and the hand-made imports as they were",
    run: async (s) => {
      s.transcript.add(await s.stack.destroy());
      assertObjectKeepsCredentials(s);
      assert.deepEqual(s.view.scannedIds(), s.byHand.scanned, "destroy changed the hand-made imports");
      if (s.platform === "semgrep") assert.ok(s.view.projects().includes("acme/web"), "findings were kept");
      s.transcript.assertNoCanary(s.stack, [s.token, s.world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: a hand-made integration and imports are named, taken over only with adoptExisting, and given back",
  () =>
    runScenario(
      (defer) => setUp(defer, "snyk", "ghp_CANARYe2eOwnershipSnyk00000000001", "ghp_CANARYe2eOwnershipByHand000000001"),
      steps,
    ),
  E2E_CASE_TIMEOUT_MS,
);

test(
  "Semgrep × GitLab: a hand-made SCM config and projects are named, taken over only with adoptExisting, and given back",
  () =>
    runScenario(
      (defer) => setUp(defer, "semgrep", "glpat-CANARYe2eOwnershipSg01", "glpat-CANARYe2eOwnershipHand1"),
      steps,
    ),
  E2E_CASE_TIMEOUT_MS,
);
