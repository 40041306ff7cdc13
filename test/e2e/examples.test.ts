// Every example under examples/ through the real Pulumi CLI against the emulators: the example's own
// Pulumi.yaml (read and validated by the CLI) and index.ts (loaded as the inline program), fed by
// stack config the way a user sets it. Each runs preview, up, a no-change preview, destroy, with
// the emulators' state asserted and canary tokens that must never appear in output or state.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { exampleProjectFile, loadExampleProgram } from "../../scripts/demo/example-program";
import { E2EStack, stepsByOp } from "./harness";
import { countWrites, Transcript } from "./lifecycle";
import { SNYK_ORG, startWorld } from "./world";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface SnykTargetsDump {
  targets: { displayName?: string; display_name?: string }[];
}

test("snyk-github: a GitHub org into Snyk, repositories by topic selector", async () => {
  const token = "ghp_CANARYexampleSnykGithub00000000000001";
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: [
      { name: "payments-api", topics: ["production"] },
      { name: "checkout-web", topics: ["production", "frontend"] },
      { name: "sandbox", topics: [] },
      { name: "legacy-billing", topics: ["production"], archived: true },
      { name: "payments-api-fork", topics: ["production"], fork: true },
    ],
    tokens: [{ value: token, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  cleanups.push(() => world.stop());
  const stack = await E2EStack.create({
    name: "snyk-github",
    projectFile: exampleProjectFile("snyk-github"),
    program: loadExampleProgram("snyk-github"),
    config: { ...world.config, snykOrgId: SNYK_ORG, githubOrg: "acme" },
    secrets: { ...world.secrets, githubToken: token },
    env: world.env,
  });
  cleanups.push(() => stack.dispose());
  const transcript = new Transcript();
  const targets = () => (world.platform.dump() as SnykTargetsDump).targets.map((t) => String(t.displayName ?? t.display_name)).sort();

  const preview = transcript.add(await stack.preview());
  assert.deepEqual(stepsByOp(preview.events).create, ["acme", "github", "scanned"]);
  assert.match(preview.stdout, /\+ acme\/payments-api\s*: "selector"/);
  assert.doesNotMatch(preview.stdout, /acme\/(sandbox|legacy-billing|payments-api-fork)\s*:/);

  const up = transcript.add(await stack.up());
  assert.deepEqual(up.outputs.repositories, ["acme/checkout-web", "acme/payments-api"]);
  assert.deepEqual(up.outputs.missingScopes, []);
  assert.deepEqual(targets(), ["acme/checkout-web", "acme/payments-api"]);

  const { result: again, scmWrites, platformWrites } = await countWrites(world, () => stack.preview({ expectNoChanges: true }));
  transcript.add(again);
  assert.equal(scmWrites + platformWrites, 0);

  transcript.add(await stack.destroy());
  assert.deepEqual(targets(), []);
  transcript.assertNoCanary(stack, [token, world.platformToken]);
});
