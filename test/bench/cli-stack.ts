// A stack through the real Pulumi CLI (test/support/harness.ts) over N repositories of one GitHub
// organization connected to Snyk, for the benchmark rows measured on the provider process the CLI
// starts (cli-noop.ts, cli-apply.ts). up #1 makes the Integration and OrgConnection; the caller then
// prepares the Snyk emulator and turns the RepositoryImport on.
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SnykState } from "../emulators/snyk/state";
import { E2EStack } from "../support/harness";
import { SNYK_ORG, startWorld, type World } from "../support/world";
import { watchProviderProcesses, type ProviderProcessFigures } from "./process-watch";

const TOKEN = "ghp_BENCHcliStackCANARY0000000000000001";

export interface CliStack {
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

export async function startCliStack(n: number, name: string, log: (line: string) => void): Promise<CliStack> {
  const names = Array.from({ length: n }, (_, i) => `repo-${String(i + 1).padStart(6, "0")}`);
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: names.map((repo) => ({ name: repo })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  let repositoryImport: { adoptExisting: boolean } | undefined;
  const stack = await E2EStack.create({
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
    world,
    stack,
    snyk: (world.platform as unknown as { snyk: SnykState }).snyk,
    names,
    integrationId,
    withImport: (options) => {
      repositoryImport = options;
    },
    dispose: async () => {
      await stack.dispose();
      await world.stop();
    },
  };
}

/** One CLI command, measured: its wall, the provider processes it started and the emulators' requests. */
export async function measuredCommand<T>(
  cli: CliStack,
  command: () => Promise<T>,
): Promise<{ result: T; wallMs: number; process: ProviderProcessFigures; requests: CliRequestCounts }> {
  cli.world.scm.resetRequestStats();
  cli.world.platform.resetRequestStats();
  const stop = watchProviderProcesses();
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
