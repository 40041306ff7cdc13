// A sample of the adversarial corpus (test/corpus/check-inputs.json) through the real Pulumi CLI: each
// input goes into a program's Integration and `pulumi preview` must fail on it, naming the field, with
// zero requests at the emulators, and no token or canary secret in any byte of the CLI's output, the
// engine's events or the backend's files, in any encoding (raw, URL-encoded, hex, base64). The whole
// corpus runs through `check` in test/integration/resources/check-corpus.test.ts; this sample shows the
// engine's own rendering (which prints a failing property's value) does not echo what check shielded.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { test } from "@jest/globals";
import { Integration, type IntegrationArgs } from "../../sdk";
import { findCanary } from "../support/canary";
import { E2E_CASE_TIMEOUT_MS, E2EStack } from "../support/harness";
import { runScenario, type Defer, type Step } from "../support/lifecycle";
import { startWorld, type World } from "../support/world";

interface Entry {
  id: string;
  kind: string;
  resource: string;
  world: string;
  set: Record<string, unknown>;
  config?: Record<string, string | null>;
  expect: { outcome: string; field?: string; shielded?: boolean; atConfigure?: boolean };
}

const TOKEN = "ghp_CANARYcheckCorpusCli000000000000000001";
const SECRET = "CANARYcheckCorpusCliSecret9a8b7c";
const corpus = JSON.parse(readFileSync(path.join(__dirname, "../corpus/check-inputs.json"), "utf8")) as {
  entries: Entry[];
};

// The sample: Integration inputs on the GHES world, refused at check. Every entry whose value carries a
// credential (shielded), plus a spread of the rest, one kind after another.
const refusals = corpus.entries.filter(
  (e) => e.resource === "Integration" && e.world === "ghes" && e.expect.outcome === "refused" && !e.expect.atConfigure,
);
const spread = (kind: string, every: number) =>
  refusals.filter((e) => e.kind === kind).filter((_, i) => i % every === 0);
const SAMPLE = [
  ...refusals.filter((e) => e.expect.shielded && (e.kind === "destination" || e.kind === "echo")),
  ...spread("destination", 40),
  ...spread("token", 6),
  ...spread("platform-org", 4),
  ...spread("allow-list", 6),
]
  .filter((e, i, all) => all.indexOf(e) === i)
  // CHECK_CORPUS_ONLY=<id prefix>: one entry, to look at it closely.
  .filter((e) => !process.env.CHECK_CORPUS_ONLY || e.id.startsWith(process.env.CHECK_CORPUS_ONLY));

function fill(value: unknown, world: World): unknown {
  if (typeof value !== "string") return value;
  const repeat = /^\{REPEAT:(.):(\d+)\}$/.exec(value);
  if (repeat) return repeat[1]!.repeat(Number(repeat[2]));
  return value
    .replaceAll("{BASE}", world.baseUrl!)
    .replaceAll("{PORT}", new URL(world.baseUrl!).port)
    .replaceAll("{TOKEN}", TOKEN)
    .replaceAll("{SECRET}", SECRET);
}

/** Strings of the entry that must never be printed: tokens, the canary secret, credential-carrying values. */
function canariesOf(entry: Entry, world: World): string[] {
  const found = new Set([TOKEN, SECRET, world.platformToken]);
  for (const value of Object.values(entry.set)) {
    const text = fill(value, world);
    if (typeof text === "string" && /CANARY/.test(text) && text.length < 2000) {
      for (const m of text.matchAll(/[A-Za-z0-9_-]*CANARY[A-Za-z0-9_-]*/g)) found.add(m[0]);
    }
  }
  return [...found];
}

interface Scenario {
  world: World;
  stack: E2EStack;
  /** The Integration's inputs for the next preview. */
  inputs: Record<string, unknown>;
}

