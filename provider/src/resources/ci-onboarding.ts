// RepositoryImport with onboarding method `ciJob` (Semgrep): instead of turning Managed Scans on, open
// one pull / merge request per repository adding Semgrep's CI job, with the SEMGREP_APP_TOKEN secret /
// masked variable beside it; the repository appears in Semgrep after the job's first run.
//
// Where Semgrep's own bulk endpoints apply (GitHub.com: repos/_secret + repos/_provision, through its
// GitHub app, for repositories Semgrep holds as projects), method `semgrepProvisioning` uses them
// instead (ci-provisioning.ts). They do not apply to GitLab (no such endpoint) nor, as far as Semgrep's
// description says, to GitHub Enterprise Server (UNVERIFIED), and they neither report a pull request nor
// take our template: there, and whenever the user wants the review, this method's pull / merge requests
// through the SCM's own API, which work on all four SCMs and are idempotent as below.
import pLimit from "p-limit";
import { errorMessage } from "../core/errors";
import { nameKey } from "../plan/names";
import { describeCiPlan, type ObservedRequest } from "../plan/ci-onboarding";
import { buildCiOutputs, partialOnboarding, seenBySemgrep, shownFailures, statusOf } from "./ci-onboarding-outputs";
import { closeRemoved } from "./ci-onboarding-removal";
import type { Props } from "./handler";
import { ciJobOf, type CheckedCiJob } from "./ci-onboarding-inputs";
import { checkCiToken, planCi, recordedOf, refusalOf, type CiPlanned } from "./ci-onboarding-plan";
import { desiredFor } from "./listing-reuse";
import { contextOf, parseInputs, type ImportContext } from "./repository-import-context";
import { resolvedNames } from "./repository-import-plan";
import type { CiOnboardingStatus, CheckedRepositoryImportInputs } from "./schema.generated";

function desiredOf(ctx: ImportContext, fallback: string[]): string[] {
  return ctx.inputs.resolvedRepositories ? resolvedNames(ctx.inputs.resolvedRepositories) : fallback;
}

/** Preview: the token can do it, and the requests `up` will open (count + names); a refused plan fails. */
export async function previewCiOnboarding(
  inputs: CheckedRepositoryImportInputs,
  props: Props,
  olds: Props,
): Promise<{ property: string; reason: string } | undefined> {
  const ciJob = ciJobOf(inputs);
  if (!ciJob) return undefined;
  const ctx = contextOf(inputs, props);
  const tokenProblem = await checkCiToken(ctx, ciJob);
  if (tokenProblem) return { property: "onboarding.ciJob.scmToken", reason: tokenProblem.replace(/^[^:]+: /, "") };
  try {
    const resolution = await desiredFor(ctx, false);
    const planned = await planCi(ctx, ciJob, desiredOf(ctx, resolution.desired), resolution.byKey, recordedOf(olds));
    const refusal = refusalOf(planned);
    if (refusal) return { property: "onboarding.ciJob.maxNewRequests", reason: refusal.message };
    for (const line of describeCiPlan(planned.plan, planned.scm.requestNoun)) ctx.logger.info(line);
    for (const [name, why] of Object.entries(planned.gathered.failures))
      ctx.logger.warn(`ci onboarding: ${name} ${why}`);
  } catch (e) {
    return { property: "onboarding.ciJob.scmToken", reason: errorMessage(e) };
  }
  return undefined;
}

/** Whether `up` would write anything (diff): requests to open or to close. A refused plan throws. */
export async function ciWorkPending(
  inputs: CheckedRepositoryImportInputs,
  props: Props,
  olds: Props,
): Promise<boolean> {
  const ciJob = ciJobOf(inputs);
  if (!ciJob) return false;
  const ctx = contextOf(inputs, props);
  const resolution = await desiredFor(ctx, false);
  const planned = await planCi(ctx, ciJob, desiredOf(ctx, resolution.desired), resolution.byKey, recordedOf(olds));
  const refusal = refusalOf(planned);
  if (refusal) throw refusal;
  const recorded = recordedOf(olds);
  const forgotten = planned.plan.removals.length > 0;
  const unrecorded = planned.plan.actions.some((a) => recorded[a.fullName] === undefined);
  return planned.plan.opens.length > 0 || forgotten || unrecorded;
}

