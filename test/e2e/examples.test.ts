// Every example under examples/ through the real Pulumi CLI against the emulators: the example's own
// Pulumi.yaml (read and validated by the CLI) and index.ts (loaded as the inline program), fed by
// stack config the way a user sets it. Each runs preview, up, a no-change preview and destroy, with
// the emulators' state asserted and canary tokens that must never appear in output or state. The
// examples are independent (own emulators, own backend), so they run concurrently.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { exampleProjectFile, examplesDir, loadExampleProgram } from "../../scripts/demo/example-program";
import { E2EStack, stepsByOp } from "../support/harness";
import { countWrites, expectFailure, githubListingStatuses, Transcript } from "../support/lifecycle";
import { capturedBlock, normalizePreview, replaceCapturedBlock } from "../../scripts/demo/preview-text";
import { makePrivateCa, startTlsFront } from "../support/tls-front";
import { addScm, SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World } from "../support/world";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface SnykDump {
  orgs: { id: string; integrations: { id: string; type: string; hasCredentials: boolean; tokenSha256?: string }[] }[];
  targets: { displayName?: string; display_name?: string }[];
}

interface SemgrepDump {
  projects: { name: string; managed_scan_config?: { full_scan: { enabled: boolean } } }[];
  configs: { id: number; namespace?: string; base_url?: string; baseUrl?: string }[];
}

const snykTargets = (world: World) =>
  (world.platform.dump() as SnykDump).targets.map((t) => String(t.displayName ?? t.display_name)).sort();
const snykIntegrations = (world: World) =>
  (world.platform.dump() as SnykDump).orgs.find((o) => o.id === SNYK_ORG)?.integrations ?? [];
const semgrepScanned = (world: World) =>
  (world.platform.dump() as SemgrepDump).projects
    .filter((p) => p.managed_scan_config?.full_scan.enabled)
    .map((p) => p.name)
    .sort();

async function exampleStack(
  example: string,
  world: World,
  config: Record<string, string>,
  secrets: Record<string, string>,
): Promise<E2EStack> {
  const stack = await E2EStack.create({
    name: example,
    projectFile: exampleProjectFile(example),
    program: loadExampleProgram(example),
    config: { ...world.config, ...config },
    secrets: { ...world.secrets, ...secrets },
    env: world.env,
  });
  cleanups.push(() => stack.dispose());
  return stack;
}

/**
 * The no-change preview every example must pass: nothing planned, nothing written anywhere, and every
 * GitHub repository page (each GitHub example resolves a selector) answered 304 from the ETags the
 * previous command kept.
 */
async function assertNoChanges(
  stack: E2EStack,
  transcript: Transcript,
  world: World,
  extra: World["scm"][] = [],
): Promise<void> {
  for (const host of extra) host.resetRequestStats();
  const { result, scmWrites, platformWrites } = await countWrites(world, () =>
    stack.preview({ expectNoChanges: true }),
  );
  transcript.add(result);
  assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
  assert.equal(scmWrites + platformWrites + extra.reduce((n, h) => n + h.requestStats().writes, 0), 0);
  const listing = [world.scm, ...extra].flatMap((host) => githubListingStatuses(host));
  if (world.spec.scm === "github" || world.spec.scm === "github-enterprise") {
    assert.ok(listing.length > 0, "the example's selector was resolved from a GitHub listing");
  }
  assert.deepEqual(
    listing.filter((status) => status !== 304),
    [],
    "a GitHub listing page was read again",
  );
}

const EXAMPLES = ["semgrep-self-hosted", "snyk-ghes-gitlab", "snyk-github", "token-rotation"];

