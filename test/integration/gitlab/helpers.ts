// Shared set-up for the GitLab integration tests: a client on the emulator, and a check that no
// canary token leaks into any message.
import assert from "node:assert/strict";
import { resolveScmEndpoint } from "../../../provider/src/core/endpoints";
import { setLogSink, createLogger } from "../../../provider/src/core/log";
import { createGitLabClient } from "../../../provider/src/scm/gitlab/client";
import type { ScmClient, ScmClientOptions } from "../../../provider/src/scm/types";
import { allCanaries } from "../../emulators/gitlab/fixtures";
import { VirtualClock } from "../../support/virtual-clock";

/** A client on its own virtual clock, unless `extra.clock` shares one (with the emulator, say). */
export function gitLabClient(
  baseUrl: string,
  token: string,
  extra: Partial<Omit<ScmClientOptions, "endpoint" | "token">> = {},
): ScmClient {
  const endpoint = resolveScmEndpoint({ scm: "gitlab-self-managed", baseUrl, allowInsecureLoopback: true });
  return createGitLabClient({ endpoint, token, clock: new VirtualClock(), logger: createLogger("test"), ...extra });
}

/** Log lines emitted while the tests of a file run. */
export const logLines: string[] = [];
setLogSink((_level, line) => logLines.push(line));

export function assertNoCanary(text: string): void {
  for (const canary of allCanaries) assert.ok(!text.includes(canary), `a token leaked into: ${text}`);
}

/** Runs `fn`, expects it to throw, checks the error carries no token, and returns it. */
export async function rejection<T = Error>(fn: () => Promise<unknown>): Promise<T> {
  try {
    await fn();
  } catch (e) {
    const err = e as Error & { fix?: string; details?: unknown };
    assertNoCanary(`${err.message} ${err.fix ?? ""} ${JSON.stringify(err.details ?? {})} ${err.stack ?? ""}`);
    return e as T;
  }
  assert.fail("expected a rejection");
}
