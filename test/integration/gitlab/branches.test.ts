// branchExists on the GitLab client against the emulator over HTTP: 200 is true, GitLab's JSON 404
// ("404 Branch Not Found", or a project the token cannot see) is false, project path and branch go
// URL-encoded, and every other failure (5xx after retries, a 404 that is not GitLab's) throws.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import type { ScmIntegrationError } from "../../../provider/src/core/errors";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { gitLabClient, rejection } from "./helpers";

const host = createGitLabEmulator({ selfManaged: { version: "17.11.2" } });
const ROUTE = "GET /api/v4/projects/:id/repository/branches/:branch";
let base = "";
beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => {
  host.reset();
  const seed = smallWorld();
  seed.projects = seed.projects.map((p) => (p.id === 101 ? { ...p, branches: ["release/2.0"] } : p));
  host.seed(seed);
});

const exists = (fullName: string, branch: string, token: string = tokens.aliceApi) =>
  gitLabClient(base, token).branchExists(fullName, branch);

describe("GitLab branchExists", () => {
  it("the default branch and seeded branches exist; others, and any branch of an empty project, do not", async () => {
    assert.equal(await exists("acme/api", "main"), true);
    assert.equal(await exists("acme/api", "release/2.0"), true);
    assert.equal(await exists("acme/api", "release"), false);
    assert.equal(await exists("acme/empty", "main"), false);
  });

  it("sends project path and branch URL-encoded", async () => {
    await exists("acme/api", "release/2.0");
    const sent = host.requestStats().recent.filter((r) => `${r.method} ${r.route}` === ROUTE);
    assert.deepEqual(
      sent.map((r) => r.url),
      ["/api/v4/projects/acme%2Fapi/repository/branches/release%2F2.0"],
    );
  });

  it("a project the token cannot see is GitLab's 404 too: false", async () => {
    assert.equal(await exists("other/secret", "main"), false);
  });

  it("a branch added through the control API exists from then on", async () => {
    const answer = await fetch(`${base}/_control/branches`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ project: "acme/web", branches: ["hotfix"] }),
    });
    assert.equal(answer.status, 200);
    assert.equal(await exists("acme/web", "hotfix"), true);
  });

  it("5xx after retries throws server-error, never false", async () => {
    host.addFault({ match: { pathRegex: "/repository/branches/" }, kind: "status", status: 500, count: 100 });
    const error = await rejection<ScmIntegrationError>(() => exists("acme/api", "nope"));
    assert.equal(error.kind, "server-error");
  });

  it("a 404 that is not GitLab's JSON throws wrong-instance, never false", async () => {
    host.addFault({
      match: { pathRegex: "/repository/branches/" },
      kind: "status",
      status: 404,
      body: "<html>not here</html>",
      headers: { "content-type": "text/html" },
    });
    const error = await rejection<ScmIntegrationError>(() => exists("acme/api", "main"));
    assert.equal(error.kind, "wrong-instance");
  });
});
