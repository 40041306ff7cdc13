// The no-op preview through the real Pulumi CLI (test/support/harness.ts): a stack whose
// RepositoryImport already holds N repositories, previewed again with nothing changed. What is measured
// is what a user waits for and what the machine must hold: the `pulumi preview` command's wall time
// and the peak RSS of the dynamic-provider process the CLI starts (process-watch.ts), not a child
// process of the benchmark that never loads the Pulumi SDK.
//
// Getting there without N imports at the rate limit: up #1 makes the Integration and OrgConnection; the
// Snyk emulator then gets a target for every repository (as if imported earlier); up #2 adds the
// RepositoryImport with adoptExisting, which takes them over with no write; then the measured preview.
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import type { SnykState } from "../emulators/snyk/state";
import { E2EStack } from "../support/harness";
import { SNYK_ORG, startWorld } from "../support/world";
import { watchProviderProcesses, type ProviderProcessFigures } from "./process-watch";

const TOKEN = "ghp_BENCHcliNoopCANARY000000000000000001";

export interface CliNoopFigures extends ProviderProcessFigures {
  /** Wall time of the `pulumi preview` command, ms. */
  previewMs: number;
  changes: Record<string, number>;
  /** Requests the emulators saw during the preview. */
  github: { requests: number; notModified: number; writes: number };
  snyk: { v1: number; rest: number; writes: number };
}

export async function cliNoopPreview(n: number, log: (line: string) => void): Promise<CliNoopFigures> {
  const names = Array.from({ length: n }, (_, i) => `repo-${String(i + 1).padStart(6, "0")}`);
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: names.map((name) => ({ name })),
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
  });
  let withImport = false;
  const stack = await E2EStack.create({
    name: `bench-noop-${n}`,
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
      if (!withImport) return Promise.resolve({});
      const repos = new RepositoryImport("all", {
        connection,
        selector: { include: ["acme/*"] },
        adoptExisting: true,
        maxDeletions: 10,
      });
      return Promise.resolve({ importedCount: repos.importedCount });
    },
  });
  try {
    log(`cli no-op ${n}: up #1 (integration)`);
    await stack.up();
    const integrationId = stack.stateOutputs("Integration")?.integrationId;
    if (typeof integrationId !== "string" || !integrationId)
      throw new Error("the Integration has no integrationId output");
    const state = (world.platform as unknown as { snyk: SnykState }).snyk;
    for (const name of names) {
      const target = state.addTarget({
        orgId: SNYK_ORG,
        integrationId,
        integrationType: "github-enterprise",
        displayName: `acme/${name}`,
        url: `https://github.com/acme/${name}`,
        isPrivate: true,
      });
      state.addProject(target, "package.json", "main");
    }
    withImport = true;
    log(`cli no-op ${n}: up #2 (adopt ${n})`);
    const up = await stack.up();
    if (Number(up.outputs.importedCount) !== n)
      throw new Error(`up #2 adopted ${String(up.outputs.importedCount)} of ${n}`);
    log(`cli no-op ${n}: measured preview`);
    world.scm.resetRequestStats();
    world.platform.resetRequestStats();
    const stop = watchProviderProcesses();
    const t0 = performance.now();
    const preview = await stack.preview({ expectNoChanges: true });
    const previewMs = performance.now() - t0;
    const figures = stop();
    const gh = world.scm.requestStats();
    const sn = world.platform.requestStats();
    let rest = 0;
    for (const [key, count] of Object.entries(sn.byRoute)) if (key.includes(" /rest/")) rest += count;
    return {
      ...figures,
      previewMs,
      changes: preview.changeSummary,
      github: { requests: gh.total, notModified: gh.byStatus["304"] ?? 0, writes: gh.writes },
      snyk: { v1: sn.total - rest, rest, writes: sn.writes },
    };
  } finally {
    await stack.dispose();
    await world.stop();
  }
}
