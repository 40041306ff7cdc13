// `make demo`: examples/snyk-github through the real Pulumi CLI against local emulators of GitHub and
// Snyk, seeded with a realistic organization. It shows, in order, what a platform engineer and a
// reviewer see: the preview, the up with its progress, a no-change preview, a new repository
// appearing in GitHub and the preview showing exactly that one addition, its up, and destroy; then
// a summary of what was connected and imported and how many API calls it took.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { E2EStack } from "../test/support/harness";
import { nativeEnv } from "../test/support/native";
import { SNYK_ORG, startWorld, type World } from "../test/support/world";
import {
  banner,
  bold,
  clip,
  dim,
  green,
  heading,
  note,
  printNotes,
  providerNotes,
  trimCliText,
  yellow,
} from "./demo/display";
import { exampleProjectFile, loadExampleProgram } from "./demo/example-program";
import { NEW_REPOSITORY, realisticOrganization, selectorCounts } from "./demo/organization";

// A made-up token only the local GitHub emulator knows; it is used as a real token would be, and never
// printed. Assembled at run time so secret scanners do not mistake this shipped file for a leaked token.
const GITHUB_TOKEN = ["ghp", "DEMO".repeat(4) + "demo".repeat(4) + "0001"].join("_");
const ORG = "acme";
// `make demo NATIVE=1`: the YAML twin of the example (examples/yaml-snyk-github) on the native plugin.
const NATIVE = process.env.PULUMI_SCM_DEMO_NATIVE === "1";

/** Every byte the CLI printed during the demo, to prove at the end that no token is in it. */
const everythingPrinted: string[] = [];

const ING: Record<string, string> = {
  create: "creating",
  update: "updating",
  delete: "deleting",
  replace: "replacing",
};
const ED: Record<string, string> = { create: "created", update: "updated", delete: "deleted", replace: "replaced" };

/** Stream an operation's progress: one line per resource step and the provider's own lines. */
function progressPrinter(): {
  onEvent: (e: EngineEvent) => void;
  onOutput: (chunk: string) => void;
  onError: (chunk: string) => void;
} {
  const started = new Map<string, number>();
  const shown = new Set<string>();
  let pending = "";
  const label = (urn: string, type: string) => `${type.split(":").pop()} ${urn.split("::").pop()}`;
  return {
    onEvent: (e) => {
      const pre = e.resourcePreEvent?.metadata;
      if (pre && pre.type !== "pulumi:pulumi:Stack" && !pre.type.startsWith("pulumi:providers:") && pre.op !== "same") {
        started.set(pre.urn, Date.now());
        console.log(`  ${yellow("…")} ${(ING[pre.op] ?? pre.op).padEnd(9)} ${label(pre.urn, pre.type)}`);
      }
      const done = e.resOutputsEvent?.metadata;
      if (done && started.has(done.urn)) {
        const seconds = ((Date.now() - started.get(done.urn)!) / 1000).toFixed(1);
        console.log(
          `  ${green("✔")} ${(ED[done.op] ?? done.op).padEnd(9)} ${label(done.urn, done.type)} ${dim(`(${seconds} s)`)}`,
        );
      }
    },
    // The provider's lines (`[RepositoryImport scanned] imported 40/105`) reach the CLI's output as
    // they are written, on stdout or stderr depending on the operation; show each whole, once.
    onOutput: (chunk) => take(chunk),
    onError: (chunk) => take(chunk),
  };
  function take(chunk: string): void {
    everythingPrinted.push(chunk);
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const found = /\[(Integration|OrgConnection|RepositoryImport) [^\]]+\] .*/.exec(line);
      if (found && !shown.has(found[0])) {
        shown.add(found[0]);
        console.log(dim(`      ${clip(found[0].trim())}`));
      }
    }
  }
}

/** `{ create: 4 }` → "4 created". */
function changes(summary: Record<string, number>): string {
  return Object.entries(summary)
    .filter(([op, n]) => n > 0 && op !== "same")
    .map(([op, n]) => `${n} ${ED[op] ?? op}`)
    .join(", ");
}

async function streamed(stack: E2EStack, op: "up" | "destroy"): Promise<Record<string, number>> {
  const printer = progressPrinter();
  const options = { color: "never" as const, ...printer };
  const result = op === "up" ? await stack.stack.up(options) : await stack.stack.destroy(options);
  return { ...(result.summary.resourceChanges ?? {}) };
}

/** The stack outputs the example returns (what `pulumi stack output` shows). */
async function outputs(stack: E2EStack): Promise<Record<string, unknown>> {
  const all = await stack.stack.outputs();
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]));
}

