// A seeded randomized fault campaign through the real Pulumi CLI: one stack (Snyk × GitHub, six
// repositories), and per run a desired set and a few faults drawn from a fixed seed — failing removals
// (5xx or reset on every DELETE of a target), failing import requests, 429s on job polls, a target
// listing that fails. After each faulted `up` (which may fail), a clean `up` converges — the platform
// scans exactly the desired repositories, the state's `imported` is the platform's — and the next
// preview shows no changes. `make test` runs SCM_FAULT_CAMPAIGN_RUNS (default 20) runs;
// `make fault-campaign` runs more. A failing run names its number and the seed to replay it with.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import fc from "fast-check";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { FaultRule } from "../emulators/host";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import { PlatformView, runScenario, settle, Transcript, type Defer, type Step } from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eFaultCampaign000000000001";
const REPOS = ["acme/r0", "acme/r1", "acme/r2", "acme/r3", "acme/r4", "acme/r5"];
const RUNS = Number(process.env.SCM_FAULT_CAMPAIGN_RUNS ?? 20);
const SEED = Number(process.env.SCM_FAULT_CAMPAIGN_SEED ?? 20_261_201);

const DELETE_TARGET = { method: "DELETE", pathRegex: "/orgs/[^/]+/targets/[^/]+$" };
const IMPORT_POST = { method: "POST", pathRegex: "/integrations/[^/]+/import$" };
const JOB_POLL = { method: "GET", pathRegex: "/import/[^/]+$" };
const TARGET_LISTING = { method: "GET", pathRegex: "/orgs/[^/]+/targets$" };

/** The faults one run may inject; removals that fail (every retry included) are the point. */
const fault: fc.Arbitrary<FaultRule> = fc.oneof(
  fc
    .constantFrom(500, 502, 503)
    .map((status): FaultRule => ({ kind: "status", status, match: DELETE_TARGET, count: 1000 })),
  fc.constant<FaultRule>({ kind: "reset", match: DELETE_TARGET, count: 1000 }),
  fc
    .record({ skip: fc.nat({ max: 2 }), count: fc.integer({ min: 1, max: 3 }) })
    .map((r): FaultRule => ({ kind: "status", status: 503, match: IMPORT_POST, ...r })),
  fc.integer({ min: 1, max: 3 }).map((count): FaultRule => ({
    kind: "status",
    status: 429,
    headers: { "retry-after": "1" },
    match: JOB_POLL,
    count,
  })),
  fc.constant<FaultRule>({ kind: "status", status: 502, match: TARGET_LISTING, skip: 1, count: 1000 }),
);

const run = fc.record({
  desired: fc.subarray(REPOS, { minLength: 1 }),
  mode: fc.constantFrom("additive" as const, "authoritative" as const),
  faults: fc.array(fault, { minLength: 1, maxLength: 3 }),
});
type Run = typeof run extends fc.Arbitrary<infer T> ? T : never;

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  settings: { desired: string[]; mode: "additive" | "authoritative" };
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: REPOS.map((name) => ({ name: name.slice("acme/".length) })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 1,
  });
  defer(() => world.stop());
  const settings: Scenario["settings"] = { desired: [REPOS[0]!], mode: "additive" };
  const stack = await E2EStack.create({
    name: "fault-campaign",
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
      const imports = new RepositoryImport("scanned", {
        connection,
        repositories: settings.desired,
        mode: settings.mode,
        maxDeletions: REPOS.length,
        concurrency: 4,
      });
      return { imported: imports.imported };
    },
  });
  defer(() => stack.dispose());
  return { world, stack, view: new PlatformView(world), transcript: new Transcript(), settings };
}

function runStep(index: number, r: Run): Step<Scenario> {
  const faults = r.faults.map(
    (f) => `${f.kind}${f.status ? ` ${f.status}` : ""} on ${f.match?.method} ${f.match?.pathRegex}`,
  );
  return {
    name: `run ${index + 1}/${RUNS} (seed ${SEED}): ${r.mode} [${r.desired.join(", ")}] with ${faults.join("; ")}`,
    run: async ({ world, stack, view, transcript, settings }) => {
      settings.desired = r.desired;
      settings.mode = r.mode;
      for (const f of r.faults) world.platform.addFault(f);
      const faulted = await settle(() => stack.up());
      transcript.addText(faulted.text);
      world.platform.clearFaults();
      // Whatever the faulted up did, the state never claims an import the platform does not have.
      const recorded = (stack.stateOutputs("RepositoryImport")?.imported ?? {}) as Record<string, string>;
      const scanned = view.scannedIds();
      for (const [name, id] of Object.entries(recorded)) assert.equal(scanned[name], id, `state says ${name} is ${id}`);

      const clean = transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), [...r.desired].sort(), "the clean up did not converge");
      assert.deepEqual(clean.outputs.imported, view.scannedIds(), "the state's imported differs from the platform's");
      transcript.add(await stack.preview({ expectNoChanges: true }));
    },
  };
}

const runs = fc.sample(run, { seed: SEED, numRuns: RUNS });

test(
  `fault campaign: ${RUNS} seeded runs (seed ${SEED}) of a faulted up, a clean up that converges and a no-change preview`,
  () =>
    runScenario(setUp, [
      ...runs.map((r, i) => runStep(i, r)),
      {
        name: "no token leaked through the whole campaign",
        run: ({ world, stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN, world.platformToken]),
      },
    ]),
  Math.max(E2E_CASE_TIMEOUT_MS, RUNS * 60_000),
);
