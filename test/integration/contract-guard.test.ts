// The suites' contract check (test/support/contract-guard.ts) end to end: an emulator that answers out
// of its contract, or receives a request outside it, makes the check fail with method, path and rule;
// a fault's stand-in answer is not held to the contract, but the request it answered still is.
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";

import { createGitHubEmulator } from "../emulators/github/emulator";
import { EmulatorHost } from "../emulators/host";
import { assertNoRecordedViolations } from "../support/contract-recorder";

// An emulator of GitHub's /user that leaves out fields the description requires.
const broken = new EmulatorHost<Record<string, never>>({
  name: "github-missing-fields",
  contracts: ["github-com"],
  initialSeed: {},
  seed: () => undefined,
  routes: (app) => {
    app.get("/user", async () => ({ login: "alice" }));
  },
});
const github = createGitHubEmulator();

let brokenUrl = "";
let githubUrl = "";
beforeAll(async () => {
  brokenUrl = await broken.start();
  githubUrl = await github.start();
});
afterAll(async () => {
  await broken.stop();
  await github.stop();
});

/** What the suites' afterEach would throw now (and the record it empties). */
function suiteCheck(): string {
  try {
    assertNoRecordedViolations();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("the suites' contract check", () => {
  it("reports an emulator response missing a required field, naming method, path, rule and field", async () => {
    const res = await fetch(`${brokenUrl}/user`, { headers: { authorization: "token x" } });
    assert.equal(res.status, 200);
    const report = suiteCheck();
    assert.match(report, /^1 API contract violation\(s\) during this test/);
    assert.match(
      report,
      /\[github-missing-fields\] response GET \/user \(github-com: GET \/user\): response-body: body is missing required property "avatar_url"/,
    );
    // The check emptied the record: the next look finds nothing.
    assert.equal(suiteCheck(), "");
  });

  it("reports a request outside the contract", async () => {
    await fetch(`${githubUrl}/orgs/acme/secrets`);
    assert.match(
      suiteCheck(),
      /\[github\] request GET \/orgs\/acme\/secrets \(github-com\): operation-outside-contract: no operation of the contract matches GET \/orgs\/acme\/secrets/,
    );
  });

  it("exempts a fault's stand-in answer, not the request it answered", async () => {
    broken.addFault({
      kind: "status",
      status: 500,
      body: { nothing: "like GitHub's" },
      match: { pathPrefix: "/user" },
    });
    assert.equal((await fetch(`${brokenUrl}/user`)).status, 500);
    assert.equal(suiteCheck(), "");
    broken.addFault({ kind: "status", status: 503, match: { pathPrefix: "/users" } });
    assert.equal((await fetch(`${brokenUrl}/users/alice?page=x`)).status, 503);
    assert.match(suiteCheck(), /request GET \/users\/alice \(github-com\): operation-outside-contract/);
  });

  it("lets a test take the violations it provokes on purpose", async () => {
    await fetch(`${githubUrl}/repos/acme/app?per_page=many`);
    assert.deepEqual(
      github.takeContractViolations().map((v) => `${v.side} ${v.rule} ${v.detail}`),
      ['request unknown-query-parameter query parameter "per_page" is not in the contract'],
    );
    assert.equal(suiteCheck(), "");
  });
});
