// Group access with the real Gitbeaker-based client against the GitLab emulator: member levels
// (inherited through parents), unknown group vs no access, subgroup full paths, admins, lookups.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import type { ScmIntegrationError } from "../../../provider/src/core/errors";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { gitLabClient, rejection } from "./helpers";

const host = createGitLabEmulator({ selfManaged: { version: "17.11.2" } });
let base = "";

beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => host.seed(smallWorld()));

describe("GitLab group access", () => {
  it("reports the caller's access level in a group", async () => {
    const access = await gitLabClient(base, tokens.aliceApi).getOrgAccess("acme");
    assert.deepEqual(access, {
      organization: "acme",
      id: 10,
      role: "developer",
      accessLevel: 30,
      state: "active",
      webUrl: `${base}/groups/acme`,
    });
  });

  it("finds a subgroup by its full path (URL-encoded on the wire) with inherited access", async () => {
    host.resetRequestStats();
    const access = await gitLabClient(base, tokens.aliceApi).getOrgAccess("/acme/platform/tools/");
    assert.equal(access.organization, "acme/platform/tools");
    assert.equal(access.id, 12);
    assert.equal(access.accessLevel, 30);
    const urls = host.requestStats().recent.map((r) => r.url);
    assert.ok(urls.includes("/api/v4/groups/acme%2Fplatform%2Ftools?with_projects=false"), urls.join(" "));
    assert.ok(urls.includes("/api/v4/groups/12/members/all/1"), urls.join(" "));
  });

  it("says not-found for an unknown group and for a private group the user cannot see", async () => {
    for (const path of ["nope", "other", "acme/nope"]) {
      const e = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.aliceApi).getOrgAccess(path));
      assert.equal(e.kind, "not-found", path);
      assert.equal(e.field, "organization");
      assert.equal(
        e.message,
        `organization: GitLab group "${path}" does not exist on 127.0.0.1:${new URL(base).port}, or the token's user cannot see it. Fix: check the full path (parent groups included, e.g. "acme/platform") and that the token's user is a member`,
      );
    }
  });

  it("says no-access, differently, for a visible group the user is not a member of", async () => {
    const e = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi).getOrgAccess("open-source"),
    );
    assert.equal(e.kind, "no-access");
    assert.equal(e.field, "organization");
    assert.equal(
      e.message,
      'organization: alice (the token\'s user) is not a member of GitLab group "open-source", directly or through a parent group. Fix: add alice to "open-source" (reporter or higher), or use a token of a user who is a member',
    );
  });

  it("says no-access for minimal access, which shows no projects", async () => {
    const e = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.carolApi).getOrgAccess("acme"));
    assert.equal(e.kind, "no-access");
    assert.match(e.message, /carol has only minimal access \(5\) to GitLab group "acme"/);
  });

  it("reports an instance administrator as admin without membership", async () => {
    const access = await gitLabClient(base, tokens.rootApi).getOrgAccess("other");
    assert.equal(access.role, "admin");
    assert.equal(access.accessLevel, 60);
  });

  it("says insufficient-scope for a token without read_api, and names the accepted scopes", async () => {
    const e = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceReadRepository).getOrgAccess("acme"),
    );
    assert.equal(e.kind, "insufficient-scope");
    assert.equal(e.field, "token");
    assert.match(e.message, /GitLab accepts api or read_api/);
    assert.deepEqual(e.details, { acceptedScopes: ["api", "read_api"] });
  });

  it("refuses a URL or an empty path as the organization", async () => {
    const url = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi).getOrgAccess("https://gitlab.example.com/groups/acme/platform"),
    );
    assert.equal(url.kind, "invalid-input");
    assert.match(
      url.message,
      /is a URL, not a group path. Fix: write only the path after the host, e.g. "acme\/platform"$/,
    );
    const empty = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.aliceApi).getOrgAccess(" "));
    assert.equal(empty.kind, "invalid-input");
  });
});

describe("GitLab project lookup", () => {
  it("returns a project by full path and null for one that is missing or hidden", async () => {
    const client = gitLabClient(base, tokens.aliceApi);
    assert.deepEqual(await client.getRepository("acme/platform/infra"), {
      id: 111,
      fullName: "acme/platform/infra",
      defaultBranch: "main",
      visibility: "private",
      archived: false,
      fork: false,
      topics: ["scan"],
    });
    assert.equal((await client.getRepository("acme/api-fork"))?.fork, true);
    assert.equal((await client.getRepository("acme/empty"))?.defaultBranch, null);
    assert.equal(await client.getRepository("acme/nope"), null);
    assert.equal(await client.getRepository("other/secret"), null);
    const e = await rejection<ScmIntegrationError>(() => client.getRepository("just-a-name"));
    assert.equal(e.field, "repositories");
  });
});
