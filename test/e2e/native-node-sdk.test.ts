// The generated Node.js SDK (sdk-gen/nodejs, `@pulumi-scm-integrations/native`) on the native plugin,
// through the real CLI: compiled as a user's `npm install` of it would give, loaded by an inline
// program that declares an Integration and an OrgConnection. Preview, up, a no-change preview and
// destroy, the emulator asserted and a canary token that never appears in output or state.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { test } from "@jest/globals";
import { E2E_CASE_TIMEOUT_MS, E2EStack, repoRoot, stepsByOp } from "../support/harness";
import { emulatorFingerprint, PlatformView, runScenario, Transcript, type Step } from "../support/lifecycle";
import { nativeEnv } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const run = promisify(execFile);
const TOKEN = "ghp_CANARYnativeNodeSdkSnykGithub000000001";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
}

/** The SDK as its package would be installed: compiled JavaScript beside its package.json. */
async function compiledSdk(outDir: string): Promise<string> {
  const sdk = path.join(repoRoot, "sdk-gen", "nodejs");
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  await run(process.execPath, [tsc, "-p", path.join(sdk, "tsconfig.json"), "--outDir", outDir]);
  fs.copyFileSync(path.join(sdk, "package.json"), path.join(outDir, "package.json"));
  return outDir;
}

interface NativeSdk {
  Integration: new (name: string, args: Record<string, unknown>) => Record<string, unknown>;
  OrgConnection: new (name: string, args: Record<string, unknown>) => Record<string, unknown>;
}

const steps: Step<Scenario>[] = [
  {
    name: "preview plans both resources under the schema's type tokens",
    run: async ({ stack, transcript }) => {
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).create, ["acme", "github"]);
      const types = preview.events.flatMap((e) => e.resourcePreEvent?.metadata.type ?? []);
      assert.ok(types.includes("scm-integrations:index:Integration"), types.join(", "));
    },
  },
  {
    name: "up registers the integration; a second preview plans no change; destroy",
    run: async ({ stack, view, transcript }) => {
      transcript.add(await stack.up());
      assert.equal(view.snykIntegrations()[0]?.tokenSha256, emulatorFingerprint(TOKEN));
      const again = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(Object.keys(stepsByOp(again.events)), ["same"]);
      transcript.add(await stack.destroy());
    },
  },
  {
    name: "the token never appeared in output, events or state",
    run: ({ stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN]),
  },
];

test(
  "native plugin: the generated Node.js SDK through the real CLI (preview, up, no-change preview, destroy)",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      fs.mkdirSync(path.join(repoRoot, ".e2e-work"), { recursive: true });
      const outDir = fs.mkdtempSync(path.join(repoRoot, ".e2e-work", "native-node-sdk-"));
      defer(() => fs.rmSync(outDir, { recursive: true, force: true }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK is compiled by this test
      const scm = require(await compiledSdk(outDir)) as NativeSdk;
      const world = await startWorld({
        scm: "github",
        platform: "snyk",
        organization: "acme",
        repositories: [{ name: "api" }],
        tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      });
      defer(() => world.stop());
      const stack = await E2EStack.create({
        name: "native-node-sdk",
        config: world.config,
        secrets: world.secrets,
        env: { ...world.env, ...nativeEnv() },
        program: async () => {
          const github = new scm.Integration("github", {
            platform: "snyk",
            platformOrg: SNYK_ORG,
            level: "organization",
            scm: "github",
            token: TOKEN,
          });
          new scm.OrgConnection("acme", {
            organization: "acme",
            integration: {
              integrationId: github.integrationId,
              platform: github.platform,
              platformOrg: github.platformOrg,
              scm: github.scm,
              apiUrl: github.apiUrl,
              token: github.token,
            },
          });
        },
      });
      defer(() => stack.dispose());
      return { world, stack, view: new PlatformView(world), transcript: new Transcript() };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
