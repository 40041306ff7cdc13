// RepositoryImport with onboarding method `semgrepProvisioning` (Semgrep × GitHub.com): Semgrep adds its
// CI workflow and the secret it reads to each desired repository itself (platforms/semgrep/
// provisioning-steps.ts), so there is no pull request and no SCM token of ours. What this resource
// records per repository is `provisioned` with the file Semgrep wrote; a repository provisioned once is
// never provisioned again by this resource. Removal: the workflow stays in the repository (Semgrep's API
// has no endpoint that takes it out), and the repository is forgotten; the preview says so.
import { ScmIntegrationError } from "../core/errors";
import { nameKey } from "../plan/names";
import type { Props } from "./handler";
import { buildCiOutputs, partialOnboarding, seenBySemgrep, shownFailures } from "./ci-onboarding-outputs";
import { provisioningLimitsOf } from "./ci-onboarding-inputs";
import { desiredFor } from "./listing-reuse";
import { pickInputs } from "./props";
import { contextOf, INPUT_KEYS, parseInputs, type ImportContext } from "./repository-import-context";
import { resolvedNames } from "./repository-import-plan";
import type { CheckedRepositoryImportInputs, CiOnboardingStatus } from "./schema.generated";

type Recorded = Record<string, CiOnboardingStatus>;

interface ProvisioningPlan {
  desired: string[];
  provision: string[];
  kept: string[];
  forgotten: string[];
  refusal?: ScmIntegrationError;
}

function recordedOf(props: Props): Recorded {
  const raw = props.ciOnboarding;
  return typeof raw === "object" && raw !== null ? (raw as Recorded) : {};
}

async function planProvisioning(ctx: ImportContext, recorded: Recorded): Promise<ProvisioningPlan> {
  const desired = ctx.inputs.resolvedRepositories
    ? resolvedNames(ctx.inputs.resolvedRepositories)
    : (await desiredFor(ctx, false)).desired;
  const done = new Set(
    Object.entries(recorded)
      .filter(([, s]) => s.state === "provisioned" || s.state === "present")
      .map(([n]) => nameKey(n)),
  );
  const wanted = new Set(desired.map(nameKey));
  const provision = desired.filter((n) => !done.has(nameKey(n))).sort();
  const kept = desired.filter((n) => done.has(nameKey(n)));
  const forgotten = Object.keys(recorded)
    .filter((n) => !wanted.has(nameKey(n)))
    .sort();
  const { maxNewRequests, allowNewRequests = 0 } = provisioningLimitsOf(ctx.inputs);
  const limit = maxNewRequests + allowNewRequests;
  if (provision.length <= limit) return { desired, provision, kept, forgotten };
  const shown = provision.slice(0, 10).join(", ") + (provision.length > 10 ? ` and ${provision.length - 10} more` : "");
  const refusal = new ScmIntegrationError(
    "invalid-input",
    `the plan would have Semgrep provision ${provision.length} repositories (${shown}), more than ` +
      `onboarding.semgrepProvisioning.maxNewRepositories (${maxNewRequests})` +
      (allowNewRequests > 0 ? ` + allowNewRepositories (${allowNewRequests})` : "") +
      " allows; nothing was provisioned",
    {
      field: "onboarding.semgrepProvisioning.maxNewRepositories",
      fix: `set onboarding.semgrepProvisioning.allowNewRepositories to ${provision.length - maxNewRequests} for this run (or raise maxNewRepositories), or narrow repositories / selector`,
    },
  );
  return { desired, provision, kept, forgotten, refusal };
}

function describe(plan: ProvisioningPlan): string[] {
  const named = (names: string[]) => (names.length === 0 ? "" : `: ${names.slice(0, 20).join(", ")}`);
  const lines = [
    `semgrep provisioning: Semgrep adds its CI workflow and secret to ${plan.provision.length} repositories${named(plan.provision)}`,
  ];
  if (plan.kept.length > 0) lines.push(`semgrep provisioning: ${plan.kept.length} provisioned already`);
  if (plan.forgotten.length > 0)
    lines.push(
      `semgrep provisioning: ${plan.forgotten.length} no longer desired keep the workflow Semgrep wrote (forgotten here)${named(plan.forgotten)}`,
    );
  return lines;
}

