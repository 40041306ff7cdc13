// Onboarding by CI job, what every step shares: the SCM facts of the desired repositories (read with
// bounded concurrency), the plan made from them, and the token check a preview runs.
import pLimit from "p-limit";
import { errorMessage, ScmIntegrationError } from "../core/errors";
import { nameKey } from "../plan/names";
import {
  ciRefusalMessage,
  planCiOnboarding,
  type CiPlan,
  type CiRepositoryFacts,
  type RecordedOnboarding,
} from "../plan/ci-onboarding";
import { ciJobScopeRequirement } from "../plan/ci-job-scopes";
import { evaluateScopes, scopeFamily } from "../plan/required-scopes";
import type { RepositoryInfo } from "../scm/types";
import type { Props } from "./handler";
import type { CheckedCiJob } from "./ci-onboarding-inputs";
import { createCiJobScm, type CiJobScm } from "./ci-onboarding-scm";
import type { ImportContext } from "./repository-import-context";
import { currentServices, scmTargetOf } from "./services";

export interface CiFacts {
  facts: Map<string, CiRepositoryFacts>;
  /** Desired repositories whose facts could not be read, with why. */
  failures: Record<string, string>;
  defaults: Map<string, string>;
}

/** Read what the SCM shows for every desired repository, `concurrency` at a time. */
export async function gatherCiFacts(
  ctx: ImportContext,
  scm: CiJobScm,
  desired: readonly string[],
  known: ReadonlyMap<string, RepositoryInfo>,
): Promise<CiFacts> {
  const facts = new Map<string, CiRepositoryFacts>();
  const failures: Record<string, string> = {};
  const defaults = new Map<string, string>();
  const limit = pLimit(ctx.inputs.concurrency);
  await Promise.all(
    desired.map((fullName) =>
      limit(async () => {
        const repo = known.get(nameKey(fullName)) ?? (await ctx.client.getRepository(fullName));
        if (!repo) {
          failures[fullName] = "no longer found in the SCM (deleted, renamed, or no longer visible to the token)";
          return;
        }
        if (!repo.defaultBranch) {
          failures[fullName] =
            "has no default branch (an empty repository): there is nothing to open a request against";
          return;
        }
        defaults.set(nameKey(fullName), repo.defaultBranch);
        facts.set(nameKey(fullName), await scm.observe({ fullName, defaultBranch: repo.defaultBranch }));
      }),
    ),
  );
  return { facts, failures, defaults };
}

export function recordedOf(props: Props): Record<string, RecordedOnboarding> {
  const raw = props.ciOnboarding;
  return typeof raw === "object" && raw !== null ? (raw as Record<string, RecordedOnboarding>) : {};
}

export interface CiPlanned {
  scm: CiJobScm;
  plan: CiPlan;
  gathered: CiFacts;
}

/** Facts and plan; a repository whose facts failed is left out of the plan (reported, not opened). */
export async function planCi(
  ctx: ImportContext,
  ciJob: CheckedCiJob,
  desired: readonly string[],
  known: ReadonlyMap<string, RepositoryInfo>,
  recorded: Record<string, RecordedOnboarding>,
): Promise<CiPlanned> {
  const scm = createCiJobScm(ctx, ciJob, ctx.logger);
  const gathered = await gatherCiFacts(ctx, scm, desired, known);
  const readable = desired.filter((n) => gathered.facts.has(nameKey(n)));
  const plan = planCiOnboarding(readable, gathered.facts, recorded, {
    maxNewRequests: ciJob.maxNewRequests,
    ...(ciJob.allowNewRequests !== undefined ? { allowNewRequests: ciJob.allowNewRequests } : {}),
    reopenClosed: ciJob.reopenClosed,
    // A repository whose facts failed is still desired: never removed because of a failed read.
    onRemoval: ciJob.onRemoval,
  });
  plan.removals = plan.removals.filter((r) => !desired.some((n) => nameKey(n) === nameKey(r.fullName)));
  return { scm, plan, gathered };
}

export function refusalOf(planned: CiPlanned): ScmIntegrationError | undefined {
  const { refusal, opens } = planned.plan;
  if (!refusal) return undefined;
  return new ScmIntegrationError("invalid-input", ciRefusalMessage(refusal, opens));
}

/**
 * The scm token can do what the method needs: classic GitHub tokens `repo` + `workflow`, GitLab `api`
 * and Maintainer in the group. Tokens without a readable scope model (fine-grained, GitHub App) are
 * named in a warning with the permissions they need; a refused check is a failure naming the field.
 */
export async function checkCiToken(ctx: ImportContext, ciJob: CheckedCiJob): Promise<string | undefined> {
  const connection = ctx.inputs.connection;
  const field = "onboarding.ciJob.scmToken";
  const client = currentServices().scmClient(
    scmTargetOf({ ...connection, token: ciJob.scmToken }),
    ctx.logger,
    ctx.inputs.concurrency,
  );
  let info;
  try {
    info = await client.introspectToken(connection.organization);
  } catch (e) {
    return `${field}: ${errorMessage(e)}`;
  }
  const requirement = ciJobScopeRequirement(connection.scm);
  const evaluation = evaluateScopes(
    { family: requirement.family, grantedScopes: info.grantedScopes, scopesKnown: info.scopesKnown },
    requirement,
  );
  if (evaluation.unknown) {
    ctx.logger.warn(`${field}: the token's permissions cannot be read (${info.kind}); ${requirement.guidance ?? ""}`);
  } else if (!evaluation.satisfied) {
    const why = evaluation.missing.map((s) => (requirement.why?.[s] ? `${s} (${requirement.why[s]})` : s)).join(", ");
    return `${field}: the token lacks ${why}, which onboarding by CI job needs. Fix: give it ${requirement.required.join(" and ")}`;
  }
  if (scopeFamily(connection.scm) === "gitlab") {
    try {
      const access = await client.getOrgAccess(connection.organization);
      // Maintainer is 40 (https://docs.gitlab.com/api/members/#roles); CI/CD variables need it.
      if ((access.accessLevel ?? 0) < 40) {
        return `${field}: the token's user has ${access.role} access to ${connection.organization}; CI/CD variables need Maintainer. Fix: use a token of a user (or group access token) with the Maintainer role`;
      }
    } catch (e) {
      return `${field}: ${errorMessage(e)}`;
    }
  }
  return undefined;
}
