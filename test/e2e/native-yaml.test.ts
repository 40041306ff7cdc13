// The YAML example (examples/yaml-snyk-github) through the real CLI on the native provider plugin:
// the engine starts pulumi-resource-scm-integrations from PATH, the YAML language host runs the
// program. One case, in steps: preview, up, a no-change preview, a new repository in GitHub whose
// preview --diff marks exactly that repository, refresh, destroy — with the emulators' state asserted
// and a canary token that must never appear in output, events or state.
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "@jest/globals";
import { detailedDiffs, E2E_CASE_TIMEOUT_MS, E2EStack, repoRoot, stepsByOp } from "../support/harness";
import {
  countWrites,
  emulatorFingerprint,
  expectFailure,
  PlatformView,
  runScenario,
  Transcript,
  type Step,
} from "../support/lifecycle";
import { nativeEnv } from "../support/native";
import { rejection } from "../support/rejection";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYnativeYamlSnykGithub000000000001";
const TYPES = [
  "scm-integrations:index:Integration",
  "scm-integrations:index:OrgConnection",
  "scm-integrations:index:RepositoryImport",
];

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
}

const steps: Step<Scenario>[] = [
  {
    name: "a bad provider setting is refused before any resource is checked, naming the key and the value",
    run: async ({ world, stack, view }) => {
      await stack.stack.setConfig("scm-integrations:snykRegion", { value: "EU-1" });
      const { result, scmWrites, platformWrites } = await countWrites(world, () =>
        expectFailure(() => stack.preview()),
      );
      assert.match(
        result,
        /scm-integrations:snykRegion: must be one of SNYK-US-01, SNYK-US-02, SNYK-EU-01, SNYK-AU-01/,
      );
      assert.match(result, /got "EU-1"/);
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(view.snykIntegrations(), []);
      await stack.stack.removeConfig("scm-integrations:snykRegion");
    },
  },
  {
    name: "preview plans the three resources under the schema's type tokens and writes nothing",
    run: async ({ world, stack, view, transcript }) => {
      const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(result);
      assert.deepEqual(stepsByOp(result.events).create, ["github", "organization", "scanned"]);
      const types = result.events
        .flatMap((e) => e.resourcePreEvent?.metadata.type ?? [])
        .filter((t) => !t.startsWith("pulumi:"));
      assert.deepEqual([...new Set(types)].sort(), TYPES);
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(view.snykIntegrations(), []);
    },
  },
  {
    name: "up registers the integration and imports the production repositories",
    run: async ({ stack, view, transcript }) => {
      const up = transcript.add(await stack.up());
      const integrations = view.snykIntegrations();
      assert.equal(integrations.length, 1);
      assert.equal(integrations[0]!.id, up.outputs.integrationId);
      assert.equal(integrations[0]!.tokenSha256, emulatorFingerprint(TOKEN));
      assert.deepEqual(view.scanned(), ["acme/checkout-web", "acme/payments-api"]);
      assert.equal(up.outputs.importedCount, 2);
      const urns = stack.stateResources().map((r) => r.type);
      for (const type of TYPES) assert.ok(urns.includes(type), `state has a ${type}`);
    },
  },
  {
    name: "a second preview plans no change and writes nothing",
    run: async ({ world, stack, transcript }) => {
      const { result, scmWrites, platformWrites } = await countWrites(world, () =>
        stack.preview({ expectNoChanges: true }),
      );
      transcript.add(result);
      assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
      assert.equal(scmWrites + platformWrites, 0);
    },
  },
  {
    name: "a new production repository in GitHub: preview --diff marks exactly that repository",
    run: async ({ world, stack, transcript }) => {
      world.addRepository({ name: "ledger", topics: ["production"] });
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
      assert.deepEqual(detailedDiffs(preview.events), { scanned: ['resolvedRepositories["acme/ledger"]'] });
      // What the reviewer reads: that one repository, under its map, and no other property.
      assert.match(preview.stdout, /~ resolvedRepositories: \{\n\s+\+ acme\/ledger: "selector"\n\s+\}\nResources:/);
    },
  },
  {
    name: "up imports it; refresh finds nothing drifted",
    run: async ({ stack, view, transcript }) => {
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), ["acme/checkout-web", "acme/ledger", "acme/payments-api"]);
      const refresh = transcript.add(await stack.refresh());
      assert.deepEqual(
        Object.keys(refresh.changeSummary).filter((op) => op !== "same"),
        [],
      );
      transcript.add(await stack.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "up --replace of the Integration is refused without adoptExisting (Snyk's integration has no marker) and changes nothing",
    run: async ({ world, stack, view, transcript }) => {
      const before = JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() });
      const urn = stack.stateResources().find((r) => r.type.endsWith(":Integration"))?.urn;
      assert.ok(urn, "no Integration in the state");
      const { result, platformWrites } = await countWrites(world, () => rejection(stack.up({ replace: [urn] })));
      transcript.addText(result.message);
      assert.match(result.message, /A `pulumi up --replace` of this resource is checked without its old state/);
      assert.equal(platformWrites, 0);
      assert.equal(JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() }), before);
      transcript.add(await stack.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "up --replace of the RepositoryImport keeps every Snyk import and its id (handed over by its marker)",
    run: async ({ stack, view, transcript }) => {
      const before = JSON.stringify(view.scannedIds());
      const urn = stack.stateResources().find((r) => r.type.endsWith(":RepositoryImport"))?.urn;
      assert.ok(urn, "no RepositoryImport in the state");
      const up = transcript.add(await stack.up({ replace: [urn] }));
      assert.equal(up.changeSummary.replace, 1, JSON.stringify(up.changeSummary));
      assert.equal(
        JSON.stringify(view.scannedIds()),
        before,
        "--replace re-imported (new Snyk ids) or removed imports",
      );
      transcript.add(await stack.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "destroy removes the imports and the integration's credentials",
    run: async ({ stack, view, transcript }) => {
      transcript.add(await stack.destroy());
      assert.deepEqual(view.scanned(), []);
      assert.deepEqual(
        stack.stateResources().filter((r) => TYPES.includes(r.type)),
        [],
      );
    },
  },
  {
    name: "the token never appeared in output, events or state",
    run: ({ stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN]),
  },
];

test(
  "native plugin: the YAML example through the real CLI (preview, up, no-change preview, drift, refresh, destroy)",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      const world = await startWorld({
        scm: "github",
        platform: "snyk",
        organization: "acme",
        repositories: [
          { name: "payments-api", topics: ["production"] },
          { name: "checkout-web", topics: ["production", "frontend"] },
          { name: "sandbox", topics: [] },
          { name: "legacy-billing", topics: ["production"], archived: true },
        ],
        tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      });
      defer(() => world.stop());
      const stack = await E2EStack.create({
        name: "native-yaml",
        projectFile: path.join(repoRoot, "examples", "yaml-snyk-github", "Pulumi.yaml"),
        config: { ...world.config, snykOrgId: SNYK_ORG, githubOrg: "acme" },
        secrets: { ...world.secrets, githubToken: TOKEN },
        env: { ...world.env, ...nativeEnv() },
      });
      defer(() => stack.dispose());
      return { world, stack, view: new PlatformView(world), transcript: new Transcript() };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
