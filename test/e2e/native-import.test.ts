// `pulumi import` on the native provider plugin: a Snyk integration made by hand (in Snyk's UI) and
// the repositories imported through it by hand are imported by id (README, "Importing existing
// objects") without any write to Snyk. Snyk never returns the token, and a token the imported state
// never held is no change (provider/src/resources/unread-tokens.ts): the program that then declares
// them plans no change, and its `up` writes nothing to Snyk (the integration keeps the token it holds)
// while recording the declared token. Changing the token then plans an update marking only the
// token, and that `up` gives Snyk the new token.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { detailedDiffs, E2E_CASE_TIMEOUT_MS, type E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  emulatorFingerprint,
  PlatformView,
  runScenario,
  Transcript,
  type Step,
} from "../support/lifecycle";
import { declare, emptyYamlStack } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYnativeImportSnykGithub0000000001";
const ROTATED = "ghp_CANARYnativeImportSnykGithub0000000002";
const PACKAGE = "scm-integrations:index";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  handMadeId: string;
}

const REPOSITORIES = ["acme/api", "acme/web"];

const DECLARED_PROGRAM = [
  "name: native-import",
  "runtime: yaml",
  "config:",
  "  githubToken:",
  "    type: string",
  "    secret: true",
  "resources:",
  "  github:",
  `    type: ${PACKAGE}:Integration`,
  "    properties:",
  "      platform: snyk",
  `      platformOrg: ${SNYK_ORG}`,
  "      level: organization",
  "      scm: github",
  "      adoptExisting: true",
  "      token: ${githubToken}",
  "  acme:",
  "    type: scm-integrations:index:OrgConnection",
  "    properties:",
  "      organization: acme",
  "      adoptExisting: true",
  "      integration:",
  "        integrationId: ${github.integrationId}",
  "        platform: snyk",
  `        platformOrg: ${SNYK_ORG}`,
  "        scm: github",
  "        apiUrl: ${github.apiUrl}",
  "        token: ${githubToken}",
  "  scanned:",
  "    type: scm-integrations:index:RepositoryImport",
  "    properties:",
  "      adoptExisting: true",
  "      repositories: [acme/api, acme/web]",
  "      connection:",
  "        connectionId: ${acme.connectionId}",
  "        organization: acme",
  "        integrationId: ${github.integrationId}",
  "        platform: snyk",
  `        platformOrg: ${SNYK_ORG}`,
  "        scm: github",
  "        apiUrl: ${github.apiUrl}",
  "        token: ${githubToken}",
  "",
].join("\n");

const steps: Step<Scenario>[] = [
  {
    name: "pulumi import by id records the hand-made integration, its connection and import set, writing nothing",
    run: async ({ world, stack, view, transcript, handMadeId }) => {
      const before = JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() });
      const ids = [`snyk/${SNYK_ORG}/github/${handMadeId}`, `snyk/${SNYK_ORG}/github/${handMadeId}/acme`];
      const { result, platformWrites, scmWrites } = await countWrites(world, () =>
        stack.stack.import({
          resources: [
            { type: `${PACKAGE}:Integration`, name: "github", id: ids[0]! },
            { type: `${PACKAGE}:OrgConnection`, name: "acme", id: ids[1]! },
            { type: `${PACKAGE}:RepositoryImport`, name: "scanned", id: ids[1]! },
          ],
          generateCode: false,
        }),
      );
      transcript.addText(result.stdout + result.stderr);
      assert.equal(platformWrites + scmWrites, 0);
      const after = JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() });
      assert.equal(after, before, "Snyk's integration and targets are untouched");
      const state = (kind: string) => stack.stateResources().find((r) => r.type === `${PACKAGE}:${kind}`);
      assert.equal(state("Integration")?.outputs?.integrationId, handMadeId);
      assert.deepEqual(state("Integration")?.inputs, {
        adoptExisting: true,
        level: "organization",
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
      });
      assert.equal(state("OrgConnection")?.outputs?.connectionId, `${handMadeId}:acme`);
      assert.deepEqual(state("RepositoryImport")?.inputs?.repositories, REPOSITORIES);
      assert.deepEqual(Object.keys(state("RepositoryImport")?.outputs?.imported as object).sort(), REPOSITORIES);
    },
  },
  {
    name: "the program declaring them plans no change: the token the platform could not return is none",
    run: async ({ stack, transcript }) => {
      declare(stack, DECLARED_PROGRAM);
      const preview = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(stepsByOp(preview.events), { same: ["acme", "github", "scanned"] });
      assert.deepEqual(detailedDiffs(preview.events), {});
    },
  },
  {
    name: "up writes nothing to Snyk: the integration keeps the token it holds; the state records the declared one",
    run: async ({ world, stack, view, transcript }) => {
      const before = JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() });
      const { result, platformWrites } = await countWrites(world, () => stack.up());
      transcript.add(result);
      assert.equal(platformWrites, 0);
      assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
      const after = JSON.stringify({ integrations: view.snykIntegrations(), scanned: view.scannedIds() });
      assert.equal(after, before, "Snyk's integration keeps its token, and its targets are untouched");
      transcript.add(await stack.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "a changed token plans an update of the Integration marking only the token; its up gives Snyk that token",
    run: async ({ stack, view, transcript }) => {
      await stack.stack.setConfig("githubToken", { value: ROTATED, secret: true });
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events), { update: ["acme", "github", "scanned"] });
      // The token is the one real change. The Integration's outputs the references copy are unknown
      // while it is being updated (the engine's preview), so they are marked as "may change" too.
      assert.deepEqual(detailedDiffs(preview.events), {
        acme: ["integration.apiUrl", "integration.integrationId", "integration.token"],
        github: ["token"],
        scanned: ["connection.apiUrl", "connection.connectionId", "connection.integrationId", "connection.token"],
      });
      const targets = JSON.stringify(view.scannedIds());
      transcript.add(await stack.up());
      assert.equal(view.snykIntegrations()[0]!.tokenSha256, emulatorFingerprint(ROTATED));
      assert.equal(JSON.stringify(view.scannedIds()), targets, "the same targets, none re-imported or removed");
      const again = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(Object.keys(stepsByOp(again.events)), ["same"]);
    },
  },
  {
    name: "destroy gives everything back as it was: adopted, so Snyk keeps the integration and its targets",
    run: async ({ stack, view, transcript }) => {
      const targets = JSON.stringify(view.scannedIds());
      transcript.add(await stack.destroy());
      assert.equal(view.snykIntegrations().length, 1);
      assert.equal(JSON.stringify(view.scannedIds()), targets);
    },
  },
  {
    name: "the token never appeared in output, events or state",
    run: ({ stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN, ROTATED]),
  },
];

test(
  "native plugin: pulumi import of a hand-made Snyk integration and import set by id, then up and a no-change preview",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      const world = await startWorld({
        scm: "github",
        platform: "snyk",
        organization: "acme",
        repositories: [{ name: "api" }, { name: "web" }, { name: "docs" }],
        tokens: [
          { value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] },
          { value: ROTATED, scopes: ["repo", "read:org", "admin:repo_hook"] },
        ],
      });
      defer(() => world.stop());
      const view = new PlatformView(world);
      // The emulator's GitHub is not api.github.com, so Snyk files it under its GitHub Enterprise type.
      const handMadeId = view.snykIntegrationByHand("github-enterprise").id;
      for (const name of REPOSITORIES) view.importOutOfBand(name);
      const stack = await emptyYamlStack(defer, { name: "native-import", world, secrets: { githubToken: TOKEN } });
      return { world, stack, view, transcript: new Transcript(), handMadeId };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
