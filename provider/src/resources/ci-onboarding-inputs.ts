// RepositoryImport's `onboarding` input: which method, the `ciJob` settings with their defaults filled
// in (schema.json keeps defaults on top-level inputs only), and the checks beyond the schema.
import { CI_ONBOARDING_DEFAULTS } from "../plan/ci-onboarding";
import { scopeFamily } from "../plan/required-scopes";
import { templateProblem } from "../plan/ci-onboarding-templates";
import { rememberSecret } from "../core/redact";
import type { CheckFailure } from "./schema-support";
import type { CheckedRepositoryImportInputs, CiJobOnboarding } from "./schema.generated";

export interface CheckedCiJob {
  scmToken: string;
  semgrepAppToken: string;
  template?: string;
  branch: string;
  maxNewRequests: number;
  allowNewRequests?: number;
  reopenClosed: boolean;
  onRemoval: "leave" | "closeRequest";
}

export function withCiJobDefaults(ciJob: CiJobOnboarding): CheckedCiJob {
  rememberSecret(ciJob.scmToken);
  rememberSecret(ciJob.semgrepAppToken);
  return {
    scmToken: ciJob.scmToken,
    semgrepAppToken: ciJob.semgrepAppToken,
    ...(ciJob.template !== undefined ? { template: ciJob.template } : {}),
    branch: ciJob.branch ?? CI_ONBOARDING_DEFAULTS.branch,
    maxNewRequests: ciJob.maxNewRequests ?? CI_ONBOARDING_DEFAULTS.maxNewRequests,
    ...(ciJob.allowNewRequests !== undefined ? { allowNewRequests: ciJob.allowNewRequests } : {}),
    reopenClosed: ciJob.reopenClosed ?? CI_ONBOARDING_DEFAULTS.reopenClosed,
    onRemoval: ciJob.onRemoval ?? CI_ONBOARDING_DEFAULTS.onRemoval,
  };
}

/** The `ciJob` settings when the method is ciJob (and they are given); undefined for Managed Scans. */
export function ciJobOf(inputs: Pick<CheckedRepositoryImportInputs, "onboarding">): CheckedCiJob | undefined {
  const onboarding = inputs.onboarding;
  if (onboarding?.method !== "ciJob" || !onboarding.ciJob) return undefined;
  return withCiJobDefaults(onboarding.ciJob);
}

/** Problems with `onboarding` that need no request: wrong platform, missing or stray settings, a bad template. */
export function onboardingFailures(inputs: CheckedRepositoryImportInputs): CheckFailure[] {
  const onboarding = inputs.onboarding;
  if (onboarding === undefined) return [];
  if (inputs.connection.platform !== "semgrep") {
    return [
      {
        property: "onboarding",
        reason: `only applies to Semgrep, and this import is on ${inputs.connection.platform}. Fix: remove onboarding`,
      },
    ];
  }
  const method = onboarding.method ?? "managedScans";
  if (method !== "semgrepProvisioning" && onboarding.semgrepProvisioning) {
    return [
      {
        property: "onboarding.semgrepProvisioning",
        reason: `is set but onboarding.method is "${method}". Fix: set method to "semgrepProvisioning", or remove semgrepProvisioning`,
      },
    ];
  }
  if (method === "semgrepProvisioning") return provisioningFailures(inputs);
  if (method === "managedScans") {
    return onboarding.ciJob
      ? [
          {
            property: "onboarding.ciJob",
            reason: 'is set but onboarding.method is "managedScans". Fix: set method to "ciJob", or remove ciJob',
          },
        ]
      : [];
  }
  if (!onboarding.ciJob) {
    return [
      {
        property: "onboarding.ciJob",
        reason:
          'is required with method "ciJob". Fix: give ciJob: { scmToken, semgrepAppToken } (the SCM token the requests are made with, and the SEMGREP_APP_TOKEN the job uses)',
      },
    ];
  }
  const ciJob = withCiJobDefaults(onboarding.ciJob);
  const failures: CheckFailure[] = [];
  if (ciJob.scmToken.trim() === "") {
    failures.push({ property: "onboarding.ciJob.scmToken", reason: "is empty. Fix: give the SCM token" });
  }
  if (ciJob.semgrepAppToken.trim() === "") {
    failures.push({ property: "onboarding.ciJob.semgrepAppToken", reason: "is empty. Fix: give a Semgrep CI token" });
  }
  if (ciJob.template !== undefined) {
    const problem = templateProblem(ciJob.template, scopeFamily(inputs.connection.scm), ciJob.semgrepAppToken);
    if (problem)
      failures.push({ property: "onboarding.ciJob.template", reason: `${problem.problem}. Fix: ${problem.fix}` });
  }
  return failures;
}

/**
 * Semgrep's provisioning endpoints add GitHub Actions to GitHub.com repositories (Semgrep's API
 * description names only "GitHub Repositories"; GitHub Enterprise Server is not described: UNVERIFIED,
 * so not offered), and need no SCM token of ours.
 */
function provisioningFailures(inputs: CheckedRepositoryImportInputs): CheckFailure[] {
  const onboarding = inputs.onboarding!;
  if (inputs.connection.scm !== "github") {
    return [
      {
        property: "onboarding.method",
        reason:
          `"semgrepProvisioning" applies to GitHub.com only (Semgrep's bulk provisioning adds GitHub Actions workflows), ` +
          `and this connection is ${inputs.connection.scm}. Fix: use method "ciJob", which opens pull / merge requests`,
      },
    ];
  }
  if (onboarding.ciJob) {
    return [
      {
        property: "onboarding.ciJob",
        reason:
          'is set but onboarding.method is "semgrepProvisioning", where Semgrep writes the workflow and its secret itself. Fix: remove ciJob, or set method to "ciJob"',
      },
    ];
  }
  return [];
}

/** The provisioning limits with their defaults (schema.json keeps defaults on top-level inputs only). */
export function provisioningLimitsOf(inputs: Pick<CheckedRepositoryImportInputs, "onboarding">): {
  maxNewRequests: number;
  allowNewRequests?: number;
} {
  const limits = inputs.onboarding?.semgrepProvisioning;
  return {
    maxNewRequests: limits?.maxNewRepositories ?? CI_ONBOARDING_DEFAULTS.maxNewRequests,
    ...(limits?.allowNewRepositories !== undefined ? { allowNewRequests: limits.allowNewRepositories } : {}),
  };
}

/** Whether raw props (inputs or state) choose the `semgrepProvisioning` method, before they are validated. */
export function usesProvisioning(props: object): boolean {
  const onboarding = (props as { onboarding?: { method?: unknown } }).onboarding;
  return typeof onboarding === "object" && onboarding !== null && onboarding.method === "semgrepProvisioning";
}

/** Whether raw props (inputs or state) choose the `ciJob` method, before they are validated. */
export function usesCiJob(props: object): boolean {
  const onboarding = (props as { onboarding?: { method?: unknown } }).onboarding;
  return typeof onboarding === "object" && onboarding !== null && onboarding.method === "ciJob";
}
