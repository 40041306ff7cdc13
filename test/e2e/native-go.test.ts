// The Go example (examples/go-snyk-github) through the real CLI on the native provider plugin: a Go
// program on the generated Go SDK (sdk-gen/go), run as an Automation API inline program by its own
// binary. One case, in steps: preview, up, a no-change preview, refresh, destroy — the emulators'
// state asserted after each, and a canary token that must never appear in output or state.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { test } from "@jest/globals";
import { E2E_CASE_TIMEOUT_MS, filesText, repoRoot } from "../support/harness";
import { emulatorFingerprint, PlatformView, runScenario, Transcript, type Step } from "../support/lifecycle";
import { nativeEnv } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const run = promisify(execFile);
const TOKEN = "ghp_CANARYnativeGoSnykGithub00000000000001";
const exampleDir = path.join(repoRoot, "examples", "go-snyk-github");

interface Scenario {
  world: World;
  view: PlatformView;
  transcript: Transcript;
  dir: string;
  /** Run the example binary for one operation; its JSON answer. */
  operation: (name: string) => Promise<unknown>;
}

/** Build the example once per run (Go's build cache makes a rebuild of unchanged code quick). */
async function buildExample(out: string): Promise<void> {
  await run("go", ["build", "-o", out, "."], {
    cwd: exampleDir,
    env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" },
    maxBuffer: 16 * 1024 * 1024,
  });
}

const steps: Step<Scenario>[] = [
  {
    name: "preview plans the three resources and Snyk has nothing yet",
    run: async ({ view, operation }) => {
      assert.deepEqual(await operation("preview"), { create: 4 });
      assert.deepEqual(view.snykIntegrations(), []);
    },
  },
  {
    name: "up registers the integration and imports the production repositories",
    run: async ({ view, operation }) => {
      const up = (await operation("up")) as { outputs: Record<string, unknown> };
      assert.equal(view.snykIntegrations()[0]?.tokenSha256, emulatorFingerprint(TOKEN));
      assert.equal(up.outputs.integrationId, view.snykIntegrations()[0]?.id);
      assert.deepEqual(view.scanned(), ["acme/checkout-web", "acme/payments-api"]);
    },
  },
  {
    name: "a second preview plans no change",
    run: async ({ operation }) => {
      assert.deepEqual(await operation("preview-no-changes"), { same: 4 });
    },
  },
  {
    name: "refresh finds nothing drifted; destroy removes the imports",
    run: async ({ view, operation }) => {
      assert.deepEqual(await operation("refresh"), { same: 4 });
      await operation("destroy");
      assert.deepEqual(view.scanned(), []);
    },
  },
  {
    name: "the token never appeared in output or state",
    run: ({ dir, transcript }) =>
      transcript.assertNoCanary({ backendText: () => filesText(path.join(dir, "backend")) }, [TOKEN]),
  },
];

test(
  "native plugin: the Go example through the real CLI (preview, up, no-change preview, refresh, destroy)",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      const dir = fs.mkdtempSync(path.join(repoRoot, ".e2e-work", "native-go-"));
      defer(() => fs.rmSync(dir, { recursive: true, force: true }));
      const binary = path.join(dir, "go-snyk-github");
      await buildExample(binary);
      const world = await startWorld({
        scm: "github",
        platform: "snyk",
        organization: "acme",
        repositories: [
          { name: "payments-api", topics: ["production"] },
          { name: "checkout-web", topics: ["production", "frontend"] },
          { name: "sandbox", topics: [] },
        ],
        tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
      });
      defer(() => world.stop());
      const stackConfig: Record<string, { value: string; secret?: boolean }> = {};
      for (const [key, value] of Object.entries(world.config)) stackConfig[key] = { value };
      for (const [key, value] of Object.entries(world.secrets)) stackConfig[key] = { value, secret: true };
      fs.mkdirSync(path.join(dir, "backend"));
      fs.mkdirSync(path.join(dir, "work"));
      const env = {
        ...process.env,
        ...world.env,
        ...nativeEnv(),
        PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        PULUMI_HOME: path.join(dir, "pulumi-home"),
        SCM_INTEGRATIONS_HTTP_CACHE_DIR: path.join(dir, "http-cache"),
        SNYK_ORG_ID: SNYK_ORG,
        GITHUB_ORG: "acme",
        GITHUB_TOKEN: TOKEN,
        SCM_INTEGRATIONS_STACK_CONFIG: JSON.stringify(stackConfig),
      };
      const transcript = new Transcript();
      const operation = async (name: string): Promise<unknown> => {
        try {
          const { stdout, stderr } = await run(binary, [path.join(dir, "work"), name], {
            env,
            maxBuffer: 16 * 1024 * 1024,
          });
          transcript.addText(stdout + stderr);
          return JSON.parse(stdout) as unknown;
        } catch (e) {
          const failed = e as { stdout?: string; stderr?: string; message: string };
          throw new Error(`${name} failed: ${failed.stderr ?? failed.message}`, { cause: e });
        }
      };
      return { world, view: new PlatformView(world), transcript, dir, operation };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
