import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { ciJobOf, onboardingFailures, usesCiJob } from "../../../provider/src/resources/ci-onboarding-inputs";
import type { CheckedRepositoryImportInputs } from "../../../provider/src/resources/schema.generated";

const SEMGREP_TOKEN = "CANARYsemgrepInputsToken0001";

function inputs(
  platform: "snyk" | "semgrep",
  onboarding: unknown,
  scm = "github-enterprise",
): CheckedRepositoryImportInputs {
  return {
    connection: { platform, scm, organization: "acme", token: "t" },
    onboarding,
  } as unknown as CheckedRepositoryImportInputs;
}

const ciJob = { scmToken: "ghp_writer", semgrepAppToken: SEMGREP_TOKEN };

describe("onboarding input", () => {
  it("is refused on Snyk, naming the field", () => {
    const failures = onboardingFailures(inputs("snyk", { method: "ciJob", ciJob }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["onboarding"],
    );
    assert.match(failures[0]!.reason, /only applies to Semgrep.*Fix: remove onboarding/);
  });

  it("needs ciJob with method ciJob, and refuses ciJob with managedScans", () => {
    assert.match(
      onboardingFailures(inputs("semgrep", { method: "ciJob" }))[0]!.reason,
      /is required with method "ciJob"/,
    );
    assert.equal(onboardingFailures(inputs("semgrep", { method: "ciJob" }))[0]!.property, "onboarding.ciJob");
    assert.match(onboardingFailures(inputs("semgrep", { ciJob }))[0]!.reason, /method is "managedScans"/);
    assert.deepEqual(onboardingFailures(inputs("semgrep", { method: "managedScans" })), []);
    assert.deepEqual(onboardingFailures(inputs("semgrep", undefined)), []);
  });

  it("refuses a template that carries the token, without quoting it", () => {
    const failures = onboardingFailures(
      inputs(
        "semgrep",
        { method: "ciJob", ciJob: { ...ciJob, template: `semgrep:\n  script: x ${SEMGREP_TOKEN}\n` } },
        "gitlab-self-managed",
      ),
    );
    assert.equal(failures[0]!.property, "onboarding.ciJob.template");
    assert.ok(!failures[0]!.reason.includes(SEMGREP_TOKEN));
  });

  it("fills the defaults: branch, maxNewRequests 25, leave, no reopening", () => {
    assert.deepEqual(ciJobOf(inputs("semgrep", { method: "ciJob", ciJob })), {
      ...ciJob,
      branch: "semgrep-ci-onboarding",
      maxNewRequests: 25,
      reopenClosed: false,
      onRemoval: "leave",
    });
    assert.equal(ciJobOf(inputs("semgrep", { method: "managedScans" })), undefined);
    assert.ok(usesCiJob({ onboarding: { method: "ciJob" } }));
    assert.ok(!usesCiJob({ onboarding: { method: "managedScans" } }) && !usesCiJob({}));
  });
});
