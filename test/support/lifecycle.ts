// Shared steps of the e2e lifecycle tests: run an operation, keep everything it printed for the
// canary check, and assert what the emulators saw.
import assert from "node:assert/strict";
import type { E2EStack, OperationResult } from "./harness";
import type { World } from "./world";

export class Transcript {
  private readonly texts: string[] = [];

  add<T extends OperationResult>(result: T): T {
    this.texts.push(result.stdout, result.stderr);
    for (const e of result.events) {
      // The engine's event stream to the Automation API carries resource inputs with secrets wrapped
      // (not masked): it stays in this process. What a user or log sees is the text and diagnostics.
      // Debug-severity diagnostics are shown only with --debug; the Node SDK's own debug lines print
      // RegisterResource responses, secrets included (upstream behaviour, not ours).
      if (e.diagnosticEvent && (e.diagnosticEvent.severity as string) !== "debug")
        this.texts.push(JSON.stringify(e.diagnosticEvent));
      if (e.resOpFailedEvent) this.texts.push(JSON.stringify(e.resOpFailedEvent));
      if (e.stdoutEvent) this.texts.push(JSON.stringify(e.stdoutEvent));
    }
    return result;
  }

  addText(text: string): void {
    this.texts.push(text);
  }

  /** Assert that no canary (token) appears in anything the CLI printed, the events, or the backend. */
  assertNoCanary(stack: E2EStack, canaries: string[]): void {
    const sources = [
      ...this.texts.map((t, i) => ({ name: `operation output #${i}`, text: t })),
      { name: "backend state", text: stack.backendText() },
    ];
    for (const source of sources) {
      for (const canary of canaries) {
        const at = source.text.indexOf(canary);
        assert.ok(
          at < 0,
          `a token (${canary.slice(0, 6)}…) leaked into ${source.name}: ${source.text.slice(0, 300)} …${source.text.slice(Math.max(0, at - 160), at)}<canary>`,
        );
      }
    }
    const everything = sources.map((s) => s.text).join("\n");
    for (const canary of canaries) {
      const at = everything.indexOf(canary);
      const context = at < 0 ? "" : everything.slice(Math.max(0, at - 200), at).replace(canary, "<canary>");
      assert.ok(at < 0, `a token (${canary.slice(0, 6)}…) leaked into CLI output, events or state, after: ${context}`);
    }
  }
}

/** Run `fn` and return how many writes (POST/PUT/PATCH/DELETE) each emulator received meanwhile. */
export async function countWrites<T>(
  world: World,
  fn: () => Promise<T>,
): Promise<{ result: T; scmWrites: number; platformWrites: number }> {
  world.scm.resetRequestStats();
  world.platform.resetRequestStats();
  const result = await fn();
  return { result, scmWrites: world.scm.requestStats().writes, platformWrites: world.platform.requestStats().writes };
}

/** Error text of a failed Automation API operation (the CLI's stderr and stdout are in the message). */
export async function expectFailure(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return String((e as Error).message ?? e);
  }
  assert.fail("the operation succeeded but was expected to fail");
}

/**
 * Statuses of the GitHub repository-listing pages `host` served since its counters were last reset
 * (GitHub.com and GHES's /api/v3 forms). The harness gives each stack its own persistent ETag cache,
 * so a listing the previous command already read is answered 304 here.
 */
export function githubListingStatuses(host: World["scm"]): number[] {
  return host
    .requestStats()
    .recent.filter((r) => r.method === "GET" && /\/(orgs|organizations)\/[^/]+\/repos$/.test(r.route))
    .map((r) => r.status);
}
