// Preview's check of the `branch` input: the repositories about to be imported whose default branch
// is not `branch` are asked whether they have it (bounded, with the SCM client's concurrency). Missing
// in some: a warning naming them. Missing in every desired repository: a check failure on `branch`.
// A lookup that fails otherwise (5xx, rate limit, timeout) is "could not check", never "missing", and
// never fails the preview; after the first such failure no further lookup is sent.
import pLimit from "p-limit";
import { errorMessage, ScmIntegrationError } from "../core/errors";
import { describeValue } from "../core/redact";
import { planBranchLookups, branchReport } from "../plan/branch-lookups";
import { compareNames, nameKey } from "../plan/names";
import type { ImportListing } from "../platforms/types";
import type { RepositoryInfo } from "../scm/types";
import { errorFailure } from "./failures";
import type { ImportContext } from "./repository-import-context";
import type { CheckFailure } from "./schema-support";

export interface BranchCheckInput {
  /** Repositories the plan imports (or, without a plan in check, those new since the last run). */
  candidates: readonly string[];
  /** How many repositories are desired in all. */
  desiredCount: number;
  /** What the SCM said about each desired repository (by lower-cased name): its default branch. */
  known: () => Promise<ReadonlyMap<string, RepositoryInfo>>;
  /** The platform's listing when check has one: repositories it already scans are not imported again. */
  actual?: Promise<ImportListing>;
}

async function scannedKeys(actual: Promise<ImportListing> | undefined): Promise<Set<string>> {
  if (!actual) return new Set();
  try {
    const listing = await actual;
    return new Set(listing.imports.filter((i) => i.scanning).map((i) => nameKey(i.fullName)));
  } catch {
    return new Set(); // the step that plans reports the listing's failure
  }
}

/** Logs what preview found about `branch`; returns a failure only when no desired repository has it. */
export async function checkBranchAtPreview(
  ctx: ImportContext,
  input: BranchCheckInput,
): Promise<CheckFailure | undefined> {
  const branch = ctx.inputs.branch;
  if (branch === undefined || input.candidates.length === 0) return undefined;
  let known: ReadonlyMap<string, RepositoryInfo>;
  try {
    known = await input.known();
  } catch (e) {
    ctx.logger.warn(`could not check branch ${describeValue(branch)}: ${errorMessage(e)}`);
    return undefined;
  }
  const scanned = await scannedKeys(input.actual);
  const toImport = input.candidates.filter((n) => !scanned.has(nameKey(n)));
  const plan = planBranchLookups(branch, toImport, (n) => known.get(nameKey(n))?.defaultBranch);

  const missing: string[] = [];
  const unknown: string[] = [];
  let firstFailure: string | undefined;
  const limit = pLimit(Math.max(1, ctx.inputs.concurrency));
  await Promise.all(
    plan.lookUp.map((fullName) =>
      limit(async () => {
        if (firstFailure !== undefined) {
          unknown.push(fullName);
          return;
        }
        try {
          if (!(await ctx.client.branchExists(fullName, branch))) missing.push(fullName);
        } catch (e) {
          firstFailure ??= errorMessage(e);
          unknown.push(fullName);
        }
      }),
    ),
  );
  const report = branchReport({
    branch,
    platform: ctx.inputs.connection.platform,
    desiredCount: input.desiredCount,
    missing: missing.sort(compareNames),
    unknown: unknown.sort(compareNames),
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    notChecked: plan.notChecked,
  });
  for (const warning of report.warnings) ctx.logger.warn(warning);
  if (!report.failure) return undefined;
  const error = new ScmIntegrationError("invalid-input", report.failure.problem, {
    field: "branch",
    fix: report.failure.fix,
  });
  return errorFailure(error, "branch");
}