async function setUp(defer: Defer): Promise<Scenario> {
  const world = await startWorld({
    scm: "github-enterprise",
    platform: "snyk",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook", "read:user", "user:email"] }],
  });
  defer(() => world.stop());
  const scenario: Scenario = { world, stack: undefined as unknown as E2EStack, inputs: {} };
  scenario.stack = await E2EStack.create({
    name: "check-corpus",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      // Unknown properties are part of the sample: the program passes what the corpus says, as a
      // program in any language could.
      new Integration("corpus", scenario.inputs as unknown as IntegrationArgs);
      return {};
    },
  });
  defer(() => scenario.stack.dispose());
  return scenario;
}

async function previewOnce(stack: E2EStack): Promise<{ failed: boolean; text: string; programRan: boolean }> {
  const events: EngineEvent[] = [];
  try {
    const result = await stack.stack.preview({ diff: true, color: "never", onEvent: (e) => events.push(e) });
    const text = `${result.stdout}\n${result.stderr}\n${JSON.stringify(events)}`;
    return { failed: false, text, programRan: !text.includes("Resource monitor is terminating") };
  } catch (e) {
    return { failed: true, text: `${String((e as Error).message)}\n${JSON.stringify(events)}`, programRan: true };
  }
}

/**
 * One preview of the program. Now and then (2 of some 1,000 previews in this suite's CI runs) the
 * engine tears its resource monitor down before the inline program registers its stack: the event log
 * shows "RegisterResource RPC finished: resource:…[pulumi:pulumi:Stack]; err: Error: Resource monitor is
 * terminating" and a preview that "succeeded" with no resource at all, so check never ran. Such a
 * preview is not an answer about the input and is run again; a preview in which the program ran counts
 * as it is.
 */
async function previewText(stack: E2EStack): Promise<{ failed: boolean; text: string }> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await previewOnce(stack);
    if (outcome.programRan || attempt === 3) return outcome;
  }
}

function stepFor(entry: Entry): Step<Scenario> {
  return {
    name: entry.id,
    run: async ({ world, stack, inputs }) => {
      for (const key of Object.keys(inputs)) delete inputs[key];
      Object.assign(inputs, {
        platform: "snyk",
        platformOrg: world.platformOrg,
        scm: "github-enterprise",
        baseUrl: world.baseUrl,
        token: TOKEN,
      });
      for (const [key, value] of Object.entries(entry.set)) {
        if (value === null) delete inputs[key];
        else inputs[key] = fill(value, world);
      }
      const changed: string[] = [];
      for (const [key, value] of Object.entries(entry.config ?? {})) {
        changed.push(key);
        if (value === null) await stack.stack.removeConfig(key);
        else await stack.stack.setConfig(key, { value: String(fill(value, world)) });
      }
      world.scm.resetRequestStats();
      world.platform.resetRequestStats();
      const { failed, text } = await previewText(stack);
      for (const key of changed) {
        const original = world.config[key];
        if (original === undefined) await stack.stack.removeConfig(key);
        else await stack.stack.setConfig(key, { value: original });
      }
      assert.ok(failed, `the preview accepted ${entry.id}: ${text.slice(0, 3000)}`);
      const field = entry.expect.field!;
      assert.ok(
        text.includes(`property ${field} value`) || text.includes(`has a problem: ${field}: `),
        `the CLI's output does not name ${field}: ${text.slice(0, 1500)}`,
      );
      const everything = `${text}\n${stack.backendText()}`;
      const leak = findCanary(everything, canariesOf(entry, world));
      assert.equal(
        leak,
        undefined,
        `a secret leaked (${leak?.form}) into the CLI's output, events or state: …${everything.slice(Math.max(0, (leak?.at ?? 0) - 200), leak?.at)}`,
      );
      assert.equal(world.scm.requestStats().total, 0, "the SCM was asked before the input was refused");
      assert.equal(world.platform.requestStats().total, 0, "the platform was asked before the input was refused");
    },
  };
}

test(
  `a sample of ${SAMPLE.length} corpus inputs through pulumi preview: refused, named, nothing sent, nothing echoed`,
  async () => {
    if (!process.env.CHECK_CORPUS_ONLY) assert.ok(SAMPLE.length >= 15, `the sample is too small (${SAMPLE.length})`);
    await runScenario(setUp, SAMPLE.map(stepFor));
  },
  E2E_CASE_TIMEOUT_MS,
);
