// What a call throws or a promise rejects with, failing the test when it succeeds instead. The SCM
// variants also insist on an ScmIntegrationError and let a test check its texts for leaked tokens.
import assert from "node:assert/strict";
import { isScmIntegrationError, type ScmIntegrationError } from "../../provider/src/core/errors";

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected a rejection");
}

export function thrown(fn: () => unknown, what = "the call"): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  assert.fail(`expected ${what} to throw`);
}

export interface ScmErrorChecks {
  /** Called with the error's message, fix and details (e.g. to assert that no canary token is in them). */
  leakCheck?: (text: string) => void;
}

function asScmError(e: unknown, checks: ScmErrorChecks): ScmIntegrationError {
  assert.ok(isScmIntegrationError(e), `expected ScmIntegrationError, got ${String(e)}`);
  checks.leakCheck?.(`${e.message}\n${e.fix ?? ""}\n${JSON.stringify(e.details ?? {})}`);
  return e;
}

/** The rejection, which must be an ScmIntegrationError. */
export async function scmRejection(
  promise: Promise<unknown>,
  checks: ScmErrorChecks = {},
): Promise<ScmIntegrationError> {
  return asScmError(await rejection(promise), checks);
}

/** What the call throws, which must be an ScmIntegrationError. */
export function scmThrown(fn: () => unknown, what?: string, checks: ScmErrorChecks = {}): ScmIntegrationError {
  return asScmError(thrown(fn, what), checks);
}
