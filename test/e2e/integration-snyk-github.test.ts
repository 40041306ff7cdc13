// Integration + OrgConnection through the real Pulumi CLI: Snyk × GitHub cloud. One case, in steps:
// preview, up, a no-change preview with zero writes, token rotation (update, not replace), a token
// missing a scope, refresh after an out-of-band removal, destroy — with the emulators' state asserted
// after each step and canary tokens that must never appear in output, events or state.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  emulatorFingerprint,
  expectFailure,
  outputFingerprint,
  PlatformView,
  runScenario,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN_1 = "ghp_CANARYe2eSnykGithubToken000000000001";
const TOKEN_2 = "ghp_CANARYe2eSnykGithubToken000000000002";
const NARROW = "ghp_CANARYe2eSnykGithubToken00000000000n";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** The program's inputs: steps change them between operations. */
  program: { token: string };
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }],
    tokens: [
      { value: TOKEN_1, scopes: ["repo", "admin:org", "admin:repo_hook"] },
      { value: TOKEN_2, scopes: ["repo", "read:org", "admin:repo_hook"] },
      { value: NARROW, scopes: ["public_repo"] },
    ],
  });
  defer(() => world.stop());
  const program = { token: TOKEN_1 };
  const stack = await E2EStack.create({
    name: "snyk-github",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("snyk-github", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: program.token,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      return {
        integrationId: integration.integrationId,
        tokenScopes: integration.tokenScopes,
        excessScopes: integration.excessScopes,
        fingerprint: integration.tokenFingerprint,
        role: connection.role,
      };
    },
  });
  defer(() => stack.dispose());
  return { world, stack, view: new PlatformView(world), transcript: new Transcript(), program };
}

const steps: Step<Scenario>[] = [
  {
    name: "preview shows the endpoint and the scope findings, and creates nothing",
    run: async ({ world, stack, view, transcript }) => {
      const { result: preview, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(preview);
      assert.deepEqual(stepsByOp(preview.events).create, ["acme", "snyk-github"]);
      // Provider lines reach the CLI's stderr: a reviewer's terminal shows both streams.
      assert.match(
        preview.stdout + preview.stderr,
        /token of platform-bot; scopes: admin:org, admin:repo_hook, repo; missing: none; excess: admin:org/,
      );
      assert.ok((preview.stdout + preview.stderr).includes(world.scm.url), "the preview names the SCM API URL");
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(view.snykIntegrations(), []);
    },
  },
  {
    name: "up registers the integration with the token and proves the org",
    run: async ({ stack, view, transcript }) => {
      const up = transcript.add(await stack.up());
      const integrations = view.snykIntegrations();
      assert.equal(integrations.length, 1);
      assert.equal(integrations[0]!.id, up.outputs.integrationId);
      assert.equal(integrations[0]!.tokenSha256, emulatorFingerprint(TOKEN_1));
      assert.deepEqual(up.outputs.tokenScopes, ["admin:org", "admin:repo_hook", "repo"]);
      assert.deepEqual(up.outputs.excessScopes, ["admin:org"]);
      assert.equal(up.outputs.role, "admin");
    },
  },
  {
    name: "a second preview with nothing changed plans no change and writes nothing",
    run: async ({ world, stack, transcript }) => {
      const { result, scmWrites, platformWrites } = await countWrites(world, () =>
        stack.preview({ expectNoChanges: true }),
      );
      transcript.add(result);
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
    },
  },
  {
    name: "rotating the token is an update in place, not a replacement",
    run: async ({ stack, view, transcript, program }) => {
      program.token = TOKEN_2;
      const preview = transcript.add(await stack.preview());
      const steps = stepsByOp(preview.events);
      assert.ok(steps.update?.includes("snyk-github"), `steps: ${JSON.stringify(steps)}`);
      assert.equal(steps.replace, undefined);
      assert.equal(steps["create-replacement"], undefined);
      const idBefore = view.snykIntegrations()[0]!.id;
      const up = transcript.add(await stack.up());
      const integrations = view.snykIntegrations();
      assert.equal(integrations.length, 1);
      assert.equal(integrations[0]!.id, idBefore);
      assert.equal(integrations[0]!.tokenSha256, emulatorFingerprint(TOKEN_2));
      assert.equal(up.outputs.fingerprint, outputFingerprint(TOKEN_2));
    },
  },
  {
    name: "a token missing a scope fails the preview with the list of scopes",
    run: async ({ stack, transcript, program }) => {
      program.token = NARROW;
      try {
        const message = await expectFailure(() => stack.preview());
        transcript.addText(message);
        assert.match(message, /token: the token lacks scopes snyk needs for github: admin:repo_hook, read:org, repo/);
        assert.ok(!message.includes(NARROW), "the engine's failure message shows the token");
      } finally {
        program.token = TOKEN_2;
      }
    },
  },
  {
    name: "refresh notices an integration removed out of band, and up brings it back",
    run: async ({ stack, view, transcript }) => {
      await view.removeConnectionOutOfBand();
      const refresh = transcript.add(await stack.refresh());
      assert.match(refresh.stdout + refresh.stderr, /no longer exists on snyk/);
      assert.equal(
        stack.stateResources().some((r) => r.type.endsWith(":Integration")),
        false,
      );
      transcript.add(await stack.up());
      assert.equal(view.snykIntegrations().length, 1);
      assert.equal(view.snykIntegrations()[0]!.tokenSha256, emulatorFingerprint(TOKEN_2));
    },
  },
  {
    name: "destroy removes the credentials and no token ever reached output or state",
    run: async ({ world, stack, view, transcript }) => {
      transcript.add(await stack.destroy());
      assert.equal(view.snykIntegrations()[0]!.hasCredentials, false);
      transcript.assertNoCanary(stack, [TOKEN_1, TOKEN_2, NARROW, world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: Integration and OrgConnection from preview to destroy",
  () => runScenario(setUp, steps),
  E2E_CASE_TIMEOUT_MS,
);
