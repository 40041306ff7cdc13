// What a promise rejects with, failing the test when it resolves instead.
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

/** The rejection, which must be an ScmIntegrationError. */
export async function scmRejection(promise: Promise<unknown>): Promise<ScmIntegrationError> {
  const e: unknown = await rejection(promise);
  assert.ok(isScmIntegrationError(e), `expected ScmIntegrationError, got ${String(e)}`);
  return e;
}
