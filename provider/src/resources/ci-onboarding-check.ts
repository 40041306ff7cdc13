// RepositoryImport's check with the `onboarding` input: its local checks run before any request (a
// Snyk import, missing or stray ciJob settings, a bad template), then the import's own check, then,
// for `ciJob`, the preview of the pull / merge requests `up` will open (for `semgrepProvisioning`, of
// the repositories Semgrep will provision).
import type * as pulumi from "@pulumi/pulumi";
import { onboardingFailures, usesCiJob, usesProvisioning } from "./ci-onboarding-inputs";
import { previewCiOnboarding } from "./ci-onboarding";
import { previewProvisioning } from "./ci-provisioning";
import type { Props } from "./handler";
import { internalFields, unknownOnlyAt } from "./props";
import { repositoryImportDefaults, repositoryImportInputsSchema } from "./schema.generated";
import { checkInputs } from "./schema-support";

type Check = (olds: Props, news: Props) => Promise<pulumi.dynamic.CheckResult>;

export function withOnboardingCheck(check: Check): Check {
  return async (olds, news) => {
    const local = checkInputs(repositoryImportInputsSchema(), internalFields(news).rest, repositoryImportDefaults);
    if (local.ok) {
      const failures = onboardingFailures(local.inputs);
      if (failures.length > 0) return { failures };
    }
    const result = await check(olds, news);
    const checkedInputs = result.inputs as Props | undefined;
    if (result.failures && result.failures.length > 0) return result;
    if (!checkedInputs || !(usesCiJob(checkedInputs) || usesProvisioning(checkedInputs))) return result;
    const checked = checkInputs(
      repositoryImportInputsSchema(),
      internalFields(checkedInputs).rest,
      repositoryImportDefaults,
    );
    // As the import's own check: ids of a connection created in this same run are unknown during its
    // preview, and the requests are planned from the SCM alone, so plan anyway (the preview lists them).
    const idsPending = unknownOnlyAt(internalFields(checkedInputs).rest, [
      "connection.connectionId",
      "connection.integrationId",
      "connection.apiUrl",
    ]);
    if (!checked.ok || (checked.hasUnknowns && !idsPending)) return result;
    const failure = usesCiJob(checkedInputs)
      ? await previewCiOnboarding(checked.inputs, checkedInputs, olds)
      : await previewProvisioning(checked.inputs, checkedInputs, olds);
    return failure ? { failures: [failure] } : result;
  };
}