// One example at a time: inline programs side by side in one process are not reliable (see
// integration-matrix.test.ts).
describe("examples", { concurrency: 1 }, () => {
  test("every example is complete, tested here, and type-checks with its tsconfig.json", () => {
    assert.deepEqual(fs.readdirSync(examplesDir).sort(), EXAMPLES, "a new example needs its test in this file");
    const options = (example: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(examplesDir, example, "tsconfig.json"), "utf8")) as {
          compilerOptions: unknown;
        }
      ).compilerOptions;
    for (const example of EXAMPLES) {
      for (const file of ["Pulumi.yaml", "index.ts", "README.md", "package.json", "tsconfig.json"]) {
        assert.ok(fs.existsSync(path.join(examplesDir, example, file)), `examples/${example}/${file} is missing`);
      }
      // Same options everywhere, so one compiler run over all the programs checks each as its own would.
      assert.deepEqual(options(example), options(EXAMPLES[0]!), `examples/${example}/tsconfig.json differs`);
    }
    // Inside the repository (.e2e-work is ignored), so the compiler finds node_modules/@types as in an example.
    fs.mkdirSync(path.join(examplesDir, "..", ".e2e-work"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(examplesDir, "..", ".e2e-work", "examples-tsc-"));
    try {
      const project = path.join(dir, "tsconfig.json");
      const files = EXAMPLES.map((example) => path.join(examplesDir, example, "index.ts"));
      fs.writeFileSync(
        project,
        JSON.stringify({ extends: path.join(examplesDir, EXAMPLES[0]!, "tsconfig.json"), files }),
      );
      const tsc = path.join(examplesDir, "..", "node_modules", "typescript", "bin", "tsc");
      const result = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
      assert.equal(result.status, 0, `the examples do not type-check:\n${result.stdout}${result.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("snyk-github: a GitHub org into Snyk, repositories chosen by topics, archived and forks left out", async () => {
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
    const stack = await exampleStack(
      "snyk-github",
      world,
      { snykOrgId: SNYK_ORG, githubOrg: "acme" },
      { githubToken: token },
    );
    const transcript = new Transcript();

    const preview = transcript.add(await stack.preview());
    assert.deepEqual(stepsByOp(preview.events).create, ["acme", "github", "scanned"]);
    // The topics default comes from the example's Pulumi.yaml, which the CLI applied.
    assert.match(preview.stdout, /acme\/payments-api: "selector"/);
    assert.match(preview.stdout, /acme\/checkout-web: "selector"/);
    assert.doesNotMatch(preview.stdout, /acme\/(sandbox|legacy-billing|payments-api-fork): /);
    assert.deepEqual(snykTargets(world), []);

    const up = transcript.add(await stack.up());
    assert.deepEqual(up.outputs.repositories, ["acme/checkout-web", "acme/payments-api"]);
    assert.deepEqual(up.outputs.missingScopes, []);
    assert.equal(up.outputs.role, "admin");
    assert.deepEqual(snykTargets(world), ["acme/checkout-web", "acme/payments-api"]);

    await assertNoChanges(stack, transcript, world);

    transcript.add(await stack.destroy());
    assert.deepEqual(snykTargets(world), []);
    assert.equal(snykIntegrations(world)[0]?.hasCredentials, false);
    transcript.assertNoCanary(stack, [token, world.platformToken]);
  });

  test("snyk-ghes-gitlab: GHES and GitLab Self-Managed over https with a private CA, into one Snyk org", async () => {
    const ghesToken = "ghp_CANARYexampleGhesPrivateCa0000000001";
    const gitlabToken = "glpat-CANARYexampleGitlabPrivCa01";
    const ca = makePrivateCa();
    const world = await startWorld({
      scm: "github-enterprise",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "core-banking" }, { name: "ledger" }],
      tokens: [{ value: ghesToken, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    });
    cleanups.push(() => world.stop());
    const front = async (url: string) => {
      const tls = await startTlsFront(ca, url);
      cleanups.push(() => tls.stop());
      return tls.url;
    };
    const ghesUrl = await front(world.scm.url);
    const gitlab = await addScm(
      world,
      {
        scm: "gitlab-self-managed",
        organization: "acme-platform",
        repositories: [{ name: "deploy-tools" }, { name: "infra/terraform-modules" }, { name: "sandbox/try-me" }],
        tokens: [{ value: gitlabToken, scopes: ["api"] }],
      },
      front,
    );
    cleanups.push(() => gitlab.stop());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-ca-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const caFile = path.join(dir, "ca.pem");
    const otherCaFile = path.join(dir, "other-ca.pem");
    fs.writeFileSync(caFile, ca.caPem);
    fs.writeFileSync(otherCaFile, makePrivateCa().caPem);
    const stack = await exampleStack(
      "snyk-ghes-gitlab",
      world,
      {
        snykOrgId: SNYK_ORG,
        ghesUrl,
        ghesOrg: "acme",
        gitlabUrl: gitlab.baseUrl!,
        gitlabGroup: "acme-platform",
        caCertificateFile: otherCaFile,
      },
      { ghesToken, gitlabToken },
    );
    const transcript = new Transcript();
    assert.match(ghesUrl, /^https:\/\/127\.0\.0\.1:/);

    // The servers' certificates are not signed by the CA given: refused, and the fix names caCertificate.
    const refused = await expectFailure(() => stack.preview());
    transcript.addText(refused);
    assert.match(refused, /caCertificate/);

    await stack.stack.setConfig("caCertificateFile", { value: caFile });
    const preview = transcript.add(await stack.preview());
    assert.deepEqual(stepsByOp(preview.events).create, [
      "ghes",
      "ghes-org",
      "ghes-repositories",
      "gitlab",
      "gitlab-group",
      "gitlab-projects",
    ]);
    assert.match(preview.stdout + preview.stderr, /server 3\.19\.0/);
    assert.match(preview.stdout + preview.stderr, /server 18\.2\.0/);
    assert.match(preview.stdout, /acme-platform\/infra\/terraform-modules: "selector"/);
    assert.doesNotMatch(preview.stdout, /acme-platform\/sandbox\/try-me: /);

    const up = transcript.add(await stack.up());
    assert.deepEqual(up.outputs.ghesRepositories, ["acme/core-banking", "acme/ledger"]);
    assert.deepEqual(up.outputs.gitlabProjects, [
      "acme-platform/deploy-tools",
      "acme-platform/infra/terraform-modules",
    ]);
    assert.deepEqual(
      snykIntegrations(world)
        .map((i) => i.type)
        .sort(),
      ["github-enterprise", "gitlab"],
    );
    assert.deepEqual(snykTargets(world), [
      "acme-platform/deploy-tools",
      "acme-platform/infra/terraform-modules",
      "acme/core-banking",
      "acme/ledger",
    ]);
    // Every SCM request went through the https fronts: the emulators saw them, over TLS.
    assert.ok(world.scm.requestStats().total > 0 && gitlab.scm.requestStats().total > 0);

    await assertNoChanges(stack, transcript, world, [gitlab.scm]);

    transcript.add(await stack.destroy());
    assert.deepEqual(snykTargets(world), []);
    transcript.assertNoCanary(stack, [ghesToken, gitlabToken, world.platformToken]);
  });

  test("semgrep-self-hosted: Semgrep with GHES and GitLab Self-Managed, repositories onboarded", async () => {
    const ghesToken = "ghp_CANARYexampleSemgrepGhes000000000001";
    const gitlabToken = "glpat-CANARYexampleSemgrepGl0001";
    const world = await startWorld({
      scm: "github-enterprise",
      platform: "semgrep",
      organization: "acme",
      // Semgrep asks for public_repo on GHES, not repo: such a token sees public repositories only.
      repositories: [
        { name: "api", visibility: "public" },
        { name: "web", visibility: "public" },
        { name: "secret-sauce", visibility: "private" },
      ],
      tokens: [{ value: ghesToken, scopes: ["public_repo", "repo:status", "user:email", "write:discussion"] }],
    });
    cleanups.push(() => world.stop());
    const gitlab = await addScm(world, {
      scm: "gitlab-self-managed",
      organization: "acme-gl",
      repositories: [{ name: "mobile-app" }, { name: "data/pipelines" }, { name: "experiments" }],
      tokens: [{ value: gitlabToken, scopes: ["api"] }],
    });
    cleanups.push(() => gitlab.stop());
    const stack = await exampleStack(
      "semgrep-self-hosted",
      world,
      {
        semgrepDeployment: SEMGREP_DEPLOYMENT.slug,
        ghesUrl: world.baseUrl!,
        ghesOrg: "acme",
        gitlabUrl: gitlab.baseUrl!,
        gitlabGroup: "acme-gl",
      },
      { ghesToken, gitlabToken },
    );
    // A typed array in Pulumi.yaml is set element by element, as a user does with `pulumi config set --path`.
    await stack.stack.setConfig("gitlabProjects[0]", { value: "acme-gl/mobile-app" }, true);
    await stack.stack.setConfig("gitlabProjects[1]", { value: "acme-gl/data/pipelines" }, true);
    const transcript = new Transcript();

    const preview = transcript.add(await stack.preview());
    assert.deepEqual(stepsByOp(preview.events).create, [
      "ghes",
      "ghes-org",
      "ghes-repositories",
      "gitlab",
      "gitlab-group",
      "gitlab-projects",
    ]);
    assert.match(preview.stdout, /acme\/web: "selector"/);
    assert.doesNotMatch(preview.stdout, /acme\/secret-sauce/);
    assert.deepEqual(semgrepScanned(world), []);

    const up = transcript.add(await stack.up());
    assert.deepEqual(up.outputs.ghesRepositories, ["acme/api", "acme/web"]);
    assert.deepEqual(up.outputs.gitlabProjects, ["acme-gl/data/pipelines", "acme-gl/mobile-app"]);
    assert.equal((up.outputs.ghesCheck as { ok: boolean }).ok, true);
    assert.equal((up.outputs.gitlabCheck as { ok: boolean }).ok, true);
    assert.deepEqual(semgrepScanned(world), ["acme-gl/data/pipelines", "acme-gl/mobile-app", "acme/api", "acme/web"]);

    await assertNoChanges(stack, transcript, world, [gitlab.scm]);

    transcript.add(await stack.destroy());
    assert.deepEqual(semgrepScanned(world), []);
    assert.deepEqual((world.platform.dump() as SemgrepDump).configs, []);
    transcript.assertNoCanary(stack, [ghesToken, gitlabToken, world.platformToken]);
  });

  test("token-rotation: a new token is an update in place; the README shows the preview a reviewer sees", async () => {
    const day = 86_400_000;
    const oldToken = "glpat-CANARYexampleRotationOld001";
    const newToken = "glpat-CANARYexampleRotationNew001";
    const world = await startWorld({
      scm: "gitlab",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [
        { value: oldToken, scopes: ["api"], expiresAt: new Date(Date.now() + 6 * day).toISOString() },
        { value: newToken, scopes: ["api"], expiresAt: new Date(Date.now() + 180 * day).toISOString() },
      ],
    });
    cleanups.push(() => world.stop());
    const stack = await exampleStack(
      "token-rotation",
      world,
      { snykOrgId: SNYK_ORG, gitlabGroup: "acme" },
      { gitlabToken: oldToken },
    );
    const transcript = new Transcript();

    transcript.add(await stack.preview());
    const first = transcript.add(await stack.up());
    assert.match(JSON.stringify(first.outputs.warnings), /the token expires on .*in (5|6) days/);
    const integrationId = first.outputs.integrationId;

    await stack.stack.setConfig("gitlabToken", { value: newToken, secret: true });
    const rotation = transcript.add(await stack.preview());
    const steps = stepsByOp(rotation.events);
    assert.deepEqual(steps.update, ["gitlab", "group"]);
    assert.equal(steps.replace, undefined);
    assert.match(rotation.stdout, /~ token\s*: \[secret\] => \[secret\]/);

    // The README's "preview a reviewer sees" is this output; SCM_EXAMPLES_UPDATE=1 rewrites it.
    const readme = path.join(examplesDir, "token-rotation", "README.md");
    const shown = normalizePreview(rotation.stdout);
    if (process.env.SCM_EXAMPLES_UPDATE === "1")
      fs.writeFileSync(readme, replaceCapturedBlock(fs.readFileSync(readme, "utf8"), "rotation-preview", shown));
    assert.equal(
      capturedBlock(fs.readFileSync(readme, "utf8"), "rotation-preview"),
      shown,
      "examples/token-rotation/README.md shows a different preview (rerun with SCM_EXAMPLES_UPDATE=1)",
    );

    const up = transcript.add(await stack.up());
    assert.equal(up.outputs.integrationId, integrationId, "the integration kept its id");
    assert.notEqual(up.outputs.tokenFingerprint, first.outputs.tokenFingerprint);
    assert.deepEqual(up.outputs.warnings, []);
    assert.equal(snykIntegrations(world).length, 1);

    await assertNoChanges(stack, transcript, world);

    transcript.add(await stack.destroy());
    transcript.assertNoCanary(stack, [oldToken, newToken, world.platformToken]);
  });
});
