// A stack through the real Pulumi CLI (test/support/harness.ts) over N repositories of one GitHub
// organization connected to Snyk, for the benchmark rows measured on the provider process the CLI
// starts (cli-noop.ts, cli-apply.ts). up #1 makes the Integration and OrgConnection; the caller then
// prepares the Snyk emulator and turns the RepositoryImport on. The same program runs on either
// provider: the TypeScript SDK's dynamic provider, or the native plugin (a YAML program, as a
// non-TypeScript user runs it), whose process is ours from the gRPC server up.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SnykState } from "../emulators/snyk/state";
import { E2EStack } from "../support/harness";
import { declare, nativeEnv } from "../support/native";
import { SNYK_ORG, startWorld, type World } from "../support/world";
import { watchProviderProcesses, type ProviderKind, type ProviderProcessFigures } from "./process-watch";

const TOKEN = "ghp_BENCHcliStackCANARY0000000000000001";

export interface CliStack {
  provider: ProviderKind;
  world: World;
  stack: E2EStack;
  snyk: SnykState;
  names: string[];
  integrationId: string;
  /** Declare the RepositoryImport of every repository from the next command on. */
  withImport(options: { adoptExisting: boolean }): void;
  dispose(): Promise<void>;
}

export interface CliRequestCounts {
  github: { requests: number; notModified: number; writes: number };
  snyk: { v1: number; rest: number; writes: number };
}

export async function startCliStack(
  n: number,
  name: string,
  log: (line: string) => void,
  provider: ProviderKind = "dynamic",
): Promise<CliStack> {
  const names = Array.from({ length: n }, (_, i) => `repo-${String(i + 1).padStart(6, "0")}`);
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: names.map((repo) => ({ name: repo })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  let repositoryImport: { adoptExisting: boolean } | undefined;
  const stack =
    provider === "native"
      ? await nativeStack(name, n, world)
      : await E2EStack.create({
          name: `${name}-${n}`,
          config: world.config,
          secrets: world.secrets,
          env: world.env,
          program: () => {
            const integration = new Integration("snyk", {
              platform: "snyk",
              platformOrg: SNYK_ORG,
              scm: "github",
              token: TOKEN,
            });
            const connection = new OrgConnection("acme", { integration, organization: "acme" });
            if (!repositoryImport) return Promise.resolve({});
            const repos = new RepositoryImport("all", {
              connection,
              selector: { include: ["acme/*"] },
              adoptExisting: repositoryImport.adoptExisting,
              maxDeletions: 10,
            });
            return Promise.resolve({ importedCount: repos.importedCount });
          },
        });
  log(`${name} ${n}: up #1 (integration)`);
  await stack.up();
  const integrationId = stack.stateOutputs("Integration")?.integrationId;
  if (typeof integrationId !== "string" || !integrationId)
    throw new Error("the Integration has no integrationId output");
  return {
    provider,
    world,
    stack,
    snyk: (world.platform as unknown as { snyk: SnykState }).snyk,
    names,
    integrationId,
    withImport: (options) => {
      repositoryImport = options;
      if (provider === "native") declare(stack, yamlProgram(stack.projectName, options));
    },
    dispose: async () => {
      await stack.dispose();
      await world.stop();
    },
  };
}

/** The bench program in YAML, on the native plugin; the RepositoryImport once `repositoryImport` is given. */
function yamlProgram(project: string, repositoryImport?: { adoptExisting: boolean }): string {
  const integration = [
    "        integrationId: ${snyk.integrationId}",
    "        platform: snyk",
    `        platformOrg: ${SNYK_ORG}`,
    "        scm: github",
    "        apiUrl: ${snyk.apiUrl}",
    "        token: ${snyk.token}",
  ];
  const lines = [
    `name: ${project}`,
    "runtime: yaml",
    "config:",
    "  githubToken:",
    "    type: string",
    "    secret: true",
    "resources:",
    "  snyk:",
    "    type: scm-integrations:index:Integration",
    "    properties:",
    "      platform: snyk",
    `      platformOrg: ${SNYK_ORG}`,
    "      scm: github",
    "      token: ${githubToken}",
    "  acme:",
    "    type: scm-integrations:index:OrgConnection",
    "    properties:",
    "      organization: acme",
    "      integration:",
    ...integration,
  ];
  if (repositoryImport)
    lines.push(
      "  all:",
      "    type: scm-integrations:index:RepositoryImport",
      "    properties:",
      "      connection:",
      "        connectionId: ${acme.connectionId}",
      "        organization: acme",
      ...integration,
      "      selector:",
      "        include: [acme/*]",
      `      adoptExisting: ${String(repositoryImport.adoptExisting)}`,
      "      maxDeletions: 10",
    );
  lines.push("outputs:", "  integrationId: ${snyk.integrationId}");
  if (repositoryImport) lines.push("  importedCount: ${all.importedCount}");
  return `${lines.join("\n")}\n`;
}

async function nativeStack(name: string, n: number, world: World): Promise<E2EStack> {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-native-"));
  try {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    fs.writeFileSync(projectFile, yamlProgram(`${name.replace(/[^A-Za-z0-9-]/g, "-")}-native-${n}`));
    return await E2EStack.create({
      name: `${name}-native-${n}`,
      projectFile,
      config: world.config,
      secrets: { ...world.secrets, githubToken: TOKEN },
      env: { ...world.env, ...nativeEnv() },
    });
  } finally {
    // E2EStack copied the project file into its own work folder.
    fs.rmSync(projectDir, { recursive: true, force: true });
  }
}

/** One CLI command, measured: its wall, the provider processes it started and the emulators' requests. */
export async function measuredCommand<T>(
  cli: CliStack,
  command: () => Promise<T>,
): Promise<{ result: T; wallMs: number; process: ProviderProcessFigures; requests: CliRequestCounts }> {
  cli.world.scm.resetRequestStats();
  cli.world.platform.resetRequestStats();
  const stop = watchProviderProcesses(cli.provider);
  const t0 = performance.now();
  const result = await command();
  const wallMs = performance.now() - t0;
  const process = stop();
  const gh = cli.world.scm.requestStats();
  const sn = cli.world.platform.requestStats();
  let rest = 0;
  for (const [key, count] of Object.entries(sn.byRoute)) if (key.includes(" /rest/")) rest += count;
  return {
    result,
    wallMs,
    process,
    requests: {
      github: { requests: gh.total, notModified: gh.byStatus["304"] ?? 0, writes: gh.writes },
      snyk: { v1: sn.total - rest, rest, writes: sn.writes },
    },
  };
}
