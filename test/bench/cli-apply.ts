// An apply through the real Pulumi CLI: `pulumi up` of a RepositoryImport of N repositories, with the
// Snyk emulator's import jobs taking the given durations, measured on the dynamic-provider process the
// CLI starts (peak RSS, lifetime) and by the wall of the `up` command. The emulators here have no
// latency and this machine's CPU is shared with the CLI, so the wall is an upper bound of the
// provider's own (the apply rows of run.ts measure that against the floor).
import type { ImportJobDurations } from "../emulators/snyk/seed";
import { durationOf } from "../emulators/snyk/state";
import { measuredCommand, startCliStack, type CliRequestCounts } from "./cli-stack";
import type { ProviderKind, ProviderProcessFigures } from "./process-watch";

export interface CliApplyFigures extends ProviderProcessFigures, CliRequestCounts {
  /** Wall time of the `pulumi up` command, ms. */
  upMs: number;
  imported: number;
  /** Each repository's job duration on the emulator, ms (for the floor). */
  durations: number[];
}

export async function cliApply(
  n: number,
  jobs: ImportJobDurations,
  log: (line: string) => void,
  provider: ProviderKind = "dynamic",
): Promise<CliApplyFigures> {
  const cli = await startCliStack(n, "cli apply", log, provider);
  try {
    cli.snyk.jobDurations = jobs;
    cli.withImport({ adoptExisting: false });
    log(`cli apply ${n}: measured up (import ${n})`);
    const measured = await measuredCommand(cli, () => cli.stack.up());
    const imported = Number(measured.result.outputs.importedCount);
    if (imported !== n) throw new Error(`the up imported ${String(measured.result.outputs.importedCount)} of ${n}`);
    const durations = cli.names.map((name) => durationOf(jobs, `acme/${name}`) ?? 0);
    return { ...measured.process, ...measured.requests, upMs: measured.wallMs, imported, durations };
  } finally {
    await cli.dispose();
  }
}
