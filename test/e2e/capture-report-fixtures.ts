// Captures the review report's input fixtures from the real Pulumi CLI: one Snyk × GitHub world, one
// stack, and a preview per scenario a reviewer meets (first connection, token rotation, a selector
// picking up new repositories, a deletion blocked by maxDeletions, a token missing a scope). Each
// preview's engine events are written as JSON lines (what `PULUMI_DEBUG_COMMANDS=true pulumi preview
// --event-log <file>` writes, and what the Automation API reads), and the PreviewDigest `pulumi preview --json` would print is
// derived from the same events (see deriveDigest), so both input formats come from one real run.
//
// Not a test itself (jest only picks *.test.ts): `make report-fixtures` runs it to recapture the
// fixtures and refresh the golden files (UPDATE_GOLDEN=1 on test/unit/report/golden.test.ts); review
// the diff of test/unit/report/{fixtures,golden}. By hand:
//   npx tsc -p tsconfig.json && PULUMI_SCM_PULUMI_BIN=… node build/test/e2e/capture-report-fixtures.js [--out <dir>]
// With --check it writes nothing and exits 1 when the report of a fresh capture differs from a golden
// file; test/e2e/report-fixtures.test.ts runs the same check in `make test`, so the provider's lines
// and the report's parser cannot drift apart unnoticed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { renderReport } from "../../scripts/report/report";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2EStack, repoRoot } from "../support/harness";
import { SNYK_ORG, startWorld, type World, type WorldRepository } from "../support/world";

/**
 * Canary tokens. The engine's events carry secrets blinded ("[secret]"), so none may appear in a
 * fixture; test/unit/report/secrets.test.ts checks that, and puts plaintext back into the wrappers
 * to prove the report never prints it either.
 */
export const CAPTURE_TOKENS = {
  first: "ghp_CANARYreportFixtureToken00000000001",
  rotated: "ghp_CANARYreportFixtureToken00000000002",
  narrow: "ghp_CANARYreportFixtureToken0000000000n",
};

/** Fixed values the volatile ones are rewritten to. */
const STABLE = { scmPort: "3001", platformPort: "3002", expiryDay: "2031-01-15", timestamp: 1_800_000_000 };

interface Scenario {
  name: string;
  events: EngineEvent[];
  /** The preview failed (the Automation API threw); its message repeats the CLI's text, so only this flag is kept. */
  failed: boolean;
}

const settings = {
  token: CAPTURE_TOKENS.first,
  exclude: [] as string[],
  maxDeletions: 50,
};

function repositories(): WorldRepository[] {
  const services = ["api", "auth", "billing", "catalog", "checkout", "gateway", "inventory", "search", "web", "worker"];
  const repos: WorldRepository[] = services.map((name) => ({ name, topics: ["scan"] }));
  repos.push({ name: "docs", topics: ["docs"] });
  repos.push({ name: "handbook" });
  repos.push({ name: "legacy-api", topics: ["scan"], archived: true });
  repos.push({ name: "api-fork", topics: ["scan"], fork: true });
  return repos;
}

/** The expiry the rotated token carries: midnight UTC ten days on, so the warning always reads "in 9 days". */
function expiryInTenDays(): string {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  return new Date(midnight.getTime() + 10 * 86_400_000).toISOString();
}

async function preview(stack: E2EStack, name: string): Promise<Scenario> {
  const events: EngineEvent[] = [];
  let failed = false;
  try {
    await stack.stack.preview({ diff: true, color: "never", onEvent: (e) => events.push(e) });
  } catch {
    failed = true;
  }
  process.stdout.write(
    `captured ${name}: ${events.length} events${failed ? " (the preview failed, as intended)" : ""}\n`,
  );
  return { name, events, failed };
}

