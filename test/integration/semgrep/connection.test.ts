// The Semgrep adapter against the Semgrep emulator over HTTP: integrations (local, validated), SCM config
// lifecycle (create, adopt, rotate, check, delete), GitHub Cloud guidance, token scope errors.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { createSemgrepPlatform } from "../../../provider/src/platforms/semgrep";
import type { ConnectionRequest, Platform } from "../../../provider/src/platforms/types";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { createSemgrepEmulator } from "../../emulators/semgrep/emulator";
import {
  CI_TOKEN,
  GHE_TOKEN,
  GHE_TOKEN_ROTATED,
  GHE_URL,
  GITLAB_TOKEN,
  GITLAB_URL,
  WEB_TOKEN,
  baseSeed,
} from "../../emulators/semgrep/fixtures";
import type { WireScmConfig } from "../../emulators/semgrep/types";
import { scmRejection } from "../../support/rejection";
import { VirtualClock } from "../../support/virtual-clock";

const GHE: ScmEndpoint = { scm: "github-enterprise", baseUrl: GHE_URL, apiUrl: `${GHE_URL}/api/v3`, webUrl: GHE_URL };
const GITLAB_SM: ScmEndpoint = {
  scm: "gitlab-self-managed",
  baseUrl: GITLAB_URL,
  apiUrl: `${GITLAB_URL}/api/v4`,
  webUrl: GITLAB_URL,
};
const GITHUB: ScmEndpoint = {
  scm: "github",
  baseUrl: "https://github.com",
  apiUrl: "https://api.github.com",
  webUrl: "https://github.com",
};

const emulator = createSemgrepEmulator(baseSeed());
let url = "";

function platform(token = WEB_TOKEN): Platform {
  return createSemgrepPlatform(
    { platform: "semgrep", apiToken: token, apiUrl: url, clock: new VirtualClock() },
    { rateLimit: { requestsPerMinute: 60_000, burst: 1000 } },
  );
}

function configs(): WireScmConfig[] {
  return (emulator.dump() as { configs: WireScmConfig[] }).configs;
}

/** Requests that change state (a config search is a POST but reads only). */
function mutations(): string[] {
  return emulator
    .requestStats()
    .recent.filter((r) => r.method !== "GET" && !r.route.endsWith("/configs/search"))
    .map((r) => `${r.method} ${r.route}`);
}

function connection(overrides: Partial<ConnectionRequest> = {}): ConnectionRequest {
  return {
    platformOrg: "acme",
    integrationId: "semgrep:4242:github-enterprise:ghe.example.com",
    endpoint: GHE,
    token: GHE_TOKEN,
    organization: "platform",
    ...overrides,
  };
}

beforeAll(async () => {
  url = await emulator.start();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
});

