// Every example under examples/ through the real Pulumi CLI against the emulators: the example's own
// Pulumi.yaml (read and validated by the CLI) and index.ts (loaded as the inline program), fed by
// stack config the way a user sets it. Each example is one case: preview, up, a no-change preview and
// destroy as its steps, with the emulators' state asserted and canary tokens that must never appear
// in output or state. One example at a time: inline programs side by side in one process are not
// reliable (see integration-matrix.test.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "@jest/globals";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { capturedBlock, normalizePreview, replaceCapturedBlock } from "../../scripts/demo/preview-text";
import { E2E_CASE_TIMEOUT_MS, E2EStack, repoRoot, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  githubListingStatuses,
  PlatformView,
  runScenario,
  runSteps,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { snykCodeOf } from "../emulators/snyk/sast-routes";
import type { GitHubEmulator } from "../emulators/github/emulator";
import type { GitLabEmulator } from "../emulators/gitlab/emulator";
import { makePrivateCa, startTlsFront } from "../support/tls-front";
import { addScm, SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type ExtraScm, type World } from "../support/world";

const examplesDir = path.join(repoRoot, "examples");
const EXAMPLES = [
  "semgrep-ci-job",
  "semgrep-self-hosted",
  "snyk-code",
  "snyk-ghes-gitlab",
  "snyk-github",
  "token-rotation",
];

/**
 * The example's program: what `export =` (or a default export) of its index.ts gives. Jest compiles
 * the file as it compiles the tests (scripts/demo/example-program.ts does the same for the compiled
 * demo, with ts-node, and finds examples/ from build/).
 */
function exampleProgram(name: string): PulumiFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is chosen at run time, like Pulumi's own runner does
  const loaded = require(path.join(examplesDir, name, "index.ts")) as PulumiFn | { default?: PulumiFn };
  const program = typeof loaded === "function" ? loaded : loaded.default;
  if (typeof program !== "function") {
    throw new Error(`examples/${name}/index.ts must \`export =\` (or default-export) a function returning the outputs`);
  }
  return program;
}

interface Example {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** Other SCMs the example connects (their listings count in the no-change preview). */
  extra: ExtraScm[];
}

async function exampleStack(
  defer: Defer,
  example: string,
  world: World,
  config: Record<string, string>,
  secrets: Record<string, string>,
): Promise<E2EStack> {
  const stack = await E2EStack.create({
    name: example,
    projectFile: path.join(examplesDir, example, "Pulumi.yaml"),
    program: exampleProgram(example),
    config: { ...world.config, ...config },
    secrets: { ...world.secrets, ...secrets },
    env: world.env,
  });
  defer(() => stack.dispose());
  return stack;
}

/** Start a world, stopped when the case ends. */
async function startWorldFor(defer: Defer, spec: Parameters<typeof startWorld>[0]): Promise<World> {
  const world = await startWorld(spec);
  defer(() => world.stop());
  return world;
}

/**
 * The no-change preview every example must pass: nothing planned, nothing written anywhere, and every
 * GitHub repository page (each GitHub example resolves a selector) answered 304 from the ETags the
 * previous command kept.
 */
const noChanges: Step<Example> = {
  name: "a second preview plans nothing, writes nothing, and every GitHub listing page is answered 304",
  run: async ({ world, stack, transcript, extra }) => {
    const hosts = extra.map((e) => e.scm);
    for (const host of hosts) host.resetRequestStats();
    const { result, scmWrites, platformWrites } = await countWrites(world, () =>
      stack.preview({ expectNoChanges: true }),
    );
    transcript.add(result);
    assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
    assert.equal(scmWrites + platformWrites + hosts.reduce((n, h) => n + h.requestStats().writes, 0), 0);
    const listing = [world.scm, ...hosts].flatMap((host) => githubListingStatuses(host));
    if (world.spec.scm === "github" || world.spec.scm === "github-enterprise") {
      assert.ok(listing.length > 0, "the example's selector was resolved from a GitHub listing");
    }
    assert.deepEqual(
      listing.filter((status) => status !== 304),
      [],
      "a GitHub listing page was read again",
    );
  },
};