async function captureAll(world: World): Promise<Scenario[]> {
  const stack = await E2EStack.create({
    name: "report-fixtures",
    config: world.config,
    secrets: world.secrets,
    // The provider's findings as JSON lines, as the GitHub Action and the GitLab template ask for them.
    env: { ...world.env, PULUMI_SCM_FINDINGS: "json" },
    program: async () => {
      const integration = new Integration("snyk-github", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: settings.token,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const scanned = new RepositoryImport("scanned", {
        connection,
        selector: { include: ["acme/*"], exclude: settings.exclude, topics: ["scan"] },
        mode: "authoritative",
        maxDeletions: settings.maxDeletions,
      });
      return { importedCount: scanned.importedCount };
    },
  });
  const scenarios: Scenario[] = [];
  try {
    scenarios.push(await preview(stack, "first-connection"));
    await stack.up();

    settings.token = CAPTURE_TOKENS.rotated;
    scenarios.push(await preview(stack, "token-rotation"));
    await stack.up();

    for (const name of [
      "ledger",
      "notifications",
      "payments",
      "pricing",
      "profiles",
      "reports",
      "scheduler",
      "shipping",
      "tax",
      "webhooks",
      "wishlist",
      "zones",
    ]) {
      world.addRepository({ name, topics: ["scan"] });
    }
    world.addRepository({ name: "playground" }); // no topic: the selector leaves it out
    scenarios.push(await preview(stack, "selector-new-repositories"));
    await stack.up();

    settings.maxDeletions = 2;
    settings.exclude = ["acme/api", "acme/auth", "acme/billing", "acme/ledger", "acme/web"];
    scenarios.push(await preview(stack, "blocked-deletion"));
    settings.maxDeletions = 50;
    settings.exclude = [];

    settings.token = CAPTURE_TOKENS.narrow;
    scenarios.push(await preview(stack, "missing-scope"));
    settings.token = CAPTURE_TOKENS.rotated;

    await stack.destroy();
  } finally {
    await stack.dispose();
  }
  return scenarios;
}

/** Rewrites what changes between runs (ports, generated ids, times, the serialized provider, paths). */
export function normalise(events: EngineEvent[], world: World, expiry: string): unknown[] {
  const ids = new Map<string, string>();
  const stableId = (id: string) => {
    if (id === SNYK_ORG || id === UNKNOWN) return id;
    let mapped = ids.get(id);
    if (!mapped) {
      mapped = `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, "0")}`;
      ids.set(id, mapped);
    }
    return mapped;
  };
  const port = (url: string) => new URL(url).port;
  const scmPort = port(world.scm.url);
  const platformPort = port(world.platform.url);
  const expiryDay = expiry.slice(0, 10);
  const rewriteText = (text: string) =>
    text
      .split(`127.0.0.1:${scmPort}`)
      .join(`127.0.0.1:${STABLE.scmPort}`)
      .split(`127.0.0.1:${platformPort}`)
      .join(`127.0.0.1:${STABLE.platformPort}`)
      .split(repoRoot)
      .join("<repo>")
      .split(expiryDay)
      .join(STABLE.expiryDay)
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, stableId);
  const rewrite = (value: unknown, key?: string): unknown => {
    if (key === "__provider") return "<serialized provider stub>";
    if (key === "timestamp" && typeof value === "number") return STABLE.timestamp;
    if (key === "durationSeconds" && typeof value === "number") return 1;
    if (typeof value === "string") return rewriteText(value);
    if (Array.isArray(value)) return value.map((v) => rewrite(v));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, k);
      return out;
    }
    return value;
  };
  // The event log carries debug diagnostics even without --debug (the SDK's RegisterResource traces,
  // whole payloads): `--json` leaves them out and so do the fixtures. Sequence numbers are renumbered:
  // they count the dropped events, and the interleaving of the provider's two streams varies anyway.
  return events
    .filter((e) => (e.diagnosticEvent?.severity as string | undefined) !== "debug")
    .map((e, i) => ({ ...(rewrite(e) as Record<string, unknown>), sequence: i }));
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** The engine's stand-in for a value known only after apply (a UUID, kept by normalise). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What `pulumi preview --json` shows for a value: secrets become "[secret]" (backend/display/json.go stateForJSONOutput). */
function massageSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(massageSecrets);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG] !== undefined) return "[secret]";
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = massageSecrets(v);
    return out;
  }
  return value;
}

function jsonState(state: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!state) return undefined;
  const out: Record<string, unknown> = { urn: state.urn, custom: state.custom, type: state.type };
  if (state.id) out.id = state.id;
  out.inputs = massageSecrets(state.inputs ?? {});
  out.outputs = massageSecrets(state.outputs ?? {});
  if (state.parent) out.parent = state.parent;
  if (state.provider) out.provider = state.provider;
  return out;
}

/**
 * DERIVED, not printed by the CLI: the PreviewDigest `pulumi preview --json` would print for the same
 * run, built the way pkg/backend/display/json.go ShowPreviewDigest builds it from the same engine
 * events: steps from resource pre-events (not `same`, not the non-logical replacement halves),
 * diagnostics = prefix + message without debug or ephemeral ones, stdout lines as info diagnostics,
 * the change summary from the summary event. (The Automation API cannot pass --json to preview.)
 */
