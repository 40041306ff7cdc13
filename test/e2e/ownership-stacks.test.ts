// Two stacks on one platform organization, through the real Pulumi CLI (Snyk × GitHub, Semgrep ×
// GitLab). Stack A connects the organization and imports api and web; stack B declares the same
// connection (taking it over with adoptExisting) and wants web and worker. Each keeps what it imported
// through the other's up, refresh and destroy: B adopts web without owning it, A's destroy leaves the
// credentials / SCM config B's imports go through, B's destroy leaves what it adopted. The projects
// carry the importing stack's marker (a project tag; on Snyk in its compact form). On Snyk the two
// stacks also run `up` at the same time, both importing the repository they share: both succeed, one
// target results, one stack's marker is on it, and neither stack's destroy removes what the other's
// marker is on. Every step asserts the emulator.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { snykOwnerValue } from "../../provider/src/platforms/snyk/owner-tags";
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

/**
 * `concurrent`: the org already has the integration (as if set up in Snyk's UI) and both stacks take
 * it over and may adopt each other's imports, so two `up` runs at once need no order to succeed.
 */
async function setUp(
  defer: Defer,
  platform: "snyk" | "semgrep",
  tokens: [string, string],
  concurrent = false,
): Promise<Scenario> {
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
  if (concurrent) {
    const integration = new PlatformView(world).snykIntegrationByHand("github-enterprise");
    integration.credentials = { token: tokens[0], url: "https://api.github.com" };
  }
  const label = concurrent ? "together" : "stacks";
  const a = await stackOf(world, platform, `${label}-a-${platform}`, tokens[0], ["acme/api", "acme/web"], concurrent);
  defer(() => a.dispose());
  const b = await stackOf(world, platform, `${label}-b-${platform}`, tokens[1], ["acme/web", "acme/worker"], true);
  defer(() => b.dispose());
  return { platform, world, view: new PlatformView(world), a, b, tokens, transcript: new Transcript() };
}

/** The owner markers (`pulumi-owner:` tag values) each scanned repository carries: Semgrep project tags, Snyk project tags. */
function markers(s: Scenario): Record<string, string[]> {
  if (s.platform === "snyk") {
    return Object.fromEntries(
      s.view.scanned().map((name) => {
        const values = s.view
          .snykProjectTags(name)
          .flatMap((tags) => tags.filter((t) => t.startsWith("pulumi-owner:")));
        return [name, [...new Set(values.map((t) => t.slice(13)))]];
      }),
    );
  }
  return Object.fromEntries(
    s.view.semgrep
      .sortedProjects()
      .map((p) => [p.name, p.tags.filter((t) => t.startsWith("pulumi-owner:")).map((t) => t.slice(13))]),
  );
}

const ownerOf = (stack: E2EStack) => `${stack.projectName}/e2e/scanned`;
/** The marker a stack's RepositoryImport stamps: its owner as it is on Semgrep, in Snyk's compact form on Snyk. */
const markerOf = (s: Scenario, stack: E2EStack) =>
  s.platform === "snyk" ? snykOwnerValue(ownerOf(stack)) : ownerOf(stack);

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
      assert.deepEqual(markers(s)["acme/api"], [markerOf(s, s.a)]);
      assert.deepEqual(markers(s)["acme/web"], [markerOf(s, s.a)]);
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
      assert.deepEqual(markers(s)["acme/web"], [markerOf(s, s.a)], "adopting must not re-mark A's import");
      assert.deepEqual(markers(s)["acme/worker"], [markerOf(s, s.b)]);
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
      assert.deepEqual(markers(s)["acme/web"], [markerOf(s, s.b)]);
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

/** Each scanned repository carries exactly one stack's marker; those of `stack` are named. */
function markedBy(s: Scenario, stack: E2EStack): string[] {
  const all = markers(s);
  for (const [name, owners] of Object.entries(all)) assert.equal(owners.length, 1, `${name}: ${owners.join(", ")}`);
  return Object.keys(all).filter((name) => all[name]?.[0] === markerOf(s, stack));
}

