// An explicit provider resource on the native plugin (`pulumi:providers:scm-integrations`, one per
// Snyk organization or region): its inputs, not stack config, configure the plugin; the Snyk API
// token given to it stays secret in state (the plugin accepts secrets from the engine).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "@jest/globals";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import { emulatorFingerprint, PlatformView, runScenario, Transcript, type Step } from "../support/lifecycle";
import { nativeEnv } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYnativeProviderSnykGithub00000001";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
}

const PROGRAM = [
  "name: native-provider",
  "runtime: yaml",
  "config:",
  "  snykApiUrl: { type: string }",
  "  snykToken: { type: string, secret: true }",
  "  githubApiUrl: { type: string }",
  "  githubToken: { type: string, secret: true }",
  "resources:",
  "  snykAcme:",
  "    type: pulumi:providers:scm-integrations",
  "    properties:",
  "      snykApiUrl: ${snykApiUrl}",
  "      snykToken: ${snykToken}",
  "      githubApiUrl: ${githubApiUrl}",
  "      allowInsecureLoopback: true",
  "  github:",
  "    type: scm-integrations:index:Integration",
  "    options:",
  "      provider: ${snykAcme}",
  "    properties:",
  "      platform: snyk",
  `      platformOrg: ${SNYK_ORG}`,
  "      level: organization",
  "      scm: github",
  "      token: ${githubToken}",
  "",
].join("\n");

const steps: Step<Scenario>[] = [
  {
    name: "up through the explicit provider registers the integration in the Snyk it names",
    run: async ({ stack, view, transcript }) => {
      const up = transcript.add(await stack.up());
      assert.deepEqual(stepsByOp(up.events).create, ["github"]);
      assert.equal(view.snykIntegrations()[0]?.tokenSha256, emulatorFingerprint(TOKEN));
      const provider = stack.stateResources().find((r) => r.type === "pulumi:providers:scm-integrations");
      assert.ok(provider, "the state has the explicit provider");
      assert.equal(typeof provider.inputs?.snykApiUrl, "string");
    },
  },
  {
    name: "a second preview plans no change; destroy removes the integration's credentials",
    run: async ({ stack, transcript }) => {
      const preview = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(Object.keys(stepsByOp(preview.events)), ["same"]);
      transcript.add(await stack.destroy());
    },
  },
  {
    name: "neither the SCM token nor the Snyk API token appeared in output, events or state",
    run: ({ world, stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN, world.platformToken]),
  },
];

test(
  "native plugin: an explicit provider resource configures the plugin, its Snyk token kept secret",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      const world = await startWorld({
        scm: "github",
        platform: "snyk",
        organization: "acme",
        repositories: [{ name: "api" }],
        tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      });
      defer(() => world.stop());
      const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "native-provider-"));
      defer(() => fs.rmSync(projectDir, { recursive: true, force: true }));
      fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), PROGRAM);
      // No scm-integrations:* stack config: only the provider resource's inputs configure the plugin.
      const stack = await E2EStack.create({
        name: "native-provider",
        projectFile: path.join(projectDir, "Pulumi.yaml"),
        config: {
          snykApiUrl: world.config["scm-integrations:snykApiUrl"]!,
          githubApiUrl: world.config["scm-integrations:githubApiUrl"]!,
        },
        secrets: { snykToken: world.platformToken, githubToken: TOKEN },
        env: { ...world.env, ...nativeEnv() },
      });
      defer(() => stack.dispose());
      return { world, stack, view: new PlatformView(world), transcript: new Transcript() };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
