// Which repositories a preview asks the SCM about for the `branch` input, and what it reports from
// the answers. Pure: the lookups themselves are made by resources/branch-check.ts.
import { describeValue } from "../core/redact";
import { nameKey } from "./names";
import type { Platform } from "../core/domain.generated";

/** At most this many branch lookups per preview: a preview of 100,000 repositories stays a preview. */
export const MAX_BRANCH_LOOKUPS = 200;

/** Names shown in one log line before "… and N more". */
const SHOWN = 20;

export interface BranchLookupPlan {
  /** Repositories to ask the SCM about, in the order given, at most the limit. */
  lookUp: string[];
  /** Repositories that need a lookup beyond the limit: not checked in this preview. */
  notChecked: number;
  /** Repositories whose default branch is `branch`: they have it, no request needed. */
  onDefault: number;
}

/**
 * Of the repositories about to be imported, the ones whose branch must be looked up: a repository
 * whose default branch (from the SCM listing) is `branch` has it; one whose default branch is unknown
 * is looked up like the others.
 */
export function planBranchLookups(
  branch: string,
  toImport: readonly string[],
  defaultBranchOf: (fullName: string) => string | null | undefined,
  limit = MAX_BRANCH_LOOKUPS,
): BranchLookupPlan {
  const seen = new Set<string>();
  const needed: string[] = [];
  let onDefault = 0;
  for (const name of toImport) {
    const key = nameKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    if (defaultBranchOf(name) === branch) onDefault++;
    else needed.push(name);
  }
  const lookUp = needed.slice(0, Math.max(0, limit));
  return { lookUp, notChecked: needed.length - lookUp.length, onDefault };
}

export interface BranchLookupResults {
  branch: string;
  platform: Platform;
  /** How many repositories the resource desires in all. */
  desiredCount: number;
  /** Repositories the SCM answered 404 for. */
  missing: string[];
  /** Repositories whose lookup failed otherwise (outage, rate limit, refused token) or never ran after one. */
  unknown: string[];
  /** The first such failure, as the SCM client reported it. */
  firstFailure?: string;
  /** Repositories beyond the lookup limit. */
  notChecked: number;
}

export interface BranchReport {
  /** Log lines, each a warning. */
  warnings: string[];
  /** Set when every desired repository lacks the branch: check fails on `branch` with this reason. */
  failure?: { problem: string; fix: string };
}

function list(names: readonly string[]): string {
  const head = names.slice(0, SHOWN).join(", ");
  return names.length > SHOWN ? `${head} … and ${names.length - SHOWN} more` : head;
}

/**
 * What `up` does with a repository that lacks the branch. Snyk's import (POST
 * /org/{orgId}/integrations/{integrationId}/import) documents `target.branch` of a GitHub target as
 * "default branch of the repo (Please contact support if you want to import a non default repo
 * branch)" and of a GitLab target as "repo branch"; what it does with one that does not exist is not
 * described (UNVERIFIED), so the message says what the provider does and what to expect. Semgrep's
 * project update takes `primary_branch` ("The full name of the branch you would like to set as
 * primary") without saying that it checks it exists (UNVERIFIED).
 */
function onUp(platform: Platform, branch: string): string {
  return platform === "snyk"
    ? `pulumi up still asks Snyk to import them on branch ${describeValue(branch)}; Snyk's import API does not ` +
        "describe importing a branch that does not exist, so expect each of them to be reported as a failed " +
        "import (the other repositories are imported)"
    : `pulumi up still turns on Managed Scans for them with primary branch ${describeValue(`refs/heads/${branch}`)}; ` +
        "Semgrep's API does not say it checks that the branch exists, so expect no scan results for them until it does";
}

function fixFor(branch: string): string {
  return (
    `create branch ${describeValue(branch)} in those repositories, leave them out (repositories, or selector.exclude), ` +
    "or unset branch so that each repository's default branch is scanned"
  );
}

export function branchReport(results: BranchLookupResults): BranchReport {
  const { branch, missing, unknown, notChecked, desiredCount } = results;
  const warnings: string[] = [];
  const quoted = describeValue(branch);
  const everyDesiredLacksIt =
    missing.length > 0 && missing.length === desiredCount && unknown.length === 0 && notChecked === 0;
  if (everyDesiredLacksIt) {
    return {
      warnings,
      failure: {
        problem: `${quoted} is a branch of none of the ${desiredCount} repositories to import (${list(missing)}), so nothing would be scanned`,
        fix: fixFor(branch),
      },
    };
  }
  if (missing.length > 0) {
    warnings.push(
      `branch ${quoted} does not exist in ${missing.length} of the repositories to import: ${list(missing)}. ` +
        `${onUp(results.platform, branch)}. Fix: ${fixFor(branch)}`,
    );
  }
  if (unknown.length > 0) {
    warnings.push(
      `could not check whether branch ${quoted} exists in ${unknown.length} of the repositories to import ` +
        `(${list(unknown)}): the SCM did not answer the branch lookup (an outage or refusal of the SCM, not a missing branch)` +
        (results.firstFailure ? `: ${results.firstFailure}` : ""),
    );
  }
  if (notChecked > 0) {
    warnings.push(
      `branch ${quoted} was not checked in ${notChecked} more repositories to import: a preview looks up at most ` +
        `${MAX_BRANCH_LOOKUPS} branches`,
    );
  }
  return { warnings };
}