/** create / update: open what the plan says, with bounded concurrency; a partial apply records what exists. */
export async function applyCiOnboarding(id: string, props: Props, olds: Props): Promise<{ id: string; outs: Props }> {
  const inputs = parseInputs(props);
  const ciJob = ciJobOf(inputs) as CheckedCiJob;
  const ctx = contextOf(inputs, props);
  const resolution = await desiredFor(ctx, false);
  const desired = desiredOf(ctx, resolution.desired);
  const recorded = recordedOf(olds);
  const planned = await planCi(ctx, ciJob, desired, resolution.byKey, recorded);
  const refusal = refusalOf(planned);
  if (refusal) throw refusal;
  for (const line of describeCiPlan(planned.plan, planned.scm.requestNoun)) ctx.logger.info(line);

  const failures: Record<string, string> = { ...planned.gathered.failures };
  const opened = await openRequests(ctx, planned, failures);
  const closed = await closeRemoved(ctx, planned, failures);
  await rotateSecrets(ctx, planned, ciJob, olds, opened, failures);
  const seen = await seenBySemgrep(ctx);
  const statuses: Record<string, CiOnboardingStatus> = {};
  for (const action of planned.plan.actions) {
    const before = (olds.ciOnboarding as Record<string, CiOnboardingStatus> | undefined)?.[action.fullName];
    const wasSeen = seen ? seen.has(nameKey(action.fullName)) : (before?.seenBySemgrep ?? false);
    const status = statusOf(action, opened.get(action.fullName), wasSeen);
    if (status) statuses[action.fullName] = status;
  }
  // A desired repository whose facts could not be read keeps what the last run recorded; so does one
  // no longer desired whose request could not be closed, so that the next up closes it.
  for (const name of [...Object.keys(planned.gathered.failures), ...closed.failed]) {
    const before = (olds.ciOnboarding as Record<string, CiOnboardingStatus> | undefined)?.[name];
    if (before) statuses[name] = before;
  }
  const outs = buildCiOutputs(ctx, props, olds, desired, statuses, failures, seen, {
    opened: opened.size,
    closed: closed.count,
  });
  const failed = Object.keys(failures).length;
  if (failed > 0) {
    throw partialOnboarding(
      id,
      props,
      outs,
      `${failed} ${failed === 1 ? "repository was" : "repositories were"} not onboarded: ${shownFailures(failures)}. ` +
        `What succeeded is recorded; run pulumi up again to retry the rest (no second ${planned.scm.requestNoun} is opened)`,
    );
  }
  ctx.logger.info(`ci onboarding done: ${opened.size} ${planned.scm.requestNoun}s opened`);
  return { id, outs };
}

async function openRequests(
  ctx: ImportContext,
  planned: CiPlanned,
  failures: Record<string, string>,
): Promise<Map<string, ObservedRequest>> {
  const opened = new Map<string, ObservedRequest>();
  const limit = pLimit(ctx.inputs.concurrency);
  const defaults = planned.gathered.defaults;
  await Promise.all(
    planned.plan.actions.map((action) =>
      limit(async () => {
        if (action.kind !== "open") return;
        const defaultBranch = defaults.get(nameKey(action.fullName))!;
        try {
          const request = await planned.scm.onboard({ fullName: action.fullName, defaultBranch }, action.branchExists);
          opened.set(action.fullName, request);
          ctx.logger.info(`ci onboarding: ${action.fullName}: opened ${request.url}`);
        } catch (e) {
          failures[action.fullName] = errorMessage(e);
        }
      }),
    ),
  );
  return opened;
}

/**
 * The Semgrep token changed since the last run: write it again where this resource set it (every
 * repository with a request of its own; one whose job was there already got no secret from it).
 */
async function rotateSecrets(
  ctx: ImportContext,
  planned: CiPlanned,
  ciJob: CheckedCiJob,
  olds: Props,
  opened: ReadonlyMap<string, ObservedRequest>,
  failures: Record<string, string>,
): Promise<void> {
  const before = (olds.onboarding as { ciJob?: { semgrepAppToken?: unknown } } | undefined)?.ciJob?.semgrepAppToken;
  if (typeof before !== "string" || before === "" || before === ciJob.semgrepAppToken) return;
  const targets = planned.plan.actions
    .filter((a) => !opened.has(a.fullName) && a.kind !== "open" && "request" in a && a.request !== undefined)
    .map((a) => a.fullName);
  if (targets.length === 0) return;
  ctx.logger.info(`ci onboarding: the Semgrep token changed; writing it again in ${targets.length} repositories`);
  const limit = pLimit(ctx.inputs.concurrency);
  await Promise.all(
    targets.map((fullName) =>
      limit(async () => {
        try {
          await planned.scm.putSecret(fullName);
        } catch (e) {
          failures[fullName] = `the rotated Semgrep token was not written: ${errorMessage(e)}`;
        }
      }),
    ),
  );
}
