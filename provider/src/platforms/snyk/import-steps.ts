// The RepositoryImport step on Snyk's side: V1 import jobs submitted and watched (./import-jobs), the
// resulting REST targets marked with their owner (./owner-marks), and targets deleted on removal.
import type { ImportOptions, ImportOutcome, ImportScope, Platform, PlatformImport, RepositoryToImport } from "../types";
import { memoryJournal, openFileJournal, type JobJournal } from "../job-journal";
import { runImports } from "./import-jobs";
import { listConnectionTargets, listSnykImports } from "./import-listing";
import { markTargets, StreamingMarks, type MarkResult } from "./owner-marks";
import type { SnykContext } from "./platform-context";

type ImportSteps = Pick<Platform, "listImports" | "importRepositories" | "removeImport"> &
  Required<Pick<Platform, "markOwned">>;

export function snykImportSteps(context: SnykContext): ImportSteps {
  return {
    listImports: (scope) => listSnykImports(context, scope),
    markOwned: (scope, imports, concurrency) => markImported(context, scope, imports, concurrency),
    importRepositories: (scope, repositories, options) => importRepositories(context, scope, repositories, options),
    removeImport: (scope, item) => removeImport(context, scope, item),
  };
}

async function importRepositories(
  context: SnykContext,
  scope: ImportScope,
  repositories: RepositoryToImport[],
  options: ImportOptions,
): Promise<ImportOutcome[]> {
  const { v1, transport, logger, schedule } = context;
  const marks = scope.owner === undefined ? undefined : streamingMarks(context, scope, options.concurrency);
  const outcomes = await runImports(v1, repositories, {
    orgId: scope.platformOrg,
    integrationId: scope.integrationId,
    scmKind: scope.endpoint.scm === "gitlab" || scope.endpoint.scm === "gitlab-self-managed" ? "gitlab" : "github",
    concurrency: options.concurrency,
    schedule,
    clock: transport.clock,
    logger,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(marks ? { onTargetListed: (targetId: string) => marks.add(targetId) } : {}),
    resolveTargets: async () => targetIdsByName((await listConnectionTargets(context, scope)).targets),
    listRecentTargets: async (sinceMs) => {
      const listed = await listConnectionTargets(context, scope, { createdGte: new Date(sinceMs).toISOString() });
      return { targets: targetIdsByName(listed.targets), pages: listed.pages };
    },
    serverTimeAt: (localMs) => transport.serverClock.serverTimeAt(localMs),
    journal: await journalFor(context, scope, options.journalDir),
  });
  // Targets the watcher's listing showed were marked while the other jobs ran; the rest once known.
  // The import stands whatever tagging does.
  const imported = outcomes.flatMap((o) =>
    o.platformId !== undefined ? [{ fullName: o.fullName, platformId: o.platformId }] : [],
  );
  if (marks) reportMarkFailures(logger, scope, imported, await marks.finish(imported.map((i) => i.platformId)));
  return outcomes;
}

/** Lower-cased display name → target id, as the job watcher looks targets up. */
function targetIdsByName(targets: PlatformImport[]): Map<string, string> {
  return new Map(targets.map((t) => [t.fullName.toLowerCase(), t.platformId]));
}

/** A file journal keyed by the API root, org and integration when a directory is given; else this run only. */
async function journalFor(
  { transport, logger }: SnykContext,
  scope: ImportScope,
  journalDir: string | undefined,
): Promise<JobJournal> {
  if (!journalDir) return memoryJournal();
  return openFileJournal(journalDir, `snyk\n${transport.roots.app}\n${scope.platformOrg}\n${scope.integrationId}`, {
    now: () => transport.clock.now(),
    logger,
  });
}

function markerOf(scope: ImportScope): { owner: string; holder?: string } {
  return { owner: scope.owner as string, ...(scope.holder !== undefined ? { holder: scope.holder } : {}) };
}

function streamingMarks({ rest }: SnykContext, scope: ImportScope, concurrency: number): StreamingMarks {
  return new StreamingMarks((targetIds) =>
    markTargets(rest, scope.platformOrg, markerOf(scope), targetIds, concurrency),
  );
}

/**
 * Tag the projects of these imports with the scope's owner marker and holder; a failure is a
 * warning, never an error. Returns the names of the imports not (fully) tagged.
 */
async function markImported(
  { rest, logger }: SnykContext,
  scope: ImportScope,
  imports: { fullName: string; platformId: string }[],
  concurrency: number,
): Promise<string[]> {
  if (scope.owner === undefined || imports.length === 0) return [];
  const result = await markTargets(
    rest,
    scope.platformOrg,
    markerOf(scope),
    imports.map((i) => i.platformId),
    concurrency,
  );
  return reportMarkFailures(logger, scope, imports, result);
}

/** One warning for the imports some project of which could not be tagged; returns their names. */
function reportMarkFailures(
  logger: SnykContext["logger"],
  scope: ImportScope,
  imports: { fullName: string; platformId: string }[],
  result: MarkResult,
): string[] {
  if (result.failed.length === 0) return [];
  const names = new Map(imports.map((i) => [i.platformId, i.fullName]));
  const shown = result.failed
    .slice(0, 10)
    .map((f) => `${names.get(f.targetId) ?? f.targetId} (${f.error})`)
    .join("; ");
  logger.warn(
    `Snyk: ${result.failed.length} of ${imports.length} imports could not be marked with their owner ${String(scope.owner)}: ${shown}` +
      `${result.failed.length > 10 ? ` and ${result.failed.length - 10} more` : ""}. They are imported and owned by this resource's state; ` +
      "the next pulumi up that applies this resource marks them again (until then other stacks do not see who imported them)",
  );
  return result.failed.map((f) => names.get(f.targetId) ?? f.targetId);
}

async function removeImport({ rest, logger }: SnykContext, scope: ImportScope, item: PlatformImport): Promise<void> {
  // Deleting a Snyk target deletes all its projects; the resource decides when that is wanted.
  const removed = await rest.deleteTarget(scope.platformOrg, item.platformId);
  if (!removed) logger.info(`Snyk: target ${item.platformId} (${item.fullName}) was already gone`);
}