/** The repository only `stack` wants (A: api, B: worker); both want web. */
const onlyFor = (s: Scenario, stack: E2EStack) => (stack === s.a ? "acme/api" : "acme/worker");

/** The stack whose marker web carries (the first to tag it), and the other one. */
function webHolders(s: Scenario): { marked: E2EStack; other: E2EStack } {
  const marked = markedBy(s, s.a).includes("acme/web") ? s.a : s.b;
  return { marked, other: marked === s.a ? s.b : s.a };
}

const concurrentSteps: Step<Scenario>[] = [
  {
    name: "A and B run up at the same time, both importing web: both succeed, one target each, each marked by one stack",
    run: async (s) => {
      // Jobs that take 10 s: both runs see web missing and both import it (Snyk makes one target of it).
      s.view.snyk.jobDurations = { fixedMs: 10_000 };
      const [a, b] = await Promise.all([s.a.up(), s.b.up()]);
      s.transcript.add(a);
      s.transcript.add(b);
      s.view.snyk.jobDurations = undefined;
      assert.equal(s.view.importJobs().get("acme/web"), 2, "both runs imported web");
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/web", "acme/worker"]);
      for (const [name, targets] of s.view.targetsPerRepository()) assert.equal(targets, 1, `${name} imported twice`);
      assert.deepEqual(a.outputs.owned, ["acme/api", "acme/web"]);
      assert.deepEqual(b.outputs.owned, ["acme/web", "acme/worker"]);
      const { marked } = webHolders(s);
      assert.deepEqual(markedBy(s, marked).sort(), [onlyFor(s, marked), "acme/web"].sort());
      assertConnectionKept(s);
    },
  },
  {
    name: "both converged: each preview shows no changes, nothing changes at the platform",
    run: async (s) => {
      const before = s.view.scannedIds();
      for (const stack of [s.a, s.b]) s.transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(s.view.scannedIds(), before);
    },
  },
  {
    name: "the stack whose marker web lacks destroys: web (which its state also owns) and the other's import stay",
    run: async (s) => {
      const { marked, other } = webHolders(s);
      const ids = s.view.scannedIds();
      s.transcript.add(await other.destroy());
      assert.deepEqual(s.view.scannedIds(), {
        "acme/web": ids["acme/web"],
        [onlyFor(s, marked)]: ids[onlyFor(s, marked)],
      });
      assertConnectionKept(s);
      s.transcript.add(await marked.preview({ expectNoChanges: true }));
    },
  },
  {
    name: "the destroyed stack's up, beside the other's preview, imports its own again and adopts web",
    run: async (s) => {
      const { marked, other } = webHolders(s);
      const [up, preview] = await Promise.all([other.up(), marked.preview()]);
      s.transcript.add(up);
      s.transcript.add(preview);
      assert.deepEqual(up.outputs.owned, [onlyFor(s, other)]);
      assert.deepEqual(up.outputs.adopted, ["acme/web"]);
      assert.deepEqual(s.view.scanned(), ["acme/api", "acme/web", "acme/worker"]);
      assert.deepEqual(markedBy(s, other), [onlyFor(s, other)]);
    },
  },
  {
    name: "the marked stack's destroy leaves the other's import; the other's destroy then removes it; no token leaked",
    run: async (s) => {
      const { marked, other } = webHolders(s);
      const ids = s.view.scannedIds();
      s.transcript.add(await marked.destroy());
      assert.deepEqual(s.view.scannedIds(), { [onlyFor(s, other)]: ids[onlyFor(s, other)] });
      s.transcript.add(await other.destroy());
      assert.deepEqual(s.view.scanned(), []);
      for (const stack of [s.a, s.b]) s.transcript.assertNoCanary(stack, [...s.tokens, s.world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub: two stacks running up at the same time on one org, overlapping repositories, converge and keep each other's imports",
  () =>
    runScenario(
      (defer) =>
        setUp(
          defer,
          "snyk",
          ["ghp_CANARYe2eTogetherA000000000000000001", "ghp_CANARYe2eTogetherB000000000000000001"],
          true,
        ),
      concurrentSteps,
    ),
  E2E_CASE_TIMEOUT_MS,
);
