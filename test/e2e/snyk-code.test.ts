// SnykCodeSettings through the real Pulumi CLI, beside an import into the same Snyk org (Snyk × GitHub
// Enterprise Server). One case, in steps: a preview of an import into an org with Snyk Code off warns;
// declaring SnykCodeSettings, up turns Snyk Code on (emulator state asserted); a no-change preview
// writes nothing; a change made out of band is reported by refresh and set back by up; destroy gives
// the org back the value it had; canary tokens never reach output or state.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport, SnykCodeSettings } from "../../sdk";
import { snykCodeOf } from "../emulators/snyk/sast-routes";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import { countWrites, PlatformView, runScenario, Transcript, type Defer, type Step } from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eSnykCodeSettings0000000001";

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** The program's shape: steps change it between operations. */
  program: { snykCode: boolean };
}

const snykCodeEnabled = (view: PlatformView) => snykCodeOf(view.snyk).get(SNYK_ORG).enabled;
const sastPatches = (world: World) =>
  world.platform.requestStats().byRoute["PATCH /rest/orgs/:orgId/settings/sast"] ?? 0;

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  defer(() => world.stop());
  const program = { snykCode: false };
  const stack = await E2EStack.create({
    name: "snyk-code",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const snykCode = program.snykCode
        ? new SnykCodeSettings("snyk-code", { platformOrg: SNYK_ORG, enabled: true })
        : undefined;
      const integration = new Integration("ghes", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github-enterprise",
        baseUrl: world.baseUrl!,
        token: TOKEN,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      // The import waits for the setting, so its preview knows this program turns Snyk Code on.
      new RepositoryImport(
        "acme-repos",
        { connection, repositories: ["acme/api"], branch: "main" },
        snykCode ? { dependsOn: [snykCode] } : {},
      );
      return snykCode ? { enabled: snykCode.enabled, enabledBefore: snykCode.enabledBefore } : {};
    },
  });
  defer(() => stack.dispose());
  return { world, stack, view: new PlatformView(world), transcript: new Transcript(), program };
}

const steps: Step<Scenario>[] = [
  {
    name: "the preview of an import into an org with Snyk Code off warns, once",
    run: async ({ world, stack, view, transcript }) => {
      const { result: preview, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(preview);
      const text = preview.stdout + preview.stderr;
      const warnings =
        text.match(/Snyk Code is off in Snyk org \S+: the imported repositories get no Snyk Code/g) ?? [];
      assert.equal(warnings.length, 1, text);
      assert.match(text, /\[RepositoryImport acme-repos\] warning: Snyk Code is off in Snyk org/);
      assert.equal(platformWrites, 0);
      assert.equal(snykCodeEnabled(view), false);
    },
  },
  {
    name: "declaring SnykCodeSettings: the preview says what up changes, and up turns Snyk Code on",
    run: async ({ world, stack, view, transcript, program }) => {
      program.snykCode = true;
      const { result: preview, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(preview);
      assert.ok(stepsByOp(preview.events).create?.includes("snyk-code"));
      assert.match(
        preview.stdout + preview.stderr,
        /Snyk Code is off in Snyk org \S+; up turns it on \(destroy turns it off again\)/,
      );
      assert.equal(platformWrites, 0);
      const up = transcript.add(await stack.up());
      assert.equal(snykCodeEnabled(view), true);
      assert.equal(up.outputs.enabled, true);
      assert.equal(up.outputs.enabledBefore, false);
      assert.equal(view.scanned().length, 1, "the import went ahead");
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
      assert.ok(!/Snyk Code is off/.test(result.stdout + result.stderr));
    },
  },
  {
    name: "refresh reports Snyk Code turned off out of band, and up turns it on again",
    run: async ({ world, stack, view, transcript }) => {
      snykCodeOf(view.snyk).set(SNYK_ORG, false);
      const refresh = transcript.add(await stack.refresh());
      assert.match(
        refresh.stdout + refresh.stderr,
        /drift: Snyk Code is off in Snyk org \S+, but this resource set it on: changed out of band/,
      );
      const recorded = stack.stateResources().find((r) => r.type.endsWith(":SnykCodeSettings"));
      assert.equal(recorded?.outputs?.enabled, false, "refresh records the value the org has");
      assert.equal(recorded?.inputs?.enabled, false);
      const preview = transcript.add(await stack.preview());
      assert.ok(stepsByOp(preview.events).update?.includes("snyk-code"));
      world.platform.resetRequestStats();
      const up = transcript.add(await stack.up());
      assert.equal(snykCodeEnabled(view), true);
      assert.equal(sastPatches(world), 1);
      assert.equal(up.outputs.enabledBefore, false, "the value found before the first change is kept");
    },
  },
  {
    name: "destroy gives the org back Snyk Code off, and no token ever reached output or state",
    run: async ({ world, stack, view, transcript }) => {
      const destroy = transcript.add(await stack.destroy());
      assert.equal(snykCodeEnabled(view), false);
      assert.match(destroy.stdout + destroy.stderr, /gave Snyk org \S+ back its earlier Snyk Code setting: off/);
      transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
    },
  },
];

test(
  "Snyk Code: SnykCodeSettings and an import into its org, from preview to destroy",
  () => runScenario(setUp, steps),
  E2E_CASE_TIMEOUT_MS,
);
