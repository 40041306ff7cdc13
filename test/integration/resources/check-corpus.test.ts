// The adversarial corpus (test/corpus/check-inputs.json, written by scripts/corpus/generate-check-corpus.ts)
// through the real check handlers, against in-process emulators that count requests, with a network
// guard that fails on any connection or DNS lookup that is not to an emulator. For every entry:
// the outcome it states; for a refusal, the field it names (as a property, or shielded in the reason),
// the value quoted exactly, zero requests to the SCM and the platform, and no token or canary secret in
// the result or the log lines in any encoding.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { isScmIntegrationError } from "../../../provider/src/core/errors";
import { rememberSecret } from "../../../provider/src/core/redact";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props, ResourceHandler } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import { findCanary } from "../../support/canary";
import { connectionNews, importNews, integrationNews } from "../../support/check-news";
import { guardNetwork, type NetworkGuard } from "../../support/network-guard";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

interface Entry {
  id: string;
  kind: string;
  resource: "Integration" | "OrgConnection" | "RepositoryImport";
  world: "ghes" | "glsm";
  set: Record<string, unknown>;
  config?: Record<string, string | null>;
  expect:
    | { outcome: "accepted" }
    | { outcome: "refused"; field: string; shielded: boolean; quotes?: string; atConfigure?: boolean };
}

const corpus = JSON.parse(readFileSync(path.join(__dirname, "../../corpus/check-inputs.json"), "utf8")) as {
  entries: Entry[];
};

const TOKENS = {
  ghes: "ghp_CANARYcheckCorpusGithub00000000000001",
  glsm: "glpat-CANARYcheckCorpusGitlab1",
} as const;
const SECRET = "CANARYcheckCorpusSecret5f1e2d3c";
const HANDLERS: Record<Entry["resource"], ResourceHandler> = {
  Integration: integrationHandler,
  OrgConnection: orgConnectionHandler,
  RepositoryImport: repositoryImportHandler,
};

const worlds = {} as Record<Entry["world"], World>;
let lines: string[] = [];
let guard: NetworkGuard;

function fill(value: unknown, world: World, token: string): unknown {
  if (typeof value === "string") {
    const repeat = /^\{REPEAT:(.):(\d+)\}$/.exec(value);
    if (repeat) return repeat[1]!.repeat(Number(repeat[2]));
    const base = world.baseUrl!;
    return value
      .replaceAll("{BASE}", base)
      .replaceAll("{PORT}", new URL(base).port)
      .replaceAll("{TOKEN}", token)
      .replaceAll("{SECRET}", SECRET);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, world, token));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, world, token)]));
  }
  return value;
}

/** Set (or with null, remove) a dotted path in a copy of `news`. */
function setPath(news: Props, dotted: string, value: unknown): Props {
  const [head, ...rest] = dotted.split(".");
  const copy: Props = { ...news };
  if (rest.length === 0) {
    if (value === null) delete copy[head!];
    else copy[head!] = value;
    return copy;
  }
  copy[head!] = setPath((copy[head!] ?? {}) as Props, rest.join("."), value);
  return copy;
}

function newsFor(entry: Entry, world: World): Props {
  const token = TOKENS[entry.world];
  let news =
    entry.resource === "Integration"
      ? integrationNews(world, token)
      : entry.resource === "OrgConnection"
        ? connectionNews(world, token)
        : importNews(world, token);
  for (const [key, value] of Object.entries(entry.set)) news = setPath(news, key, fill(value, world, token));
  return news;
}

function configFor(entry: Entry, world: World): Record<string, string | undefined> {
  const overrides: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(entry.config ?? {})) {
    overrides[key] = value === null ? undefined : (fill(value, world, TOKENS[entry.world]) as string);
  }
  return overrides;
}

function requests(world: World): number {
  return world.scm.requestStats().total + world.platform.requestStats().total;
}

/** The field a failure names: its property, or (shielded) the start of its reason. */
function failureNaming(failures: { property: string; reason: string }[], field: string) {
  return (
    failures.find((f) => f.property === field) ??
    failures.find((f) => f.property === "" && f.reason.startsWith(`${field}: `))
  );
}

