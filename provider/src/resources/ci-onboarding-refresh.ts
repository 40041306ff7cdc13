// RepositoryImport by CI job, refresh: each recorded request's state now, and whether Semgrep lists
// the repository.
import pLimit from "p-limit";
import { errorMessage } from "../core/errors";
import { nameKey } from "../plan/names";
import { seenBySemgrep } from "./ci-onboarding-outputs";
import type { Props } from "./handler";
import { pickInputs } from "./props";
import { ciJobOf, type CheckedCiJob } from "./ci-onboarding-inputs";
import { createCiJobScm } from "./ci-onboarding-scm";
import { contextOf, INPUT_KEYS, parseInputs } from "./repository-import-context";
import { resolvedNames } from "./repository-import-plan";
import type { CiOnboardingStatus } from "./schema.generated";

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