test(
  "every example is complete, tested here, and type-checks with its tsconfig.json",
  () =>
    runSteps(undefined, [
      {
        name: "each example has its files, the same compiler options as the others, and a case in this file",
        run: () => {
          // Spread: fs hands back an array of the host's realm, which deepEqual tells from a literal's.
          assert.deepEqual(
            // TypeScript examples (an index.ts); the YAML and Go ones run on the native plugin (native-*.test.ts).
            [...fs.readdirSync(examplesDir)]
              .filter((name) => fs.existsSync(path.join(examplesDir, name, "index.ts")))
              .sort(),
            EXAMPLES,
            "a new example needs its test in this file",
          );
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
        },
      },
      {
        name: "the example programs type-check",
        run: () => {
          // Inside the repository (.e2e-work is ignored), so the compiler finds node_modules/@types as in an example.
          fs.mkdirSync(path.join(repoRoot, ".e2e-work"), { recursive: true });
          const dir = fs.mkdtempSync(path.join(repoRoot, ".e2e-work", "examples-tsc-"));
          try {
            const project = path.join(dir, "tsconfig.json");
            const files = EXAMPLES.map((example) => path.join(examplesDir, example, "index.ts"));
            fs.writeFileSync(
              project,
              JSON.stringify({ extends: path.join(examplesDir, EXAMPLES[0]!, "tsconfig.json"), files }),
            );
            const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
            const result = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
            assert.equal(result.status, 0, `the examples do not type-check:\n${result.stdout}${result.stderr}`);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      },
    ]),
  E2E_CASE_TIMEOUT_MS,
);

// ---- snyk-github ----

const SNYK_GITHUB_TOKEN = "ghp_CANARYexampleSnykGithub00000000000001";

test(
  "snyk-github: a GitHub org into Snyk, repositories chosen by topics, archived and forks left out",
  () =>
    runScenario(
      async (defer): Promise<Example> => {
        const world = await startWorldFor(defer, {
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
          tokens: [{ value: SNYK_GITHUB_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
        });
        const stack = await exampleStack(
          defer,
          "snyk-github",
          world,
          { snykOrgId: SNYK_ORG, githubOrg: "acme" },
          { githubToken: SNYK_GITHUB_TOKEN },
        );
        return { world, stack, view: new PlatformView(world), transcript: new Transcript(), extra: [] };
      },
      [
        {
          name: "preview picks the repositories with the Pulumi.yaml's default topics, not the archived or the fork",
          run: async ({ stack, view, transcript }) => {
            const preview = transcript.add(await stack.preview());
            assert.deepEqual(stepsByOp(preview.events).create, ["acme", "github", "scanned"]);
            // The topics default comes from the example's Pulumi.yaml, which the CLI applied.
            assert.match(preview.stdout, /acme\/payments-api: "selector"/);
            assert.match(preview.stdout, /acme\/checkout-web: "selector"/);
            assert.doesNotMatch(preview.stdout, /acme\/(sandbox|legacy-billing|payments-api-fork): /);
            assert.deepEqual(view.scanned(), []);
          },
        },
        {
          name: "up imports them",
          run: async ({ stack, view, transcript }) => {
            const up = transcript.add(await stack.up());
            assert.deepEqual(up.outputs.repositories, ["acme/checkout-web", "acme/payments-api"]);
            assert.deepEqual(up.outputs.missingScopes, []);
            assert.equal(up.outputs.role, "admin");
            assert.deepEqual(view.scanned(), ["acme/checkout-web", "acme/payments-api"]);
          },
        },
        noChanges,
        {
          name: "destroy removes the imports and the credentials, and no token leaked",
          run: async ({ world, stack, view, transcript }) => {
            transcript.add(await stack.destroy());
            assert.deepEqual(view.scanned(), []);
            assert.equal(view.snykIntegrations()[0]?.hasCredentials, false);
            transcript.assertNoCanary(stack, [SNYK_GITHUB_TOKEN, world.platformToken]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- snyk-ghes-gitlab ----

const GHES_TOKEN = "ghp_CANARYexampleGhesPrivateCa0000000001";
const GITLAB_TOKEN = "glpat-CANARYexampleGitlabPrivCa01";

interface PrivateCaExample extends Example {
  ghesUrl: string;
  gitlab: ExtraScm;
  /** The CA that signed the servers' certificates, and one that did not. */
  caFile: string;
  otherCaFile: string;
}

test(
  "snyk-ghes-gitlab: GHES and GitLab Self-Managed over https with a private CA, into one Snyk org",
  () =>
    runScenario(
      async (defer): Promise<PrivateCaExample> => {
        const ca = makePrivateCa();
        const world = await startWorldFor(defer, {
          scm: "github-enterprise",
          platform: "snyk",
          organization: "acme",
          repositories: [{ name: "core-banking" }, { name: "ledger" }],
          tokens: [{ value: GHES_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
        });
        const front = async (url: string) => {
          const tls = await startTlsFront(ca, url);
          defer(() => tls.stop());
          return tls.url;
        };
        const ghesUrl = await front(world.scm.url);
        const gitlab = await addScm(
          world,
          {
            scm: "gitlab-self-managed",
            organization: "acme-platform",
            repositories: [{ name: "deploy-tools" }, { name: "infra/terraform-modules" }, { name: "sandbox/try-me" }],
            tokens: [{ value: GITLAB_TOKEN, scopes: ["api"] }],
          },
          front,
        );
        defer(() => gitlab.stop());
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-ca-"));
        defer(() => fs.rmSync(dir, { recursive: true, force: true }));
        const caFile = path.join(dir, "ca.pem");
        const otherCaFile = path.join(dir, "other-ca.pem");
        fs.writeFileSync(caFile, ca.caPem);
        fs.writeFileSync(otherCaFile, makePrivateCa().caPem);
        const stack = await exampleStack(
          defer,
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
          { ghesToken: GHES_TOKEN, gitlabToken: GITLAB_TOKEN },
        );
        return {
          world,
          stack,
          view: new PlatformView(world),
          transcript: new Transcript(),
          extra: [gitlab],
          ghesUrl,
          gitlab,
          caFile,
          otherCaFile,
        };
      },
      [
        {
          name: "with a CA that did not sign the servers' certificates the preview is refused, naming caCertificate",
          run: async ({ stack, transcript, ghesUrl }) => {
            assert.match(ghesUrl, /^https:\/\/127\.0\.0\.1:/);
            const refused = await expectFailure(() => stack.preview());
            transcript.addText(refused);
            assert.match(refused, /caCertificate/);
          },
        },
        {
          name: "with the right CA the preview reaches both servers over https and resolves both selectors",
          run: async ({ stack, transcript, caFile }) => {
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
          },
        },
        {
          name: "up registers both integrations in the one Snyk org and imports both SCMs' repositories",
          run: async ({ world, stack, view, transcript, gitlab }) => {
            const up = transcript.add(await stack.up());
            assert.deepEqual(up.outputs.ghesRepositories, ["acme/core-banking", "acme/ledger"]);
            assert.deepEqual(up.outputs.gitlabProjects, [
              "acme-platform/deploy-tools",
              "acme-platform/infra/terraform-modules",
            ]);
            assert.deepEqual(
              view
                .snykIntegrations()
                .map((i) => i.type)
                .sort(),
              ["github-enterprise", "gitlab"],
            );
            assert.deepEqual(view.scanned(), [
              "acme-platform/deploy-tools",
              "acme-platform/infra/terraform-modules",
              "acme/core-banking",
              "acme/ledger",
            ]);
            // Every SCM request went through the https fronts: the emulators saw them, over TLS.
            assert.ok(world.scm.requestStats().total > 0 && gitlab.scm.requestStats().total > 0);
          },
        },
        noChanges,
        {
          name: "destroy removes every import, and no token leaked",
          run: async ({ world, stack, view, transcript }) => {
            transcript.add(await stack.destroy());
            assert.deepEqual(view.scanned(), []);
            transcript.assertNoCanary(stack, [GHES_TOKEN, GITLAB_TOKEN, world.platformToken]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- semgrep-self-hosted ----

const SEMGREP_GHES_TOKEN = "ghp_CANARYexampleSemgrepGhes000000000001";
const SEMGREP_GITLAB_TOKEN = "glpat-CANARYexampleSemgrepGl0001";

test(
  "semgrep-self-hosted: Semgrep with GHES and GitLab Self-Managed, repositories onboarded",
  () =>
    runScenario(
      async (defer): Promise<Example> => {
        const world = await startWorldFor(defer, {
          scm: "github-enterprise",
          platform: "semgrep",
          organization: "acme",
          // On GHES 3.19 the token needs repo (public_repo cannot read private code) and user:email, and no
          // write:discussion (gone from GHES 3.10): it sees the private repository too.
          repositories: [
            { name: "api", visibility: "public" },
            { name: "web", visibility: "public" },
            { name: "secret-sauce", visibility: "private" },
          ],
          tokens: [{ value: SEMGREP_GHES_TOKEN, scopes: ["repo", "user:email"] }],
        });
        const gitlab = await addScm(world, {
          scm: "gitlab-self-managed",
          organization: "acme-gl",
          repositories: [{ name: "mobile-app" }, { name: "data/pipelines" }, { name: "experiments" }],
          tokens: [{ value: SEMGREP_GITLAB_TOKEN, scopes: ["api"] }],
        });
        defer(() => gitlab.stop());
        const stack = await exampleStack(
          defer,
          "semgrep-self-hosted",
          world,
          {
            semgrepDeployment: SEMGREP_DEPLOYMENT.slug,
            ghesUrl: world.baseUrl!,
            ghesOrg: "acme",
            gitlabUrl: gitlab.baseUrl!,
            gitlabGroup: "acme-gl",
          },
          { ghesToken: SEMGREP_GHES_TOKEN, gitlabToken: SEMGREP_GITLAB_TOKEN },
        );
        // A typed array in Pulumi.yaml is set element by element, as a user does with `pulumi config set --path`.
        await stack.stack.setConfig("gitlabProjects[0]", { value: "acme-gl/mobile-app" }, true);
        await stack.stack.setConfig("gitlabProjects[1]", { value: "acme-gl/data/pipelines" }, true);
        return { world, stack, view: new PlatformView(world), transcript: new Transcript(), extra: [gitlab] };
      },
      [
        {
          name: "preview resolves the GHES selector (private repositories included) and the listed GitLab projects",
          run: async ({ stack, view, transcript }) => {
            const preview = transcript.add(await stack.preview());
            assert.deepEqual(stepsByOp(preview.events).create, [
              "ghes",
              "ghes-org",
              "ghes-repositories",
              "gitlab",
              "gitlab-group",
              "gitlab-projects",
            ]);
            // The engine pads keys to the longest one in the map.
            assert.match(preview.stdout, /acme\/web\s*: "selector"/);
            assert.match(preview.stdout, /acme\/secret-sauce: "selector"/);
            assert.deepEqual(view.scanned(), []);
          },
        },
        {
          name: "up onboards them with both SCM configs checked",
          run: async ({ stack, view, transcript }) => {
            const up = transcript.add(await stack.up());
            assert.deepEqual(up.outputs.ghesRepositories, ["acme/api", "acme/secret-sauce", "acme/web"]);
            assert.deepEqual(up.outputs.gitlabProjects, ["acme-gl/data/pipelines", "acme-gl/mobile-app"]);
            assert.equal((up.outputs.ghesCheck as { ok: boolean }).ok, true);
            assert.equal((up.outputs.gitlabCheck as { ok: boolean }).ok, true);
            assert.deepEqual(view.scanned(), [
              "acme-gl/data/pipelines",
              "acme-gl/mobile-app",
              "acme/api",
              "acme/secret-sauce",
              "acme/web",
            ]);
          },
        },
        noChanges,
        {
          name: "destroy stops every scan and removes both SCM configs, and no token leaked",
          run: async ({ world, stack, view, transcript }) => {
            transcript.add(await stack.destroy());
            assert.deepEqual(view.scanned(), []);
            assert.deepEqual(view.semgrepConfigs(), []);
            transcript.assertNoCanary(stack, [SEMGREP_GHES_TOKEN, SEMGREP_GITLAB_TOKEN, world.platformToken]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- token-rotation ----

const OLD_TOKEN = "glpat-CANARYexampleRotationOld001";
const NEW_TOKEN = "glpat-CANARYexampleRotationNew001";

interface RotationExample extends Example {
  /** The first up's outputs (the integration must keep its id). */
  first?: Record<string, unknown>;
}

test(
  "token-rotation: a new token is an update in place; the README shows the preview a reviewer sees",
  () =>
    runScenario(
      async (defer): Promise<RotationExample> => {
        const day = 86_400_000;
        const world = await startWorldFor(defer, {
          scm: "gitlab",
          platform: "snyk",
          organization: "acme",
          repositories: [{ name: "api" }],
          tokens: [
            { value: OLD_TOKEN, scopes: ["api"], expiresAt: new Date(Date.now() + 6 * day).toISOString() },
            { value: NEW_TOKEN, scopes: ["api"], expiresAt: new Date(Date.now() + 180 * day).toISOString() },
          ],
        });
        const stack = await exampleStack(
          defer,
          "token-rotation",
          world,
          { snykOrgId: SNYK_ORG, gitlabGroup: "acme" },
          { gitlabToken: OLD_TOKEN },
        );
        return { world, stack, view: new PlatformView(world), transcript: new Transcript(), extra: [] };
      },
      [
        {
          name: "preview, then up with a token expiring in 6 days warns about the expiry",
          run: async (s) => {
            s.transcript.add(await s.stack.preview());
            const first = s.transcript.add(await s.stack.up());
            assert.match(JSON.stringify(first.outputs.warnings), /the token expires on .*in (5|6) days/);
            s.first = first.outputs;
          },
        },
        {
          name: "the rotation's preview is an update in place with the token shown as [secret], as the README shows",
          run: async ({ stack, transcript }) => {
            await stack.stack.setConfig("gitlabToken", { value: NEW_TOKEN, secret: true });
            const rotation = transcript.add(await stack.preview());
            const steps = stepsByOp(rotation.events);
            assert.deepEqual(steps.update, ["gitlab", "group"]);
            assert.equal(steps.replace, undefined);
            assert.match(rotation.stdout, /~ token\s*: \[secret\] => \[secret\]/);

            // The README's "preview a reviewer sees" is this output; SCM_EXAMPLES_UPDATE=1 rewrites it.
            const readme = path.join(examplesDir, "token-rotation", "README.md");
            const shown = normalizePreview(rotation.stdout);
            if (process.env.SCM_EXAMPLES_UPDATE === "1")
              fs.writeFileSync(
                readme,
                replaceCapturedBlock(fs.readFileSync(readme, "utf8"), "rotation-preview", shown),
              );
            assert.equal(
              capturedBlock(fs.readFileSync(readme, "utf8"), "rotation-preview"),
              shown,
              "examples/token-rotation/README.md shows a different preview (rerun with SCM_EXAMPLES_UPDATE=1)",
            );
          },
        },
        {
          name: "up rotates the token: the integration keeps its id, the fingerprint changes, the warning goes",
          run: async ({ stack, view, transcript, first }) => {
            const up = transcript.add(await stack.up());
            assert.equal(up.outputs.integrationId, first!.integrationId, "the integration kept its id");
            assert.notEqual(up.outputs.tokenFingerprint, first!.tokenFingerprint);
            assert.deepEqual(up.outputs.warnings, []);
            assert.equal(view.snykIntegrations().length, 1);
          },
        },
        noChanges,
        {
          name: "destroy, and no token leaked",
          run: async ({ world, stack, transcript }) => {
            transcript.add(await stack.destroy());
            transcript.assertNoCanary(stack, [OLD_TOKEN, NEW_TOKEN, world.platformToken]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- snyk-code ----

const SNYK_CODE_TOKEN = "ghp_CANARYexampleSnykCode0000000000000001";

test(
  "snyk-code: Snyk Code turned on in the Snyk org, the GitHub org's repositories imported after it",
  () =>
    runScenario(
      async (defer): Promise<Example> => {
        const world = await startWorldFor(defer, {
          scm: "github",
          platform: "snyk",
          organization: "acme",
          repositories: [{ name: "payments-api" }, { name: "old-site", archived: true }],
          tokens: [{ value: SNYK_CODE_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
        });
        const stack = await exampleStack(
          defer,
          "snyk-code",
          world,
          { snykOrgId: SNYK_ORG, githubOrg: "acme" },
          { githubToken: SNYK_CODE_TOKEN },
        );
        return { world, stack, view: new PlatformView(world), transcript: new Transcript(), extra: [] };
      },
      [
        {
          name: "preview says up turns Snyk Code on, and the import knows it is turned on in this run",
          run: async ({ stack, view, transcript }) => {
            const preview = transcript.add(await stack.preview());
            assert.deepEqual(stepsByOp(preview.events).create, ["acme", "github", "scanned", "snyk-code"]);
            const text = preview.stdout + preview.stderr;
            assert.match(text, /Snyk Code is off in Snyk org \S+; up turns it on \(destroy turns it off again\)/);
            assert.match(text, /SnykCodeSettings "snyk-code" of this program turns it on at up/);
            assert.doesNotMatch(text, /warning: Snyk Code is off/);
            assert.equal(snykCodeOf(view.snyk).get(SNYK_ORG).enabled, false);
          },
        },
        {
          name: "up turns Snyk Code on and imports the repositories",
          run: async ({ stack, view, transcript }) => {
            const up = transcript.add(await stack.up());
            assert.equal(snykCodeOf(view.snyk).get(SNYK_ORG).enabled, true);
            assert.equal(up.outputs.snykCodeEnabled, true);
            assert.equal(up.outputs.snykCodeEnabledBefore, false);
            assert.deepEqual(view.scanned(), ["acme/payments-api"]);
          },
        },
        noChanges,
        {
          name: "destroy turns Snyk Code off again and removes the imports, and no token leaked",
          run: async ({ world, stack, view, transcript }) => {
            transcript.add(await stack.destroy());
            assert.equal(snykCodeOf(view.snyk).get(SNYK_ORG).enabled, false);
            assert.deepEqual(view.scanned(), []);
            transcript.assertNoCanary(stack, [SNYK_CODE_TOKEN, world.platformToken]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);

// ---- semgrep-ci-job ----

const CI_JOB_GHES_TOKEN = "ghp_CANARYexampleCiJobGhesConn0000000001";
const CI_JOB_GHES_WRITER = "ghp_CANARYexampleCiJobGhesWrite000000001";
const CI_JOB_GITLAB_TOKEN = "glpat-CANARYexampleCiJobGlConn001";
const CI_JOB_GITLAB_WRITER = "glpat-CANARYexampleCiJobGlWrit01";
const CI_JOB_SEMGREP_APP_TOKEN = "CANARYexampleCiJobSemgrepAppToken001";

interface CiJobExample extends Example {
  gitlab: ExtraScm;
}

/** Pull requests (GHES) and merge requests (GitLab) as `repository state`, sorted. */
function ciRequests({ world, gitlab }: CiJobExample): { pulls: string[]; mergeRequests: string[] } {
  const pulls = (world.scm as unknown as GitHubEmulator).repositoryState().pulls as {
    repository: string;
    state: string;
  }[];
  const mrs = (gitlab.scm as unknown as GitLabEmulator).repositoryState().mergeRequests as {
    project: string;
    state: string;
  }[];
  return {
    pulls: pulls.map((p) => `${p.repository} ${p.state}`).sort(),
    mergeRequests: mrs.map((m) => `${m.project} ${m.state}`).sort(),
  };
}

test(
  "semgrep-ci-job: Semgrep onboarding by CI job on GHES and GitLab Self-Managed, one request per repository",
  () =>
    runScenario(
      async (defer): Promise<CiJobExample> => {
        const world = await startWorldFor(defer, {
          scm: "github-enterprise",
          platform: "semgrep",
          organization: "acme",
          repositories: [{ name: "api" }, { name: "web" }, { name: "docs" }],
          tokens: [
            { value: CI_JOB_GHES_TOKEN, scopes: ["repo", "user:email"] },
            { value: CI_JOB_GHES_WRITER, scopes: ["repo", "workflow"] },
          ],
        });
        const gitlab = await addScm(world, {
          scm: "gitlab-self-managed",
          organization: "acme-gl",
          repositories: [{ name: "mobile-app" }, { name: "pipelines" }],
          tokens: [
            { value: CI_JOB_GITLAB_TOKEN, scopes: ["api"] },
            { value: CI_JOB_GITLAB_WRITER, scopes: ["api"] },
          ],
        });
        defer(() => gitlab.stop());
        const stack = await exampleStack(
          defer,
          "semgrep-ci-job",
          world,
          {
            semgrepDeployment: SEMGREP_DEPLOYMENT.slug,
            ghesUrl: world.baseUrl!,
            ghesOrg: "acme",
            gitlabUrl: gitlab.baseUrl!,
            gitlabGroup: "acme-gl",
          },
          {
            ghesToken: CI_JOB_GHES_TOKEN,
            ghesCiToken: CI_JOB_GHES_WRITER,
            gitlabToken: CI_JOB_GITLAB_TOKEN,
            gitlabCiToken: CI_JOB_GITLAB_WRITER,
            semgrepAppToken: CI_JOB_SEMGREP_APP_TOKEN,
          },
        );
        return { world, stack, view: new PlatformView(world), transcript: new Transcript(), extra: [gitlab], gitlab };
      },
      [
        {
          name: "preview lists the pull and merge requests up opens, and opens none",
          run: async (s) => {
            const preview = s.transcript.add(await s.stack.preview());
            assert.deepEqual(stepsByOp(preview.events).create, [
              "ghes",
              "ghes-org",
              "ghes-repositories",
              "gitlab",
              "gitlab-group",
              "gitlab-projects",
            ]);
            const text = preview.stdout + preview.stderr;
            assert.match(text, /ci onboarding: open 3 pull requests: acme\/api, acme\/docs, acme\/web/);
            assert.match(text, /ci onboarding: open 2 merge requests: acme-gl\/mobile-app, acme-gl\/pipelines/);
            assert.deepEqual(ciRequests(s), { pulls: [], mergeRequests: [] });
          },
        },
        {
          name: "up opens one request per repository and stores the Semgrep token beside each",
          run: async (s) => {
            const up = s.transcript.add(await s.stack.up());
            assert.deepEqual(ciRequests(s), {
              pulls: ["acme/api open", "acme/docs open", "acme/web open"],
              mergeRequests: ["acme-gl/mobile-app opened", "acme-gl/pipelines opened"],
            });
            const secrets = (s.world.scm as unknown as GitHubEmulator).repositoryState().secrets as {
              secrets: Record<string, string>;
            }[];
            assert.deepEqual(
              secrets.map((x) => x.secrets),
              Array(3).fill({ SEMGREP_APP_TOKEN: CI_JOB_SEMGREP_APP_TOKEN }),
            );
            const variables = (s.gitlab.scm as unknown as GitLabEmulator).repositoryState().variables as {
              variables: { key: string; value: string; masked: boolean }[];
            }[];
            assert.deepEqual(
              variables.map((v) => v.variables.map(({ key, value, masked }) => ({ key, value, masked }))),
              Array(2).fill([{ key: "SEMGREP_APP_TOKEN", value: CI_JOB_SEMGREP_APP_TOKEN, masked: true }]),
            );
            const states = (outputs: unknown) =>
              Object.entries(outputs as Record<string, { state: string; seenBySemgrep: boolean }>).map(
                ([name, o]) => `${name} ${o.state} ${o.seenBySemgrep}`,
              );
            assert.deepEqual(states(up.outputs.ghesOnboarding), [
              "acme/api open false",
              "acme/docs open false",
              "acme/web open false",
            ]);
            assert.deepEqual(states(up.outputs.gitlabOnboarding), [
              "acme-gl/mobile-app open false",
              "acme-gl/pipelines open false",
            ]);
          },
        },
        noChanges,
        {
          name: "destroy leaves the GHES pull requests (onRemoval leave) and closes the GitLab merge requests (closeRequest); no token leaked",
          run: async (s) => {
            s.transcript.add(await s.stack.destroy());
            assert.deepEqual(ciRequests(s), {
              pulls: ["acme/api open", "acme/docs open", "acme/web open"],
              mergeRequests: ["acme-gl/mobile-app closed", "acme-gl/pipelines closed"],
            });
            assert.deepEqual(s.view.semgrepConfigs(), []);
            s.transcript.assertNoCanary(s.stack, [
              CI_JOB_GHES_TOKEN,
              CI_JOB_GHES_WRITER,
              CI_JOB_GITLAB_TOKEN,
              CI_JOB_GITLAB_WRITER,
              CI_JOB_SEMGREP_APP_TOKEN,
              s.world.platformToken,
            ]);
          },
        },
      ],
    ),
  E2E_CASE_TIMEOUT_MS,
);
