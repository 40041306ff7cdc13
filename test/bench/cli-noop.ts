// The no-op preview through the real Pulumi CLI: a stack whose RepositoryImport already holds N
// repositories, previewed again with nothing changed. What is measured is what a user waits for and
// what the machine must hold: the `pulumi preview` command's wall time and the peak RSS of the
// dynamic-provider process the CLI starts (process-watch.ts), not a child process of the benchmark
// that never loads the Pulumi SDK.
//
// Getting there without N imports at the rate limit: up #1 makes the Integration and OrgConnection
// (cli-stack.ts); the Snyk emulator then gets a target for every repository (as if imported earlier);
// up #2 adds the RepositoryImport with adoptExisting, which takes them over with no write; then the
// measured preview.
import { SNYK_ORG } from "../support/world";
import { measuredCommand, startCliStack, type CliRequestCounts } from "./cli-stack";
import type { ProviderKind, ProviderProcessFigures } from "./process-watch";

export interface CliNoopFigures extends ProviderProcessFigures, CliRequestCounts {
  /** Wall time of the `pulumi preview` command, ms. */
  previewMs: number;
  changes: Record<string, number>;
}

export async function cliNoopPreview(
  n: number,
  log: (line: string) => void,
  provider: ProviderKind = "dynamic",
): Promise<CliNoopFigures> {
  const cli = await startCliStack(n, "cli no-op", log, provider);
  try {
    for (const name of cli.names) {
      const target = cli.snyk.addTarget({
        orgId: SNYK_ORG,
        integrationId: cli.integrationId,
        integrationType: "github-enterprise",
        displayName: `acme/${name}`,
        url: `https://github.com/acme/${name}`,
        isPrivate: true,
      });
      cli.snyk.addProject(target, "package.json", "main");
    }
    cli.withImport({ adoptExisting: true });
    log(`cli no-op ${n}: up #2 (adopt ${n})`);
    const up = await cli.stack.up();
    if (Number(up.outputs.importedCount) !== n)
      throw new Error(`up #2 adopted ${String(up.outputs.importedCount)} of ${n}`);
    log(`cli no-op ${n}: measured preview`);
    const measured = await measuredCommand(cli, () => cli.stack.preview({ expectNoChanges: true }));
    return {
      ...measured.process,
      ...measured.requests,
      previewMs: measured.wallMs,
      changes: measured.result.changeSummary,
    };
  } finally {
    await cli.dispose();
  }
}
