// Carrying out a reconcile plan: imports pipelined with their job polls (inside the platform adapter),
// removals with bounded concurrency, progress lines, and outputs that always say what exists — also
// when part of the plan failed, so the engine records it and the next `up` converges.
import pLimit from "p-limit";
import { errorMessage } from "../core/errors";
import { nameKey } from "../plan/names";
import { ownedAfterApply, type ActualImport, type Plan } from "../plan/reconcile";
import type { ImportOutcome, RepositoryToImport } from "../platforms/types";
import type { RepositoryInfo } from "../scm/types";
import { compact, withInternal } from "./props";
import type { Props } from "./handler";
import { importJournalDir, type ImportContext } from "./repository-import-context";
import type { RepositoryImportOutputs } from "./schema.generated";
import { groupPlanFacts } from "./scm-facts";

export interface ApplyResult {
  outputs: Props;
  /** Repository → why it was not done. Empty when the whole plan was carried out. */
  failures: Record<string, string>;
}

interface ProgressLog {
  /** `done` of `total` finished, `failed` of them failed: logged at most about every 10 %. */
  step(done: number, total: number, failed: number): void;
  /** The final count, always logged once the outcomes are settled. */
  end(succeeded: number, total: number, failed: number): void;
}

/**
 * Log `imported 240/1000` at most about every 10 % and at the end, so long runs show progress. Only
 * what succeeded counts as done: failures are counted apart (`imported 7/9, 2 failed`).
 */
function progressLogger(ctx: ImportContext, verb: string): ProgressLog {
  let lastShown = 0;
  const line = (succeeded: number, total: number, failed: number) =>
    ctx.logger.info(`${verb} ${succeeded}/${total}${failed > 0 ? `, ${failed} failed` : ""}`);
  return {
    step(done, total, failed) {
      const step = Math.max(1, Math.floor(total / 10));
      if (done < total && done - lastShown >= step) {
        lastShown = done;
        line(done - failed, total, failed);
      }
    },
    end: line,
  };
}

async function lookUpMissing(ctx: ImportContext, names: string[], known: Map<string, RepositoryInfo>): Promise<void> {
  for (const name of names) {
    if (known.has(nameKey(name))) continue;
    const repo = await ctx.client.getRepository(name);
    if (repo) known.set(nameKey(name), repo);
  }
}

export async function applyReconcilePlan(
  ctx: ImportContext,
  plan: Plan,
  known: Map<string, RepositoryInfo>,
  props: Props,
  listingComplete: boolean,
): Promise<ApplyResult> {
  const failures: Record<string, string> = {};
  const imported: Record<string, string> = {};
  for (const keep of plan.keeps) imported[keep.fullName] = keep.platformId;

  // Imports and resumed scans go through the same idempotent platform call.
  const toImport = [...plan.imports, ...plan.resume.map((r) => r.fullName)];
  await lookUpMissing(ctx, toImport, known);
  const requests: RepositoryToImport[] = [];
  for (const fullName of toImport) {
    const repo = known.get(nameKey(fullName));
    if (!repo) {
      failures[fullName] = "no longer found in the SCM (deleted, renamed, or no longer visible to the token)";
      continue;
    }
    if (nameKey(repo.fullName) !== nameKey(fullName)) {
      // The SCM resolved the old name to the repository's new one (GitHub's 301 for a rename).
      failures[fullName] = `renamed in the SCM to ${repo.fullName}: not imported under its old name`;
      continue;
    }
    // Snyk's import target names the branch to scan for every SCM (V1 description:
    // GithubAndGithubEnterpriseRepoTarget and the GitLab target require `branch`): the repository's
    // default unless one is set. Semgrep takes a branch only when one is set (its primary branch).
    const gitlab = ctx.scope.endpoint.scm === "gitlab" || ctx.scope.endpoint.scm === "gitlab-self-managed";
    const needsBranch = gitlab || ctx.inputs.connection.platform === "snyk";
    const branch = ctx.inputs.branch ?? (needsBranch ? (repo.defaultBranch ?? undefined) : undefined);
    requests.push({ fullName, scmId: repo.id, ...(branch ? { branch } : {}) });
  }
  let outcomes: ImportOutcome[] = [];
  if (requests.length > 0) {
    ctx.logger.info(`importing ${requests.length} repositories (at most ${ctx.inputs.concurrency} requests in flight)`);
    const progress = progressLogger(ctx, "imported");
    // Semgrep judges Managed Scans' prerequisites before it starts anything (GitLab.com: the group's plan).
    const scmFacts =
      ctx.inputs.connection.platform === "semgrep" ? await groupPlanFacts(ctx.client, ctx.scope.organization) : {};
    outcomes = await ctx.platform.importRepositories(ctx.scope, requests, {
      concurrency: ctx.inputs.concurrency,
      onProgress: (done, total, failed) => progress.step(done, total, failed),
      journalDir: importJournalDir(),
      scmFacts,
    });
    const succeeded = outcomes.filter((o) => o.ok && o.platformId).length;
    progress.end(succeeded, requests.length, requests.length - succeeded);
  }
  // Held by the platform now: imported, or reported with its target / project although the import
  // did not finish cleanly (the platform has it, so it is this resource's to remove later).
  const held: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok && outcome.platformId) imported[outcome.fullName] = outcome.platformId;
    else failures[outcome.fullName] = outcome.error ?? "the platform reported a failure without a reason";
    if (outcome.platformId) held.push(outcome.fullName);
  }

  if (plan.removals.length > 0) ctx.logger.info(`removing ${plan.removals.length} imports no longer desired`);
  const removal = await removeImports(ctx, plan.removals);
  Object.assign(failures, removal.failures);

  // Owned after = owned before − confirmed removals + confirmed imports: a write that failed is not
  // assumed done, so a removal that failed stays owned and the next plan makes it again.
  const owned = ownedAfterApply(plan, { removed: removal.removed, imported: held });
  const holdings = { owned, adopted: plan.adoptedAfter };
  const outputs = buildOutputs(ctx, props, plan, imported, failures, listingComplete, removal.removed.length, holdings);
  return { outputs, failures };
}

