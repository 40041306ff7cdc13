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
import { errorMessage, ScmIntegrationError } from "../core/errors";
import { nameKey } from "../plan/names";
import { describeCiPlan, type CiAction, type ObservedRequest } from "../plan/ci-onboarding";
import { PartialApplyError } from "./failures";
import type { Props } from "./handler";
import { compact, pickInputs, withInternal } from "./props";
import { ciJobOf, type CheckedCiJob } from "./ci-onboarding-inputs";
import { checkCiToken, planCi, recordedOf, refusalOf, type CiPlanned } from "./ci-onboarding-plan";
import { createCiJobScm, type CiJobScm } from "./ci-onboarding-scm";
import { desiredFor } from "./listing-reuse";
import { contextOf, INPUT_KEYS, KIND, parseInputs, type ImportContext } from "./repository-import-context";
import { holdingsOf, resolvedNames } from "./repository-import-plan";
import { destroyOwnedImports } from "./repository-import-destroy";
import type { CiOnboardingStatus, CheckedRepositoryImportInputs, RepositoryImportOutputs } from "./schema.generated";

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

/** Semgrep's projects of the organization, by lower-cased name → project id; undefined when not listed. */
export async function seenBySemgrep(ctx: ImportContext): Promise<Map<string, string> | undefined> {
  try {
    const listing = await ctx.platform.listImports(ctx.scope);
    return new Map(listing.imports.map((i) => [nameKey(i.fullName), i.platformId]));
  } catch (e) {
    ctx.logger.warn(
      `ci onboarding: Semgrep's project listing failed (${errorMessage(e)}); seenBySemgrep kept as recorded`,
    );
    return undefined;
  }
}

function statusOf(
  action: CiAction | undefined,
  request: ObservedRequest | undefined,
  seen: boolean,
): CiOnboardingStatus | undefined {
  const req = request ?? (action && "request" in action ? action.request : undefined);
  if (action?.kind === "done" && action.state === "present") {
    return { state: "present", seenBySemgrep: seen, ...(req ? { url: req.url, number: req.number } : {}) };
  }
  if (!req) return undefined;
  return { state: req.state, url: req.url, number: req.number, seenBySemgrep: seen };
}

