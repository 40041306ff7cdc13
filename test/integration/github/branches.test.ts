// branchExists on the GitHub client against the emulator over HTTP: 200 is true, GitHub's 404 (no such
// branch, or a repository the token cannot see) is false, a branch with a slash goes as one encoded
// path segment, and every other failure (5xx after retries, SAML SSO) throws instead of reading as "missing".
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { ScmIntegrationError } from "../../../provider/src/core/errors";
import { MemoryConditionalCache } from "../../../provider/src/core/conditional-cache";
import { createGitHubClient } from "../../../provider/src/scm/github/client";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { VirtualClock } from "../../support/virtual-clock";
import { ALL_TOKENS, TOKENS, baseSeed, cloudEndpoint } from "./fixtures";

const host = createGitHubEmulator();
const SEED = baseSeed([{ owner: "acme", name: "svc", id: 20, visibility: "private", branches: ["release/2.0"] }]);
let url = "";
beforeAll(async () => {
  url = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => {
  host.reset();
  host.seed(SEED);
});

const client = (token: string = TOKENS.aliceClassic) =>
  createGitHubClient({
    endpoint: cloudEndpoint(url),
    token,
    clock: new VirtualClock(),
    cache: new MemoryConditionalCache(),
  });

async function failure(promise: Promise<unknown>): Promise<ScmIntegrationError> {
  const error = await promise.then(
    () => assert.fail("expected a rejection"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ScmIntegrationError, String(error));
  for (const token of ALL_TOKENS) assert.ok(!error.message.includes(token), error.message);
  return error;
}

describe("GitHub branchExists", () => {
  it("the default branch and seeded branches exist; others do not", async () => {
    assert.equal(await client().branchExists("acme/svc", "main"), true);
    assert.equal(await client().branchExists("acme/svc", "release/2.0"), true);
    assert.equal(await client().branchExists("acme/svc", "release"), false);
    assert.equal(await client().branchExists("acme/Tools-CLI", "trunk"), true);
    assert.equal(await client().branchExists("acme/Tools-CLI", "main"), false);
  });

  it("sends the branch URL-encoded as one path segment", async () => {
    await client().branchExists("acme/svc", "release/2.0");
    const sent = host.requestStats().recent.map((r) => r.url);
    assert.deepEqual(sent, ["/repos/acme/svc/branches/release%2F2.0"]);
  });

  it("a repository the token cannot see is GitHub's 404 too: false", async () => {
    assert.equal(await client(TOKENS.aliceNoScopes).branchExists("acme/svc", "main"), false);
  });

  it("a branch added through the control API exists from then on", async () => {
    const answer = await fetch(`${url}/_control/branches`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ owner: "acme", repo: "svc", branches: ["hotfix"] }),
    });
    assert.equal(answer.status, 200);
    assert.equal(await client().branchExists("acme/svc", "hotfix"), true);
  });

  it("5xx after retries throws server-error, never false", async () => {
    host.addFault({ match: { pathRegex: "/branches/" }, kind: "status", status: 502, count: 100 });
    const error = await failure(client().branchExists("acme/svc", "nope"));
    assert.equal(error.kind, "server-error");
    assert.match(error.message, /reading branch "nope" of "acme\/svc"/);
  });

  it("a 404 hidden by SAML SSO throws sso-required, never false", async () => {
    const error = await failure(client(TOKENS.ssoRequired).branchExists("acme/svc", "main"));
    assert.equal(error.kind, "sso-required");
  });
});
