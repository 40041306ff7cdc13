// OrgConnection `manageMembership: true` on Semgrep through the real Pulumi CLI, checked against the SCM
// Semgrep says the deployment signs in with (Semgrep × GitLab Self-Managed). One case, in steps: while the
// deployment signs in with GitHub (connected elsewhere: another stack, the UI), the preview fails naming
// that sign-in SCM and nothing is written; once it signs in with this GitLab, preview and up go ahead;
// destroy removes the config; canary tokens never reach output or state.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  PlatformView,
  runScenario,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { startWorld, type World } from "../support/world";

const TOKEN = "glpat-CANARYe2eLoginScm00000001";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "gitlab-self-managed",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: TOKEN, scopes: ["api"], semgrepScopes: { readMetadata: true, readContents: true } }],
  });
  defer(() => world.stop());
  const stack = await E2EStack.create({
    name: "semgrep-login-scm",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("gitlab", {
        platform: "semgrep",
        platformOrg: world.platformOrg,
        scm: "gitlab-self-managed",
        baseUrl: world.baseUrl!,
        token: TOKEN,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme", manageMembership: true });
      return { connectionId: connection.connectionId };
    },
  });
  defer(() => stack.dispose());
  return { world, stack, view: new PlatformView(world), transcript: new Transcript() };
}

const steps: Step<Scenario>[] = [
  {
    name: "while the deployment signs in with GitHub, the preview fails naming it and nothing is written",
    run: async ({ world, stack, view, transcript }) => {
      view.semgrep.seed.ssoProviders = [{ name: "github", type: "SSO_TYPE_GITHUB", displayName: "GitHub" }];
      let message = "";
      const { platformWrites } = await countWrites(world, async () => {
        message = await expectFailure(() => stack.preview());
      });
      transcript.addText(message);
      assert.match(
        message,
        /manageMembership.*Semgrep deployment "acme" signs in with GitHub at https:\/\/github\.com \(Semgrep sign-in provider "GitHub"\), and Semgrep lets only that SCM manage the organization's membership/,
      );
      assert.match(message, /Fix: leave manageMembership unset or false here/);
      // Config searches are POSTs that only read.
      const searches =
        world.platform.requestStats().byRoute["POST /api/scm/deployments/:deploymentId/configs/search"] ?? 0;
      assert.equal(platformWrites - searches, 0);
      assert.deepEqual(view.semgrepConfigs(), []);
    },
  },
  {
    name: "once it signs in with this GitLab, preview and up go ahead",
    run: async ({ world, stack, view, transcript }) => {
      view.semgrep.seed.ssoProviders = [
        { name: "gitlab", type: "SSO_TYPE_GITLAB", displayName: "Acme GitLab", baseUrl: world.baseUrl! },
      ];
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).create, ["acme", "gitlab"]);
      assert.match(preview.stdout + preview.stderr, /signs in with GitLab at .*"Acme GitLab"\), this connection's SCM/);
      transcript.add(await stack.up());
      assert.equal(view.semgrepConfigs().length, 1);
    },
  },
  {
    name: "destroy removes the config, and no token ever reached output or state",
    run: async ({ world, stack, view, transcript }) => {
      transcript.add(await stack.destroy());
      assert.deepEqual(view.semgrepConfigs(), []);
      transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
    },
  },
];

test(
  "Semgrep: manageMembership checked against the SCM the deployment signs in with",
  () => runScenario(setUp, steps),
  E2E_CASE_TIMEOUT_MS,
);
