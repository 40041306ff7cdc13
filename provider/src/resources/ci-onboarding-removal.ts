// RepositoryImport by CI job, removal (onRemoval closeRequest): a request still open is closed, read
// first so one merged or closed by a person since the last refresh is left as it is; one whose close
// failed is kept, so the next up or destroy closes it.
import { errorMessage, ScmIntegrationError } from "../core/errors";
import type { Props } from "./handler";
import { pickInputs } from "./props";
import { ciJobOf, type CheckedCiJob } from "./ci-onboarding-inputs";
import { recordedOf, type CiPlanned } from "./ci-onboarding-plan";
import { createCiJobScm, type CiJobScm } from "./ci-onboarding-scm";
import { contextOf, INPUT_KEYS, parseInputs, type ImportContext } from "./repository-import-context";
import { destroyOwnedImports } from "./repository-import-destroy";

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
export async function closeRemoved(
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
