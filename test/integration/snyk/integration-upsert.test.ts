// The Integration step against the Snyk emulator over HTTP: create, rotate (adopt), brokered refusal,
// read, delete (idempotent), group level refused, and no token in any message.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import { fingerprint } from "../../emulators/snyk/state";
import { isScmIntegrationError } from "../../../provider/src/core/errors";
import { ORG, OTHER_ORG, canary, ghes, githubCloud, gitlabSelfManaged, platformFor, seedWith } from "./fixtures";

const API_TOKEN = canary("snyk-api");
const SCM_TOKEN_1 = canary("scm-1");
const SCM_TOKEN_2 = canary("scm-2");

describe("Snyk integration upsert", () => {
  let emulator: SnykEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = createSnykEmulator(seedWith(API_TOKEN));
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.seed(
      seedWith(API_TOKEN, {
        orgs: [
          { id: ORG, name: "acme" },
          {
            id: OTHER_ORG,
            name: "other",
            integrations: [{ type: "github-enterprise", id: "brokered-id-1", brokered: true }],
          },
        ],
      }),
    );
    emulator.resetRequestStats();
  });

  it("creates a github-enterprise integration for github.com with the public API url, then rotates it in place", async () => {
    const platform = platformFor(base, API_TOKEN);
    const created = await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: githubCloud,
      token: SCM_TOKEN_1,
    });
    assert.equal(created.adopted, false);
    assert.equal(created.brokered, false);
    assert.equal(created.integrationType, "github-enterprise");
    const integrations = emulator.snyk.orgs.get(ORG)?.integrations;
    assert.equal(integrations?.size, 1);
    const stored = integrations?.get("github-enterprise");
    assert.equal(stored?.id, created.integrationId);
    assert.deepEqual(stored?.credentials, { token: SCM_TOKEN_1, url: "https://api.github.com" });

    const rotated = await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: githubCloud,
      token: SCM_TOKEN_2,
    });
    assert.deepEqual(rotated, {
      integrationId: created.integrationId,
      adopted: true,
      brokered: false,
      integrationType: "github-enterprise",
    });
    assert.equal(emulator.snyk.orgs.get(ORG)?.integrations.size, 1, "rotation must not create a second integration");
    const dumped = (emulator.dump() as { orgs: { id: string; integrations: { tokenSha256?: string }[] }[] }).orgs.find(
      (o) => o.id === ORG,
    );
    assert.equal(dumped?.integrations[0]?.tokenSha256, fingerprint(SCM_TOKEN_2));
    const stats = emulator.requestStats();
    assert.equal(stats.byRoute["POST /v1/org/:orgId/integrations"], 1);
    assert.equal(stats.byRoute["PUT /v1/org/:orgId/integrations/:integrationId"], 1);
  });

  it("sends GHES and GitLab Self-Managed credentials with the instance url", async () => {
    const platform = platformFor(base, API_TOKEN);
    await platform.upsertIntegration({ platformOrg: ORG, level: "organization", endpoint: ghes, token: SCM_TOKEN_1 });
    await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: gitlabSelfManaged,
      token: SCM_TOKEN_2,
    });
    const integrations = emulator.snyk.orgs.get(ORG)?.integrations;
    assert.deepEqual(integrations?.get("github-enterprise")?.credentials, {
      token: SCM_TOKEN_1,
      url: "https://ghe.example.com",
    });
    assert.deepEqual(integrations?.get("gitlab")?.credentials, {
      token: SCM_TOKEN_2,
      url: "https://gitlab.example.com",
    });
  });

  it("refuses to rotate a brokered integration and writes nothing", async () => {
    const platform = platformFor(base, API_TOKEN);
    await assert.rejects(
      platform.upsertIntegration({ platformOrg: OTHER_ORG, level: "organization", endpoint: ghes, token: SCM_TOKEN_1 }),
      (e: unknown) => {
        assert.ok(isScmIntegrationError(e));
        assert.equal(e.kind, "conflict");
        assert.equal(e.field, "token");
        assert.match(e.message, /integration brokered-id-1 of Snyk org .* is brokered/);
        assert.match(e.message, /nothing was changed/);
        assert.match(e.message, /Fix: rotate the SCM token in the Snyk Broker client/);
        assert.ok(!e.message.includes(SCM_TOKEN_1));
        return true;
      },
    );
    assert.equal(emulator.requestStats().writes, 0);
    assert.equal(emulator.snyk.orgs.get(OTHER_ORG)?.integrations.get("github-enterprise")?.credentials, undefined);
  });

  it("reads the integration back, and null once it is of another id", async () => {
    const platform = platformFor(base, API_TOKEN);
    const created = await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: gitlabSelfManaged,
      token: SCM_TOKEN_1,
    });
    assert.deepEqual(await platform.readIntegration(ORG, gitlabSelfManaged, created.integrationId), {
      integrationId: created.integrationId,
      adopted: false,
      integrationType: "gitlab",
      brokered: false,
    });
    assert.equal(await platform.readIntegration(ORG, gitlabSelfManaged, "not-this-id"), null);
    assert.equal(
      await platform.readIntegration(ORG, ghes, created.integrationId),
      null,
      "no github-enterprise integration exists",
    );
    const brokered = await platform.readIntegration(OTHER_ORG, ghes, "brokered-id-1");
    assert.equal(brokered?.brokered, true);
  });

  it("removes the credentials on delete, and a second delete of a gone integration succeeds", async () => {
    const platform = platformFor(base, API_TOKEN);
    const created = await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: ghes,
      token: SCM_TOKEN_1,
    });
    await platform.removeIntegration(ORG, ghes, created.integrationId);
    assert.equal(emulator.snyk.orgs.get(ORG)?.integrations.get("github-enterprise")?.credentials, undefined);
    await platform.removeIntegration(ORG, ghes, created.integrationId);
    await platform.removeIntegration(ORG, ghes, "never-existed");
    assert.equal(
      emulator.requestStats().byRoute["DELETE /v1/org/:orgId/integrations/:integrationId/authentication"],
      3,
    );
  });

  it("refuses group level with the reason and what to do instead, before any request", async () => {
    const platform = platformFor(base, API_TOKEN);
    await assert.rejects(
      platform.upsertIntegration({ platformOrg: ORG, level: "group", endpoint: ghes, token: SCM_TOKEN_1 }),
      (e: unknown) => {
        assert.ok(isScmIntegrationError(e));
        assert.equal(e.kind, "unsupported");
        assert.equal(
          e.message,
          'level: Snyk has no public API for group-level (Snyk Essentials) SCM integrations. Fix: set level to "organization", or configure the integration by hand in the Snyk group\'s Integrations page',
        );
        return true;
      },
    );
    assert.equal(emulator.requestStats().total, 0);
  });

  it("maps a wrong API key to bad-credentials and an unknown org to not-found, with no token in the message", async () => {
    const wrongKey = canary("wrong-key");
    await assert.rejects(
      platformFor(base, wrongKey).upsertIntegration({
        platformOrg: ORG,
        level: "organization",
        endpoint: ghes,
        token: SCM_TOKEN_1,
      }),
      (e: unknown) => {
        assert.ok(isScmIntegrationError(e));
        assert.equal(e.kind, "bad-credentials");
        assert.equal(e.status, 401);
        assert.match(
          e.message,
          /HTTP 401 \(the API token is not valid for http:\/\/127\.0\.0\.1:\d+\/v1\): Not authorised/,
        );
        for (const secret of [wrongKey, SCM_TOKEN_1, API_TOKEN]) assert.ok(!e.message.includes(secret));
        return true;
      },
    );
    await assert.rejects(
      platformFor(base, API_TOKEN).upsertIntegration({
        platformOrg: "no-such-org",
        level: "organization",
        endpoint: ghes,
        token: SCM_TOKEN_1,
      }),
      (e: unknown) => {
        assert.ok(isScmIntegrationError(e));
        assert.equal(e.kind, "not-found");
        assert.equal(e.field, "platformOrg");
        assert.match(e.message, /Org no-such-org was not found or you may not have the correct permissions/);
        assert.ok(!e.message.includes(API_TOKEN) && !e.message.includes(SCM_TOKEN_1));
        return true;
      },
    );
  });

  it("connect gives a local id and writes nothing; readConnection follows the integration", async () => {
    const platform = platformFor(base, API_TOKEN);
    const created = await platform.upsertIntegration({
      platformOrg: ORG,
      level: "organization",
      endpoint: ghes,
      token: SCM_TOKEN_1,
    });
    emulator.resetRequestStats();
    const request = {
      platformOrg: ORG,
      integrationId: created.integrationId,
      endpoint: ghes,
      token: SCM_TOKEN_1,
      organization: "acme",
    };
    const connection = await platform.connect(request);
    assert.equal(connection.connectionId, `${created.integrationId}:acme`);
    assert.deepEqual(await platform.readConnection(request, connection.connectionId), {
      connectionId: `${created.integrationId}:acme`,
    });
    await platform.disconnect(request, connection.connectionId);
    assert.equal(emulator.requestStats().writes, 0);
    const stale = { ...request, integrationId: "gone" };
    assert.equal(await platform.readConnection(stale, "gone:acme"), null);
    await assert.rejects(platform.connect(stale), /has no github-enterprise integration with id gone/);
  });
});