/** Preview: what Semgrep will provision (count + names); a plan over the limit fails naming the override. */
export async function previewProvisioning(
  inputs: CheckedRepositoryImportInputs,
  props: Props,
  olds: Props,
): Promise<{ property: string; reason: string } | undefined> {
  const ctx = contextOf(inputs, props);
  const plan = await planProvisioning(ctx, recordedOf(olds));
  if (plan.refusal)
    return { property: "onboarding.semgrepProvisioning.maxNewRepositories", reason: plan.refusal.message };
  for (const line of describe(plan)) ctx.logger.info(line);
  return undefined;
}

/** diff: repositories to provision or to forget. A refused plan throws. */
export async function provisioningPending(
  inputs: CheckedRepositoryImportInputs,
  props: Props,
  olds: Props,
): Promise<boolean> {
  const plan = await planProvisioning(contextOf(inputs, props), recordedOf(olds));
  if (plan.refusal) throw plan.refusal;
  return plan.provision.length > 0 || plan.forgotten.length > 0;
}

/** create / update: Semgrep provisions what the plan names; what succeeded is recorded even when some fail. */
export async function applyProvisioning(id: string, props: Props, olds: Props): Promise<{ id: string; outs: Props }> {
  const inputs = parseInputs(props);
  const ctx = contextOf(inputs, props);
  const recorded = recordedOf(olds);
  const plan = await planProvisioning(ctx, recorded);
  if (plan.refusal) throw plan.refusal;
  for (const line of describe(plan)) ctx.logger.info(line);
  if (plan.provision.length > 0 && !ctx.platform.provisionCiJobs)
    throw new ScmIntegrationError("invalid-input", `${ctx.platform.name} cannot provision CI jobs`, {
      field: "onboarding.method",
      fix: 'use method "ciJob"',
    });
  const outcomes = plan.provision.length > 0 ? await ctx.platform.provisionCiJobs!(ctx.scope, plan.provision) : [];
  const seen = await seenBySemgrep(ctx);
  const statuses: Recorded = {};
  for (const name of plan.kept) {
    const before = Object.entries(recorded).find(([n]) => nameKey(n) === nameKey(name))?.[1];
    if (before) statuses[name] = { ...before, seenBySemgrep: seen?.has(nameKey(name)) ?? before.seenBySemgrep };
  }
  const failures: Record<string, string> = {};
  for (const o of outcomes) {
    if (o.ok) {
      statuses[o.fullName] = {
        state: "provisioned",
        ...(o.platformId ? { url: o.platformId } : {}),
        seenBySemgrep: seen?.has(nameKey(o.fullName)) ?? false,
      };
      ctx.logger.info(`semgrep provisioning: ${o.fullName}: ${o.platformId ?? "provisioned"}`);
    } else failures[o.fullName] = o.error ?? "not provisioned";
  }
  const outs = buildCiOutputs(ctx, props, olds, plan.desired, statuses, failures, seen, {
    opened: outcomes.filter((o) => o.ok).length,
    closed: 0,
  });
  const failed = Object.keys(failures).length;
  if (failed > 0) {
    throw partialOnboarding(
      id,
      props,
      outs,
      `${failed} of ${plan.provision.length} repositories were not provisioned: ${shownFailures(failures)}. ` +
        "What succeeded is recorded; run pulumi up again to retry the rest",
    );
  }
  return { id, outs };
}

/** refresh: whether Semgrep lists each provisioned repository (its first CI run made it a scanned project). */
export async function readProvisioning(id: string, props: Props): Promise<{ id: string; props: Props; inputs: Props }> {
  const inputs = parseInputs(pickInputs(props, INPUT_KEYS));
  const ctx = contextOf(inputs, props);
  const seen = await seenBySemgrep(ctx);
  const recorded = recordedOf(props);
  const next: Recorded = {};
  for (const name of Object.keys(recorded).sort())
    next[name] = { ...recorded[name]!, ...(seen ? { seenBySemgrep: seen.has(nameKey(name)) } : {}) };
  const outputs: Props = { ...props, ciOnboarding: next };
  return { id, props: outputs, inputs: pickInputs(outputs, INPUT_KEYS) };
}