describe("semgrep integration (local record)", () => {
  it("validates the deployment by slug or id and returns a deterministic id", async () => {
    const p = platform();
    const bySlug = await p.upsertIntegration({
      platformOrg: "acme",
      level: "organization",
      endpoint: GHE,
      token: GHE_TOKEN,
    });
    const byId = await p.upsertIntegration({
      platformOrg: "4242",
      level: "organization",
      endpoint: GHE,
      token: GHE_TOKEN,
    });
    assert.deepEqual(bySlug, { integrationId: "semgrep:4242:github-enterprise:ghe.example.com", adopted: false });
    assert.deepEqual(byId, bySlug);
    const gl = await p.upsertIntegration({
      platformOrg: "acme",
      level: "organization",
      endpoint: GITLAB_SM,
      token: GITLAB_TOKEN,
    });
    assert.equal(gl.integrationId, "semgrep:4242:gitlab-self-managed:gitlab.example.com");
    assert.deepEqual(await p.readIntegration("acme", GHE, bySlug.integrationId), bySlug);
    assert.equal(await p.readIntegration("acme", GHE, "semgrep:9999:github-enterprise:ghe.example.com"), null);
    assert.equal(await p.readIntegration("other", GHE, bySlug.integrationId), null);
    // Nothing remote is written for an integration.
    assert.deepEqual(mutations(), []);
  });

  it("names the deployments the token sees when platformOrg is wrong", async () => {
    const e = await scmRejection(
      platform().upsertIntegration({ platformOrg: "nope", level: "organization", endpoint: GHE, token: GHE_TOKEN }),
    );
    assert.equal(e.kind, "not-found");
    assert.equal(e.field, "platformOrg");
    assert.match(e.message, /no Semgrep deployment "nope" is visible to this API token; it sees "acme" \(id 4242\)/);
  });

  it("refuses group level", async () => {
    const e = await scmRejection(
      platform().upsertIntegration({ platformOrg: "acme", level: "group", endpoint: GHE, token: GHE_TOKEN }),
    );
    assert.equal(e.kind, "unsupported");
    assert.equal(e.field, "level");
  });

  it("GitHub Cloud without the Semgrep GitHub App: unsupported, with install guidance, nothing created", async () => {
    const e = await scmRejection(
      platform().upsertIntegration({ platformOrg: "acme", level: "organization", endpoint: GITHUB, token: GHE_TOKEN }),
    );
    assert.equal(e.kind, "unsupported");
    assert.equal(e.field, "scm");
    assert.match(e.message, /Semgrep GitHub App/);
    assert.match(e.message, /Settings > Source code managers > Add > GitHub/);
    const c = await scmRejection(platform().connect(connection({ endpoint: GITHUB, organization: "acme-gh" })));
    assert.equal(c.kind, "unsupported");
    assert.equal(configs().length, 0);
    assert.deepEqual(mutations(), []);
  });

  it("GitHub Cloud with an app connection: adopted, never re-created or deleted", async () => {
    emulator.seed(baseSeed({ configs: [{ type: "SCM_TYPE_GITHUB", namespace: "acme-gh", installed: true }] }));
    const p = platform();
    const i = await p.upsertIntegration({
      platformOrg: "acme",
      level: "organization",
      endpoint: GITHUB,
      token: GHE_TOKEN,
    });
    assert.deepEqual(i, { integrationId: "semgrep:4242:github:github.com", adopted: true });
    const req = connection({ endpoint: GITHUB, organization: "acme-gh" });
    const state = await p.connect(req);
    assert.equal(state.connectionId, "501");
    assert.equal(state.status?.ok, true);
    await p.disconnect(req, state.connectionId);
    assert.equal(configs().length, 1);
    assert.deepEqual(mutations(), []);
  });

  it("a CI-scoped token gets the Web API scope message", async () => {
    const e = await scmRejection(
      platform(CI_TOKEN).upsertIntegration({
        platformOrg: "acme",
        level: "organization",
        endpoint: GHE,
        token: GHE_TOKEN,
      }),
    );
    assert.equal(e.kind, "insufficient-scope");
    assert.equal(e.field, "scm-integrations:semgrepToken");
    assert.match(e.fix ?? "", /scm-integrations:semgrepToken/);
    assert.match(e.message, /this token lacks the Web API scope \(a CI-scoped token gets 404/);
    assert.match(e.message, /Settings > Tokens/);
    assert.ok(!e.message.includes(CI_TOKEN));
  });

  it("an unknown token is bad-credentials", async () => {
    const e = await scmRejection(
      platform("sgp_not_a_known_token_123").listImports({
        platformOrg: "acme",
        integrationId: "x",
        connectionId: "1",
        endpoint: GHE,
        organization: "platform",
      }),
    );
    assert.equal(e.kind, "bad-credentials");
    assert.equal(e.status, 401);
  });
});

describe("semgrep SCM config lifecycle", () => {
  it("creates, checks, adopts with a rotated token, reads and deletes idempotently", async () => {
    const p = platform();
    const created = await p.connect(connection());
    assert.equal(created.connectionId, "501");
    assert.deepEqual(created.status, { checked: true, ok: true });
    assert.equal(created.tokenScopes?.manageWebhooks, true);
    assert.equal(created.tokenScopes?.writeContents, false);
    assert.equal(Object.keys(created.tokenScopes ?? {}).length, 8);
    const [config] = configs();
    assert.equal(config?.type, "SCM_TYPE_GITHUB_ENTERPRISE");
    assert.equal(config?.namespace, "platform");
    assert.equal(config?.baseUrl, GHE_URL);
    assert.equal(config?.hasAccessToken, true);
    assert.ok(!JSON.stringify(emulator.dump()).includes(GHE_TOKEN), "the emulator never echoes the token");

    // Second connect for the same (type, namespace, baseUrl): adopt and PATCH the token, no duplicate.
    emulator.resetRequestStats();
    const adopted = await p.connect(
      connection({ token: GHE_TOKEN_ROTATED, endpoint: { ...GHE, baseUrl: `${GHE_URL}/` } }),
    );
    assert.equal(adopted.connectionId, "501");
    assert.equal(adopted.tokenScopes?.manageWebhooks, false, "check reflects the rotated token");
    assert.equal(configs().length, 1);
    const byRoute = emulator.requestStats().byRoute;
    assert.equal(byRoute["PATCH /api/scm/deployments/:deploymentId/configs/:configId"], 1);
    assert.equal(byRoute["POST /api/scm/deployments/:deploymentId/configs"], undefined);

    assert.equal(created.adopted, false, "made by this connect");
    assert.equal(adopted.adopted, true, "there before this connect");
    const { adopted: _adopted, ...state } = adopted;
    assert.deepEqual(await p.readConnection(connection(), "501"), state);
    await p.disconnect(connection(), "501");
    assert.equal(configs().length, 0);
    await p.disconnect(connection(), "501"); // already gone: no error
    assert.equal(await p.readConnection(connection(), "501"), null);
  });

  it("GitLab Self-Managed: creates an SCM_TYPE_GITLAB_SELFMANAGED config; a rejected token shows in status", async () => {
    const p = platform();
    const ok = await p.connect(connection({ endpoint: GITLAB_SM, token: GITLAB_TOKEN, organization: "infra" }));
    assert.equal(ok.status?.ok, true);
    assert.equal(ok.tokenScopes?.readMembers, false);
    const bad = await p.connect(
      connection({ endpoint: GITLAB_SM, token: "glpat-unknownTOKEN000000000", organization: "other" }),
    );
    assert.deepEqual(bad.status, { checked: true, ok: false, error: "The access token was rejected by the SCM" });
    assert.deepEqual(
      configs().map((c) => [c.type, c.namespace]),
      [
        ["SCM_TYPE_GITLAB_SELFMANAGED", "infra"],
        ["SCM_TYPE_GITLAB_SELFMANAGED", "other"],
      ],
    );
  });

  it("pages through many configs with the cursor when reading a connection", async () => {
    emulator.seed(
      baseSeed({
        configs: Array.from({ length: 230 }, (_, i) => ({
          type: "SCM_TYPE_GITLAB_SELFMANAGED" as const,
          namespace: `group-${i}`,
          baseUrl: GITLAB_URL,
          accessToken: GITLAB_TOKEN,
        })),
      }),
    );
    const p = platform();
    const last = await p.readConnection(connection({ endpoint: GITLAB_SM, organization: "group-229" }), "730");
    assert.equal(last?.connectionId, "730");
    assert.equal(last?.status?.ok, true);
    let byRoute = emulator.requestStats().byRoute;
    assert.equal(byRoute["POST /api/scm/deployments/:deploymentId/configs/search"], 1);
    assert.equal(byRoute["GET /api/scm/deployments/:deploymentId/configs"], undefined);
    // Declared under another namespace (renamed in the UI): found by paging the whole list.
    emulator.resetRequestStats();
    const renamed = await p.readConnection(connection({ endpoint: GITLAB_SM, organization: "renamed" }), "730");
    assert.equal(renamed?.connectionId, "730");
    byRoute = emulator.requestStats().byRoute;
    assert.equal(byRoute["GET /api/scm/deployments/:deploymentId/configs"], 3);
    assert.equal(await p.readConnection(connection({ endpoint: GITLAB_SM, organization: "renamed" }), "999"), null);
  });
});
