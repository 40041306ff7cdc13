// A removal whose DELETE keeps failing, through the real Pulumi CLI (Snyk × GitHub): the `up` fails
// naming it, the import stays owned in the state, refresh and the next preview report it, and the next
// `up` (the platform answering again) removes it. Every step asserts Snyk's targets.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import { expectFailure, PlatformView, runScenario, Transcript, type Defer, type Step } from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eFailedRemoval00000000001";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  desired: string[];
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }, { name: "worker" }],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const scenario = { world, view: new PlatformView(world), transcript: new Transcript(), desired: [] as string[] };
  scenario.desired = ["acme/api", "acme/web", "acme/worker"];
  const stack = await E2EStack.create({
    name: "failed-removal",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("platform", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: TOKEN,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const imports = new RepositoryImport("scanned", { connection, repositories: scenario.desired, mode: "additive" });
      return { owned: imports.owned };
    },
  });
  defer(() => stack.dispose());
  return { ...scenario, stack };
}

const owned = (stack: E2EStack) => stack.stateOutputs("RepositoryImport")?.owned as string[] | undefined;

const steps: Step<Scenario>[] = [
  {
    name: "up imports api, web and worker",
    run: async ({ stack, view, transcript }) => {
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), ["acme/api", "acme/web", "acme/worker"]);
    },
  },
  {
    name: "only api desired, the DELETE of worker's target failing every time: up fails naming worker; worker stays owned",
    run: async (s) => {
      s.desired.splice(0, s.desired.length, "acme/api");
      const worker = s.view.scannedIds()["acme/worker"]!;
      s.world.platform.addFault({
        kind: "status",
        status: 502,
        match: { method: "DELETE", pathRegex: `/targets/${worker}$` },
        count: 1000,
      });
      const message = await expectFailure(() => s.stack.up());
      s.transcript.addText(message);
      assert.match(message, /acme\/worker \(not removed \(id [\w-]+\): /);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/worker"], "web goes, worker stays on Snyk");
      assert.deepEqual(owned(s.stack), ["acme/api", "acme/worker"], "a failed removal must stay owned");
    },
  },
  {
    name: "refresh and the next preview name worker as still to remove; nothing changes at Snyk",
    run: async (s) => {
      const refresh = s.transcript.add(await s.stack.refresh());
      assert.match(
        refresh.stdout + refresh.stderr,
        /1 imports this resource owns are no longer desired but still on the platform .*the next pulumi up removes them: acme\/worker/,
      );
      const preview = s.transcript.add(await s.stack.preview());
      assert.match(preview.stdout + preview.stderr, /to remove: acme\/worker/);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/worker"]);
    },
  },
  {
    name: "with Snyk answering again, the next up removes worker; the preview after it shows no changes",
    run: async (s) => {
      s.world.platform.clearFaults();
      s.transcript.add(await s.stack.up());
      assert.deepEqual(s.view.scanned(), ["acme/api"]);
      assert.deepEqual(owned(s.stack), ["acme/api"]);
      s.transcript.add(await s.stack.preview({ expectNoChanges: true }));
      s.transcript.assertNoCanary(s.stack, [TOKEN, s.world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: a removal that keeps failing stays owned, is reported, and the next up removes it",
  () => runScenario(setUp, steps),
  E2E_CASE_TIMEOUT_MS,
);