interface Calls {
  github: number;
  /** GitHub answers 304 Not Modified: pages the ETags kept by the previous command proved unchanged. */
  notModified: number;
  snyk: number;
  writes: number;
}

/** API calls the emulators served since the last call of this function (the counters restart). */
function apiCallsSinceLast(world: World): Calls {
  const github = world.scm.requestStats();
  const snyk = world.platform.requestStats();
  world.scm.resetRequestStats();
  world.platform.resetRequestStats();
  return {
    github: github.total,
    notModified: github.byStatus["304"] ?? 0,
    snyk: snyk.total,
    writes: github.writes + snyk.writes,
  };
}

const snykTargets = (world: World) => (world.platform.dump() as { targets: unknown[] }).targets.length;

/** The `Resources:` block at the end of a preview. */
function resourcesSection(stdout: string): string {
  const at = stdout.indexOf("Resources:");
  return at < 0 ? "" : stdout.slice(at).trimEnd();
}

const describeCalls = (c: Calls) =>
  `GitHub ${c.github}${c.notModified > 0 ? ` (${c.notModified} answered 304 Not Modified)` : ""}, Snyk ${c.snyk} (${c.writes} writes)`;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const repositories = realisticOrganization();
  const counts = selectorCounts(repositories);
  banner("pulumi-scm-integrations demo", [
    `${NATIVE ? "examples/yaml-snyk-github on the native provider plugin" : "examples/snyk-github"}, run by the real Pulumi CLI against local GitHub and Snyk emulators.`,
    "Nothing leaves this machine: every API is on 127.0.0.1.",
  ]);

  heading("Start the emulators", "A GitHub organization of a realistic size, and an empty Snyk organization.");
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: ORG,
    repositories,
    tokens: [{ value: GITHUB_TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  // A few milliseconds per request, like a nearby API; waits between import-job polls are scaled down.
  world.scm.settings.latencyMs = 2;
  world.platform.settings.latencyMs = 2;
  const stack = await E2EStack.create({
    name: "demo",
    projectFile: exampleProjectFile(NATIVE ? "yaml-snyk-github" : "snyk-github"),
    ...(NATIVE ? {} : { program: loadExampleProgram("snyk-github") }),
    config: { ...world.config, snykOrgId: SNYK_ORG, githubOrg: ORG },
    secrets: { ...world.secrets, githubToken: GITHUB_TOKEN },
    env: {
      ...world.env,
      SCM_INTEGRATIONS_DELAY_SCALE: process.env.SCM_INTEGRATIONS_DELAY_SCALE ?? "0.01",
      ...(NATIVE ? nativeEnv() : {}),
    },
  });
  const stop = async () => {
    await stack.dispose();
    await world.stop();
  };
  process.once("SIGINT", () => void stop().finally(() => process.exit(130)));
  try {
    note(`GitHub at ${world.scm.url}: organization ${bold(ORG)}, ${repositories.length} repositories`);
    console.log(
      dim(
        `    ${counts.selected + counts.untagged} active, ${counts.archived} archived, ${counts.forks} forks; topics per team, language and "production"`,
      ),
    );
    note(`Snyk at ${world.platform.url}: organization acme-security (${SNYK_ORG}), nothing imported yet`);
    note(`Stack config: snykOrgId, githubOrg, the GitHub token and the Snyk token as secrets`);

    heading(
      "pulumi preview",
      `What a reviewer reads before anything is connected. The selector (topic "production", no archived\n` +
        `repositories, no forks) is resolved now, so the plan names every repository it will import.`,
    );
    apiCallsSinceLast(world);
    const preview = await stack.preview();
    everythingPrinted.push(preview.stdout, preview.stderr);
    console.log(trimCliText(preview.stdout));
    printNotes(providerNotes(preview.stderr));
    const previewCalls = apiCallsSinceLast(world);
    note(`planned without writing anything: ${describeCalls(previewCalls)}`);

    heading("pulumi up", "Registers the token with Snyk, proves the organization, and imports the repositories.");
    const firstUp = await streamed(stack, "up");
    const upCalls = apiCallsSinceLast(world);
    const imported = snykTargets(world);
    const out = await outputs(stack);
    note(`${changes(firstUp)}; ${imported} repositories imported into Snyk; ${describeCalls(upCalls)}`);
    note(
      `stack outputs: tokenOwner ${String(out.tokenOwner)}, role ${String(out.role)}, ` +
        `missingScopes ${JSON.stringify(out.missingScopes)}, importedCount ${String(out.importedCount)}`,
    );

    heading(
      "pulumi preview, again",
      "Nothing changed, so nothing is planned and nothing is written to GitHub or Snyk.",
    );
    const again = await stack.preview({ expectNoChanges: true });
    everythingPrinted.push(again.stdout, again.stderr);
    console.log(trimCliText(resourcesSection(again.stdout)));
    const quietCalls = apiCallsSinceLast(world);
    note(`no changes; ${describeCalls(quietCalls)}`);

    heading(
      "A new repository appears in GitHub",
      `Someone creates ${ORG}/${NEW_REPOSITORY.name} with the topic "production".\n` +
        "The next preview shows exactly that one addition.",
    );
    world.addRepository(NEW_REPOSITORY);
    const addition = await stack.preview();
    everythingPrinted.push(addition.stdout, addition.stderr);
    const beforeSummary = addition.stdout.slice(0, Math.max(0, addition.stdout.indexOf("Resources:")));
    const changedLines = beforeSummary.split("\n").filter((l) => /^\s*([+~-] |\[urn=)/.test(l));
    console.log(trimCliText([...changedLines, resourcesSection(addition.stdout)].join("\n")));
    printNotes(providerNotes(addition.stderr).filter((l) => /since the last run|to import|plan:/.test(l)));
    const additionCalls = apiCallsSinceLast(world);

    heading("pulumi up", `Imports ${ORG}/${NEW_REPOSITORY.name}, and only it.`);
    const secondUp = await streamed(stack, "up");
    const secondUpCalls = apiCallsSinceLast(world);
    note(
      `${changes(secondUp)}; ${snykTargets(world)} repositories imported into Snyk; ${describeCalls(secondUpCalls)}`,
    );

    heading("pulumi destroy", "Removes what this stack imported, and the integration's credentials.");
    let destroyed: Record<string, number>;
    let destroyCalls: Calls;
    try {
      destroyed = await streamed(stack, "destroy");
      destroyCalls = apiCallsSinceLast(world);
    } catch (e) {
      // maxDeletions guards destroy too: removing every import needs the explicit override.
      const refusal = /maxDeletions: [^\n]*?(?=: Error|\n|$)/.exec(String((e as Error).message));
      if (!refusal) throw e;
      console.log(yellow(`  ✖ refused: ${refusal[0]}`));
      console.log("");
      const allow = /allowDeletions: (\d+)/.exec(refusal[0])?.[1] ?? String(snykTargets(world));
      console.log(dim(`  $ pulumi config set allowDeletions ${allow} && pulumi up && pulumi destroy`));
      await stack.stack.setConfig("allowDeletions", { value: allow });
      await streamed(stack, "up");
      destroyed = await streamed(stack, "destroy");
      destroyCalls = apiCallsSinceLast(world);
    }
    note(`${changes(destroyed)}; ${snykTargets(world)} imports left in Snyk; ${describeCalls(destroyCalls)}`);

    // The claim in the summary is checked, not assumed: the tokens are nowhere in the output or the state files.
    const leaked = [GITHUB_TOKEN, world.platformToken].some(
      (token) => everythingPrinted.some((text) => text.includes(token)) || stack.backendText().includes(token),
    );
    if (leaked) throw new Error("a token appeared in the CLI output or the state files");

    const all = [previewCalls, upCalls, quietCalls, additionCalls, secondUpCalls, destroyCalls];
    const sum = (key: keyof Calls) => all.reduce((n, c) => n + c[key], 0);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    console.log("");
    banner("Summary", [
      `Connected  GitHub organization ${ORG} to Snyk organization acme-security with ${String(out.tokenOwner)}'s token` +
        ` (${(out.missingScopes as string[]).length === 0 ? "no scope missing" : `missing ${String(out.missingScopes)}`})`,
      `Imported   ${imported} of ${repositories.length} repositories chosen by the selector, then ${ORG}/${NEW_REPOSITORY.name} when it appeared`,
      `Left out   ${counts.untagged} without the "production" topic, ${counts.archived} archived, ${counts.forks} forks`,
      `API calls  ${sum("github") + sum("snyk")} in all (GitHub ${sum("github")}, Snyk ${sum("snyk")}), ${sum("writes")} of them writes;`,
      `           the first up took ${upCalls.github + upCalls.snyk}, the no-change preview ${quietCalls.github + quietCalls.snyk} (and 0 writes)`,
      `           ${sum("notModified")} GitHub answers were 304 Not Modified (ETags kept between commands; free of rate limit)`,
      `Took       ${seconds} s, with the real Pulumi CLI; no token in any output or state file (checked)`,
    ]);
  } finally {
    await stop();
  }
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