async function run(entry: Entry): Promise<void> {
  const world = worlds[entry.world];
  const secrets = [TOKENS.ghes, TOKENS.glsm, SECRET, world.platformToken];
  lines = [];
  forgetMembershipClaims();
  forgetListings();
  world.scm.resetRequestStats();
  world.platform.resetRequestStats();
  guard.violations.length = 0;
  const expected = entry.expect;

  let configured: unknown;
  try {
    useWorld(world, configFor(entry, world));
  } catch (e) {
    configured = e;
  }
  if (expected.outcome === "refused" && expected.atConfigure) {
    assert.ok(isScmIntegrationError(configured), `configure accepted the config: ${String(configured)}`);
    assert.equal(configured.field, expected.field);
    const leak = findCanary(`${configured.message}\n${configured.fix ?? ""}`, secrets);
    assert.equal(leak, undefined, `the configure error echoes a secret (${leak?.form})`);
    return;
  }
  assert.equal(configured, undefined, `configure refused: ${String(configured)}`);

  const result = await HANDLERS[entry.resource].check({}, newsFor(entry, world));
  const failures = (result.failures ?? []) as { property: string; reason: string }[];
  const everything = `${JSON.stringify(failures)}\n${lines.join("\n")}`;
  const leak = findCanary(everything, secrets);
  assert.equal(
    leak,
    undefined,
    `a secret leaked (${leak?.form}): …${everything.slice(Math.max(0, (leak?.at ?? 0) - 120), leak?.at)}`,
  );
  assert.deepEqual(guard.violations, [], "check reached for the network beyond the emulators");

  if (expected.outcome === "accepted") {
    assert.deepEqual(failures, [], "a valid input was refused");
    return;
  }
  const named = failureNaming(failures, expected.field);
  assert.ok(named, `no failure names ${expected.field}: ${JSON.stringify(failures)}`);
  if (expected.shielded) {
    assert.equal(named.property, "", `the engine would print the value of ${expected.field}`);
  } else {
    assert.equal(named.property, expected.field, `the failure should name ${expected.field} as its property`);
  }
  if (expected.quotes !== undefined) {
    assert.ok(named.reason.includes(expected.quotes), `the reason does not quote ${expected.quotes}: ${named.reason}`);
  }
  for (const other of failures) {
    if (other === named) continue;
    // Every other failure names an input of its own (a second problem), never a wrong one for this entry.
    assert.ok(other.property !== "" || /^[\w.[\]]+: /.test(other.reason), `a failure names no field: ${other.reason}`);
  }
  assert.equal(requests(world), 0, `${requests(world)} requests were sent before ${expected.field} was refused`);
}

beforeAll(async () => {
  const [ghes, glsm] = await Promise.all([
    startWorld({
      scm: "github-enterprise",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "api" }, { name: "web" }],
      tokens: [{ value: TOKENS.ghes, scopes: ["repo", "read:org", "admin:repo_hook", "read:user", "user:email"] }],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api" }, { name: "web" }],
      tokens: [{ value: TOKENS.glsm, scopes: ["api"] }],
    }),
  ]);
  worlds.ghes = ghes;
  worlds.glsm = glsm;
  rememberSecret(ghes.platformToken);
  rememberSecret(glsm.platformToken);
  runOnVirtualClock([ghes, glsm].flatMap((w) => [w.scm, w.platform]));
  setLogSink((_level, line) => lines.push(line));
  const ports = [ghes, glsm].flatMap((w) => [w.scm, w.platform].map((e) => Number(new URL(e.url).port)));
  guard = guardNetwork(() => ports);
});

afterAll(async () => {
  guard?.release();
  setLogSink(undefined);
  resetProviderSettings();
  const all = Object.values(worlds);
  backToRealTime(all.flatMap((w) => [w.scm, w.platform]));
  await Promise.all(all.map((w) => w.stop()));
});

test("the corpus holds at least 400 adversarial inputs of every kind the issue names", () => {
  const kinds = new Set(corpus.entries.map((e) => e.kind));
  for (const kind of [
    "destination",
    "token",
    "organization",
    "repository",
    "branch",
    "platform-org",
    "echo",
    "allow-list",
    "outside-org",
  ]) {
    expect(kinds).toContain(kind);
  }
  expect(corpus.entries.filter((e) => e.kind !== "control").length).toBeGreaterThanOrEqual(400);
  expect(new Set(corpus.entries.map((e) => e.id)).size).toBe(corpus.entries.length);
});

describe.each([...new Set(corpus.entries.map((e) => e.kind))])("%s", (kind) => {
  test.each(corpus.entries.filter((e) => e.kind === kind).map((e) => [e.id, e] as const))("%s", async (_id, entry) => {
    await run(entry);
  });
});
