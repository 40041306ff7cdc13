// What a RepositoryImport's preview says about Snyk Code (pure, with a stand-in platform): nothing on
// Semgrep or with Snyk Code on; a warning with the fix when it is off; an info line instead when a
// SnykCodeSettings of this program turns it on; a warning naming an outage as one when it cannot be read.
// And the one-setting-per-org claims behind it.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "@jest/globals";
import { ScmIntegrationError } from "../../provider/src/core/errors";
import type { ImportScope, Platform } from "../../provider/src/platforms/types";
import { claimSnykCode, forgetSnykCodeClaims, snykCodeClaimOf } from "../../provider/src/resources/snyk-code-claims";
import { snykCodeImportNotice } from "../../provider/src/resources/snyk-code-import-warning";

const ORG = "6f0b4c4e-0000-4000-8000-00000000a001";
const scope = { platformOrg: ORG } as ImportScope;

function platform(name: "snyk" | "semgrep", read?: () => Promise<boolean>): Platform {
  return { name, ...(read ? { readCodeAnalysis: read } : {}) } as unknown as Platform;
}

beforeEach(() => forgetSnykCodeClaims());

describe("snykCodeImportNotice", () => {
  test("says nothing on Semgrep, nor when Snyk Code is on", async () => {
    assert.equal(await snykCodeImportNotice({ platform: platform("semgrep"), scope }), undefined);
    assert.equal(await snykCodeImportNotice({ platform: platform("snyk", async () => true), scope }), undefined);
  });

  test("warns with the fix when Snyk Code is off", async () => {
    const notice = await snykCodeImportNotice({ platform: platform("snyk", async () => false), scope });
    assert.equal(notice?.level, "warn");
    assert.match(
      notice?.text ?? "",
      new RegExp(`Snyk Code is off in Snyk org ${ORG}: .*Fix: declare a SnykCodeSettings`),
    );
  });

  test("an info line when a SnykCodeSettings of the program turns it on; a warning when one turns it off", async () => {
    claimSnykCode(ORG, { resource: "code", enabled: true });
    const on = await snykCodeImportNotice({ platform: platform("snyk", async () => false), scope });
    assert.deepEqual(on, {
      level: "info",
      text: `Snyk Code is off in Snyk org ${ORG} now; SnykCodeSettings "code" of this program turns it on at up`,
    });
    forgetSnykCodeClaims();
    claimSnykCode(ORG, { resource: "code", enabled: false });
    assert.equal((await snykCodeImportNotice({ platform: platform("snyk", async () => false), scope }))?.level, "warn");
  });

  test("a failed read is a warning, an outage named as one", async () => {
    const outage = async (): Promise<boolean> => {
      throw new ScmIntegrationError("server-error", "Snyk refused reading with HTTP 503");
    };
    const notice = await snykCodeImportNotice({ platform: platform("snyk", outage), scope });
    assert.equal(notice?.level, "warn");
    assert.match(notice?.text ?? "", /an outage, not a problem with the inputs/);
  });
});

describe("claimSnykCode", () => {
  test("one resource per org, whatever the case of the id; the same resource again is no conflict", () => {
    assert.equal(claimSnykCode(ORG, { resource: "a", enabled: true }), undefined);
    assert.equal(claimSnykCode(ORG, { resource: "a", enabled: false }), undefined);
    assert.deepEqual(claimSnykCode(ORG.toUpperCase(), { resource: "b", enabled: true }), {
      resource: "a",
      enabled: false,
    });
    assert.deepEqual(snykCodeClaimOf(ORG.toUpperCase()), { resource: "a", enabled: false });
  });
});
