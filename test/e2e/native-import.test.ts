// `pulumi import` on the native provider plugin: a Snyk integration made by hand (in Snyk's UI) and
// the repositories imported through it by hand are imported by id (README, "Importing existing
// objects") without any write to Snyk. The program that then declares them plans exactly one change
// per resource, the token (Snyk never returns it), marked as the only property that changes; after
// that `up` (which re-imports nothing) a preview plans no change.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "@jest/globals";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  emulatorFingerprint,
  PlatformView,
  runScenario,
  Transcript,
  type Step,
} from "../support/lifecycle";
import { nativeEnv } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYnativeImportSnykGithub0000000001";
const PACKAGE = "scm-integrations:index";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  handMadeId: string;
}

const REPOSITORIES = ["acme/api", "acme/web"];

const EMPTY_PROGRAM = ["name: native-import", "runtime: yaml", "resources: {}", ""].join("\n");

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
  "        token: ${github.token}",
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
  "        token: ${github.token}",
  "",
].join("\n");

/** The detailed diff of each resource in a preview, by resource name. */
function detailedDiffs(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const meta = e.resourcePreEvent?.metadata;
    if (!meta?.detailedDiff || meta.type.startsWith("pulumi:")) continue;
    out[meta.urn.split("::").pop()!] = Object.keys(meta.detailedDiff).sort();
  }
  return out;
}

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
    name: "the program declaring them plans one update each, the token the only property marked",
    run: async ({ stack, transcript }) => {
      fs.writeFileSync(path.join(stack.dir, "work", "Pulumi.yaml"), DECLARED_PROGRAM);
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events), { update: ["acme", "github", "scanned"] });
      // The token is the one real change. The Integration's outputs the references copy are unknown
      // while it is being updated (the engine's preview), so they are marked as "may change" too.
      assert.deepEqual(detailedDiffs(preview.events), {
        acme: ["integration.apiUrl", "integration.integrationId", "integration.token"],
        github: ["token"],
        scanned: ["connection.apiUrl", "connection.connectionId", "connection.integrationId", "connection.token"],
      });
    },
  },
  {
    name: "up gives Snyk's integration the declared token and imports nothing again; then a preview plans no change",
    run: async ({ stack, view, transcript }) => {
      const targets = JSON.stringify(view.scannedIds());
      transcript.add(await stack.up());
      assert.equal(view.snykIntegrations()[0]!.tokenSha256, emulatorFingerprint(TOKEN));
      assert.equal(JSON.stringify(view.scannedIds()), targets, "the same targets, none re-imported or removed");
      const preview = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(Object.keys(stepsByOp(preview.events)), ["same"]);
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
    run: ({ stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN]),
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
        tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      });
      defer(() => world.stop());
      const view = new PlatformView(world);
      // The emulator's GitHub is not api.github.com, so Snyk files it under its GitHub Enterprise type.
      const handMadeId = view.snykIntegrationByHand("github-enterprise").id;
      for (const name of REPOSITORIES) view.importOutOfBand(name);
      const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "native-import-"));
      defer(() => fs.rmSync(projectDir, { recursive: true, force: true }));
      fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), EMPTY_PROGRAM);
      const stack = await E2EStack.create({
        name: "native-import",
        projectFile: path.join(projectDir, "Pulumi.yaml"),
        config: world.config,
        secrets: { ...world.secrets, githubToken: TOKEN },
        env: { ...world.env, ...nativeEnv() },
      });
      defer(() => stack.dispose());
      return { world, stack, view, transcript: new Transcript(), handMadeId };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