/** Remove platform imports with bounded concurrency; one failure does not stop the others. */
export async function removeImports(
  ctx: ImportContext,
  items: readonly ActualImport[],
): Promise<{ removed: ActualImport[]; failures: Record<string, string> }> {
  const removed: ActualImport[] = [];
  const failures: Record<string, string> = {};
  const limit = pLimit(ctx.inputs.concurrency);
  const progress = progressLogger(ctx, "removed");
  let done = 0;
  let failed = 0;
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        try {
          // Idempotent: an import the platform reports as already gone (404) counts as removed.
          await ctx.platform.removeImport(ctx.scope, item, { deleteFindings: ctx.inputs.deleteFindings });
          removed.push(item);
        } catch (e) {
          failed++;
          failures[item.fullName] = `not removed (id ${item.platformId}): ${errorMessage(e)}`;
        } finally {
          progress.step(++done, items.length, failed);
        }
      }),
    ),
  );
  if (items.length > 0) progress.end(removed.length, items.length, failed);
  return { removed, failures };
}

export function buildOutputs(
  ctx: ImportContext,
  props: Props,
  plan: Plan,
  imported: Record<string, string>,
  failures: Record<string, string>,
  listingComplete: boolean,
  removals: number,
  holdings: { owned: string[]; adopted: string[] },
): Props {
  const sortedImported: Record<string, string> = {};
  for (const name of Object.keys(imported).sort()) sortedImported[name] = imported[name]!;
  const sortedFailures: Record<string, string> = {};
  for (const name of Object.keys(failures).sort()) sortedFailures[name] = failures[name]!;
  const outputs: RepositoryImportOutputs = {
    ...ctx.inputs,
    resolvedRepositories:
      ctx.inputs.resolvedRepositories ?? Object.fromEntries(plan.desired.map((n) => [n, "selector"])),
    desiredCount: plan.desired.length,
    importedCount: Object.keys(sortedImported).length,
    failedCount: Object.keys(sortedFailures).length,
    failures: sortedFailures,
    imported: sortedImported,
    owned: holdings.owned,
    adopted: [...holdings.adopted].sort(),
    listingComplete,
    lastPlan: { imports: plan.imports.length + plan.resume.length, removals, keeps: plan.keeps.length },
  };
  return withInternal(compact(outputs as unknown as Props), props);
}

/** The error message for a partly applied plan: which repositories were not done, and what happens next. */
export function partialFailureMessage(failures: Record<string, string>, total: number): string {
  const names = Object.keys(failures).sort();
  const shown = names.slice(0, 10).map((name) => `${name} (${failures[name]})`);
  const more = names.length > shown.length ? `, and ${names.length - shown.length} more (see the failures output)` : "";
  return (
    `${names.length} of ${total} repositories were not done: ${shown.join("; ")}${more}. ` +
    "What succeeded is recorded; run pulumi up again to retry the rest (nothing is imported twice)"
  );
}