export function buildCiOutputs(
  ctx: ImportContext,
  props: Props,
  olds: Props,
  desired: string[],
  statuses: Record<string, CiOnboardingStatus>,
  failures: Record<string, string>,
  seen: Map<string, string> | undefined,
  counts: { opened: number; closed: number },
): Props {
  const sorted = <T>(map: Record<string, T>) =>
    Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((k) => [k, map[k]!]),
    ) as Record<string, T>;
  const imported: Record<string, string> = {};
  for (const name of desired) {
    const id = seen?.get(nameKey(name));
    if (id !== undefined) imported[name] = id;
  }
  const holdings = holdingsOf(olds);
  const outputs: RepositoryImportOutputs = {
    ...ctx.inputs,
    resolvedRepositories:
      ctx.inputs.resolvedRepositories ?? Object.fromEntries(desired.map((n) => [n, "selector"] as const)),
    desiredCount: desired.length,
    importedCount: Object.keys(imported).length,
    failedCount: Object.keys(failures).length,
    failures: sorted(failures),
    imported: sorted(imported),
    // Semgrep projects made by the CI job's runs are not this resource's to remove; what it imported
    // earlier with Managed Scans stays recorded (and destroy still removes it).
    owned: holdings.owned,
    adopted: holdings.adopted,
    listingComplete: seen !== undefined,
    lastPlan: { imports: counts.opened, removals: counts.closed, keeps: desired.length - counts.opened },
    ciOnboarding: sorted(statuses),
  };
  return withInternal(compact(outputs as unknown as Props), props);
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
    const shown = Object.entries(failures)
      .slice(0, 10)
      .map(([name, why]) => `${name} (${why})`)
      .join("; ");
    throw new PartialApplyError(
      `${KIND} ${typeof props.resourceName === "string" ? props.resourceName : id}: ${failed} ${failed === 1 ? "repository was" : "repositories were"} not onboarded: ${shown}. ` +
        `What succeeded is recorded; run pulumi up again to retry the rest (no second ${planned.scm.requestNoun} is opened)`,
      id,
      { ...outs, ...(props.__provider !== undefined ? { __provider: props.__provider } : {}) },
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

/**
 * Closes the request when it is still open. It is read first: one merged (or closed by a person) since
 * the last refresh is left as it is, whatever the SCM would answer to closing it.
 */
async function closeIfOpen(ctx: ImportContext, scm: CiJobScm, fullName: string, number: number): Promise<boolean> {
  const now = await scm.read(fullName, number);
  if (now?.state !== "open") {
    ctx.logger.info(`ci onboarding: ${fullName}: #${number} is ${now ? now.state : "gone"}; nothing to close`);
    return false;
  }
  await scm.close(fullName, number);
  ctx.logger.info(`ci onboarding: ${fullName}: closed ${now.url}`);
  return true;
}

/** Closes the requests of repositories no longer desired; those that failed are returned to be kept. */
async function closeRemoved(
  ctx: ImportContext,
  planned: CiPlanned,
  failures: Record<string, string>,
): Promise<{ count: number; failed: string[] }> {
  let count = 0;
  const failed: string[] = [];
  for (const removal of planned.plan.removals) {
    if (removal.action !== "close" || removal.number === undefined) continue;
    try {
      if (await closeIfOpen(ctx, planned.scm, removal.fullName, removal.number)) count++;
    } catch (e) {
      failures[removal.fullName] = `not closed (#${removal.number}): ${errorMessage(e)}`;
      failed.push(removal.fullName);
    }
  }
  return { count, failed };
}

/** refresh: each recorded request's state now, and whether Semgrep lists the repository. */
export async function readCiOnboarding(id: string, props: Props): Promise<{ id: string; props: Props; inputs: Props }> {
  const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
  const ciJob = ciJobOf(inputs) as CheckedCiJob;
  const ctx = contextOf(inputs, props);
  const scm = createCiJobScm(ctx, ciJob, ctx.logger);
  const recorded = (props.ciOnboarding ?? {}) as Record<string, CiOnboardingStatus>;
  const seen = await seenBySemgrep(ctx);
  const next: Record<string, CiOnboardingStatus> = {};
  const limit = pLimit(ctx.inputs.concurrency);
  await Promise.all(
    Object.entries(recorded).map(([name, status]) =>
      limit(async () => {
        let current: CiOnboardingStatus = { ...status };
        if (status.number !== undefined && status.state !== "present") {
          try {
            const request = await scm.read(name, status.number);
            if (request) current = { ...current, state: request.state, url: request.url };
          } catch (e) {
            ctx.logger.warn(`ci onboarding: ${name}: the request's state could not be read (${errorMessage(e)}); kept`);
          }
        }
        if (seen) current.seenBySemgrep = seen.has(nameKey(name));
        next[name] = current;
      }),
    ),
  );
  const sortedNext = Object.fromEntries(
    Object.keys(next)
      .sort()
      .map((k) => [k, next[k]!]),
  );
  const imported: Record<string, string> = {};
  for (const name of resolvedNames(inputs.resolvedRepositories)) {
    const pid = seen?.get(nameKey(name));
    if (pid !== undefined) imported[name] = pid;
  }
  const outputs: Props = {
    ...props,
    ciOnboarding: sortedNext,
    ...(seen ? { imported, importedCount: Object.keys(imported).length } : {}),
  };
  return { id, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
}

/** delete: onRemoval closeRequest closes the open requests; then what Managed Scans imported earlier goes. */
export async function deleteCiOnboarding(id: string, props: Props): Promise<void> {
  const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
  const ciJob = ciJobOf(inputs) as CheckedCiJob;
  const recorded = recordedOf(props);
  if (ciJob.onRemoval === "closeRequest") {
    const ctx = contextOf(inputs, props);
    const scm = createCiJobScm(ctx, ciJob, ctx.logger);
    const failures: string[] = [];
    for (const [name, record] of Object.entries(recorded)) {
      if (record.state !== "open" || record.number === undefined) continue;
      try {
        await closeIfOpen(ctx, scm, name, record.number);
      } catch (e) {
        failures.push(`${name} (#${record.number}): ${errorMessage(e)}`);
      }
    }
    if (failures.length > 0) {
      throw new ScmIntegrationError(
        "incomplete",
        `${failures.length} requests were not closed: ${failures.join("; ")}`,
        {
          fix: "run pulumi destroy again",
        },
      );
    }
  }
  await destroyOwnedImports(id, props);
}