export function deriveDigest(events: Record<string, unknown>[]): Record<string, unknown> {
  const steps: Record<string, unknown>[] = [];
  const diagnostics: Record<string, unknown>[] = [];
  let changeSummary: unknown;
  let config: unknown;
  for (const e of events) {
    const prelude = e.preludeEvent as { config?: unknown } | undefined;
    if (prelude) config = prelude.config;
    const pre = (e.resourcePreEvent as { metadata?: Record<string, unknown> } | undefined)?.metadata;
    if (pre) {
      const op = String(pre.op);
      const root = String(pre.type) === "pulumi:pulumi:Stack";
      const hiddenHalf = (op === "create-replacement" || op === "delete-replaced") && !pre.logical;
      if ((op !== "same" || root) && !hiddenHalf) {
        const step: Record<string, unknown> = { op, urn: pre.urn, provider: pre.provider };
        const oldState = jsonState(pre.old as Record<string, unknown> | undefined);
        const newState = jsonState(pre.new as Record<string, unknown> | undefined);
        if (oldState) step.oldState = oldState;
        if (newState) step.newState = newState;
        if (Array.isArray(pre.diffs) && pre.diffs.length) step.diffReasons = pre.diffs;
        if (Array.isArray(pre.keys) && pre.keys.length) step.replaceReasons = pre.keys;
        const detailed = pre.detailedDiff as Record<string, { diffKind?: string; inputDiff?: boolean }> | undefined;
        step.detailedDiff = detailed
          ? Object.fromEntries(
              Object.entries(detailed).map(([k, v]) => [
                k,
                { kind: v.diffKind ?? "update", inputDiff: Boolean(v.inputDiff) },
              ]),
            )
          : null;
        steps.push(step);
      }
    }
    const diag = e.diagnosticEvent as
      { urn?: string; prefix?: string; message: string; severity: string; ephemeral?: boolean } | undefined;
    if (diag && !diag.ephemeral && diag.severity !== "debug") {
      diagnostics.push({
        ...(diag.urn ? { urn: diag.urn } : {}),
        message: `${diag.prefix ?? ""}${diag.message}`,
        severity: diag.severity,
      });
    }
    const stdout = e.stdoutEvent as { message: string } | undefined;
    if (stdout) diagnostics.push({ message: stdout.message, severity: "info" });
    const summary = e.summaryEvent as { resourceChanges?: unknown } | undefined;
    if (summary) changeSummary = summary.resourceChanges;
  }
  return {
    ...(config ? { config } : {}),
    steps,
    diagnostics,
    duration: 1_000_000_000,
    ...(changeSummary ? { changeSummary } : {}),
  };
}

const FIXTURES = path.join(repoRoot, "test", "unit", "report", "fixtures");

/**
 * `--check`: the reports of a fresh capture equal the golden files. The raw events are compared by
 * their report, not byte for byte: the engine reads the provider's stdout and stderr separately, so
 * how their lines interleave (and the sequence numbers) changes from run to run.
 */
export function staleReports(freshDir: string): string[] {
  const stale: string[] = [];
  for (const file of fs.readdirSync(freshDir).sort()) {
    const scenario = file.replace(/\.(events\.jsonl|preview\.json)$/, "");
    const golden = path.join(repoRoot, "test", "unit", "report", "golden", `${scenario}.md`);
    const fresh = renderReport(fs.readFileSync(path.join(freshDir, file), "utf8"));
    if (!fs.existsSync(golden) || fs.readFileSync(golden, "utf8") !== fresh) stale.push(file);
  }
  return stale;
}

/** What to do when the fixtures are stale. */
export const REFRESH_HINT =
  "run `make report-fixtures` (recaptures test/unit/report/fixtures from the real CLI and refreshes the golden reports), then review the diff";

/** Runs every scenario against the real CLI and writes both formats of each into `outDir`. */
export async function captureFixtures(outDir: string): Promise<string[]> {
  const expiry = expiryInTenDays();
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: repositories(),
    tokens: [
      { value: CAPTURE_TOKENS.first, scopes: ["repo", "read:org", "admin:repo_hook", "admin:org"] },
      { value: CAPTURE_TOKENS.rotated, scopes: ["repo", "read:org", "admin:repo_hook"], expiresAt: expiry },
      { value: CAPTURE_TOKENS.narrow, scopes: ["public_repo"] },
    ],
  });
  try {
    const scenarios = await captureAll(world);
    // A fixture is only worth committing when the preview ended the way its scenario means.
    const shouldFail = new Set(["blocked-deletion", "missing-scope"]);
    for (const scenario of scenarios) {
      if (scenario.failed !== shouldFail.has(scenario.name)) {
        throw new Error(
          `the ${scenario.name} preview ${scenario.failed ? "failed" : "succeeded"}, which that scenario does not expect; nothing was written`,
        );
      }
    }
    fs.mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const scenario of scenarios) {
      const events = normalise(scenario.events, world, expiry) as Record<string, unknown>[];
      const jsonl = `${scenario.name}.events.jsonl`;
      const digest = `${scenario.name}.preview.json`;
      fs.writeFileSync(path.join(outDir, jsonl), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
      fs.writeFileSync(path.join(outDir, digest), JSON.stringify(deriveDigest(events), null, 4) + "\n");
      written.push(jsonl, digest);
    }
    return written;
  } finally {
    await world.stop();
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const outIndex = process.argv.indexOf("--out");
  const outDir = check
    ? fs.mkdtempSync(path.join(os.tmpdir(), "report-fixtures-"))
    : outIndex > 0
      ? path.resolve(process.argv[outIndex + 1]!)
      : FIXTURES;
  const written = await captureFixtures(outDir);
  if (check) {
    const stale = staleReports(outDir);
    fs.rmSync(outDir, { recursive: true, force: true });
    if (stale.length > 0)
      throw new Error(
        `the report of a fresh capture differs from the golden file for: ${stale.join(", ")}; ${REFRESH_HINT}`,
      );
    process.stdout.write("the reports of a fresh capture match the golden files\n");
    return;
  }
  process.stdout.write(`wrote ${written.length} fixtures to ${path.relative(process.cwd(), outDir) || "."}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
