// Two stacks on one platform organization, through the real Pulumi CLI (Snyk × GitHub, Semgrep ×
// GitLab). Stack A connects the organization and imports api and web; stack B declares the same
// connection (taking it over with adoptExisting) and wants web and worker. Each keeps what it imported
// through the other's up, refresh and destroy: B adopts web without owning it, A's destroy leaves the
// credentials / SCM config B's imports go through, B's destroy leaves what it adopted. On Semgrep the
// projects carry the importing stack's marker (a project tag). Every step asserts the emulator.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import { PlatformView, runScenario, Transcript, type Defer, type Step } from "../support/lifecycle";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World } from "../support/world";

interface Scenario {
  platform: "snyk" | "semgrep";
  world: World;
  view: PlatformView;
  a: E2EStack;
  b: E2EStack;
  tokens: [string, string];
  transcript: Transcript;
}

async function stackOf(
  world: World,
  platform: "snyk" | "semgrep",
  name: string,
  token: string,
  repositories: string[],
  adoptExisting: boolean,
): Promise<E2EStack> {
  const scm = platform === "snyk" ? "github" : "gitlab";
  return E2EStack.create({
    name,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("platform", {
        platform,
        platformOrg: platform === "snyk" ? SNYK_ORG : SEMGREP_DEPLOYMENT.slug,
        scm,
        token,
        adoptExisting,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme", adoptExisting });
      const imports = new RepositoryImport("scanned", { connection, repositories, mode: "additive", adoptExisting });
      return { owned: imports.owned, adopted: imports.adopted };
    },
  });
}

async function setUp(defer: Defer, platform: "snyk" | "semgrep", tokens: [string, string]): Promise<Scenario> {
  const scopes = platform === "snyk" ? ["repo", "read:org", "admin:repo_hook"] : ["api"];
  const world = await startWorld({
    scm: platform === "snyk" ? "github" : "gitlab",
    platform,
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }, { name: "worker" }],
    tokens: tokens.map((value) => ({ value, scopes })),
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const a = await stackOf(world, platform, `stacks-a-${platform}`, tokens[0], ["acme/api", "acme/web"], false);
  defer(() => a.dispose());
  const b = await stackOf(world, platform, `stacks-b-${platform}`, tokens[1], ["acme/web", "acme/worker"], true);
  defer(() => b.dispose());
  return { platform, world, view: new PlatformView(world), a, b, tokens, transcript: new Transcript() };
}

/** Semgrep: the owner marker (project tag) each scanned project carries, by project. */
function markers(s: Scenario): Record<string, string[]> {
  return Object.fromEntries(
    s.view.semgrep
      .sortedProjects()
      .map((p) => [p.name, p.tags.filter((t) => t.startsWith("pulumi-owner:")).map((t) => t.slice(13))]),
  );
}

const ownerOf = (stack: E2EStack) => `${stack.projectName}/e2e/scanned`;

/** The connection object both stacks use still works: Snyk credentials, Semgrep SCM config with a token. */
function assertConnectionKept(s: Scenario): void {
  if (s.platform === "snyk") {
    const [integration, ...others] = s.view.snykIntegrations();
    assert.deepEqual(others, []);
    assert.equal(integration?.hasCredentials, true, "the integration lost its credentials");
  } else {
    const [config, ...others] = s.view.semgrepConfigs();
    assert.deepEqual(others, []);
    assert.equal(config?.hasAccessToken, true, "the SCM config is gone or has no token");
  }
}

const steps: Step<Scenario>[] = [
  {
    name: "stack A imports api and web",
    run: async (s) => {
      const up = s.transcript.add(await s.a.up());
      assert.deepEqual(up.outputs.owned, ["acme/api", "acme/web"]);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/web"]);
      if (s.platform === "semgrep") {
        assert.deepEqual(markers(s)["acme/api"], [ownerOf(s.a)]);
        assert.deepEqual(markers(s)["acme/web"], [ownerOf(s.a)]);
      }
    },
  },
  {
    name: "stack B takes over the connection, adopts web (A's) and imports worker; A's imports keep their ids",
    run: async (s) => {
      const before = s.view.scannedIds();
      const up = s.transcript.add(await s.b.up());
      assert.deepEqual(up.outputs.owned, ["acme/worker"]);
      assert.deepEqual(up.outputs.adopted, ["acme/web"]);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/web", "acme/worker"]);
      for (const name of ["acme/api", "acme/web"]) assert.equal(s.view.scannedIds()[name], before[name], name);
      if (s.platform === "semgrep") {
        assert.deepEqual(markers(s)["acme/web"], [ownerOf(s.a)], "adopting must not re-mark A's import");
        assert.deepEqual(markers(s)["acme/worker"], [ownerOf(s.b)]);
      }
      assertConnectionKept(s);
    },
  },
  {
    name: "A's refresh and preview, then B's: nothing to change for either, nothing changed at the platform",
    run: async (s) => {
      const before = s.view.scannedIds();
      for (const stack of [s.a, s.b]) {
        s.transcript.add(await stack.refresh());
        s.transcript.add(await stack.preview({ expectNoChanges: true }));
      }
      assert.deepEqual(s.view.scannedIds(), before);
    },
  },
  {
    name: "A's destroy removes what A imported, and leaves B's import and the connection B goes through",
    run: async (s) => {
      const destroy = s.transcript.add(await s.a.destroy());
      assert.deepEqual(s.view.scanned(), ["acme/worker"], "B's own import must survive A's destroy");
      assertConnectionKept(s);
      assert.match(
        destroy.stdout + destroy.stderr,
        s.platform === "snyk"
          ? /left the credentials of snyk integration \S+ in place: 1 import still goes through it \(acme\/worker\)/
          : /left semgrep connection \S+ in place: 1 project is still scanned through it \(acme\/worker\)/,
      );
    },
  },
  {
    name: "B's refresh reports web gone; B's up imports it again, now as its own",
    run: async (s) => {
      const refresh = s.transcript.add(await s.b.refresh());
      assert.match(refresh.stdout + refresh.stderr, /drift: 1 desired repositories are no longer imported: acme\/web/);
      const up = s.transcript.add(await s.b.up());
      assert.deepEqual(up.outputs.owned, ["acme/web", "acme/worker"]);
      assert.deepEqual(up.outputs.adopted, []);
      assert.deepEqual(s.view.scanned(), ["acme/web", "acme/worker"]);
      s.transcript.add(await s.b.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "B's destroy removes its imports and leaves the connection it took over; no token leaked",
    run: async (s) => {
      s.transcript.add(await s.b.destroy());
      assert.deepEqual(s.view.scanned(), []);
      assertConnectionKept(s);
      for (const stack of [s.a, s.b]) s.transcript.assertNoCanary(stack, [...s.tokens, s.world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: two stacks on one org keep their own imports through the other's up, refresh and destroy",
  () =>
    runScenario(
      (defer) =>
        setUp(defer, "snyk", ["ghp_CANARYe2eStacksA0000000000000000001", "ghp_CANARYe2eStacksB0000000000000000001"]),
      steps,
    ),
  E2E_CASE_TIMEOUT_MS,
);

test(
  "Semgrep × GitLab: two stacks on one deployment keep their own imports through the other's up, refresh and destroy",
  () =>
    runScenario(
      (defer) => setUp(defer, "semgrep", ["glpat-CANARYe2eStacksA0001", "glpat-CANARYe2eStacksB0001"]),
      steps,
    ),
  E2E_CASE_TIMEOUT_MS,
);
