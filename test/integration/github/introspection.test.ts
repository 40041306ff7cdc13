// Token introspection against the GitHub emulator over HTTP, with the real Octokit client.
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { createGitHubClient } from "../../../provider/src/scm/github/client";
import { createHealthEmulator } from "../../emulators/health/emulator";
import { TOKENS, assertNoToken, baseSeed, cloudEndpoint, enterpriseEndpoint } from "./fixtures";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { VirtualClock } from "../../support/virtual-clock";
import { scmRejection } from "../../support/rejection";

const cloud = createGitHubEmulator({ initialSeed: baseSeed() });
const ghes = createGitHubEmulator({ enterprise: { version: "3.19.4" }, initialSeed: baseSeed() });
let cloudUrl = "";
let ghesUrl = "";

beforeAll(async () => {
  cloudUrl = await cloud.start();
  ghesUrl = await ghes.start();
});
afterAll(async () => {
  await cloud.stop();
  await ghes.stop();
});

const client = (token: string, endpoint: ScmEndpoint = cloudEndpoint(cloudUrl)) =>
  createGitHubClient({ endpoint, token, clock: new VirtualClock(), serverErrorRetries: 1 });

const rejection = (promise: Promise<unknown>) => scmRejection(promise, { leakCheck: assertNoToken });

describe("classic tokens", () => {
  it("reports parent scopes as granted and their children as effective", async () => {
    const info = await client(TOKENS.aliceClassic).introspectToken();
    assert.equal(info.kind, "github-classic-pat");
    assert.equal(info.owner, "alice");
    assert.equal(info.scopesKnown, true);
    assert.deepEqual(info.grantedScopes, ["repo", "admin:org", "admin:repo_hook"]);
    assert.deepEqual(info.effectiveScopes, [
      "admin:org",
      "admin:repo_hook",
      "public_repo",
      "read:org",
      "read:repo_hook",
      "repo",
      "repo:invite",
      "repo:status",
      "repo_deployment",
      "security_events",
      "write:org",
      "write:repo_hook",
    ]);
    assert.equal(info.isEnterpriseServer, false);
    assert.equal(info.serverVersion, undefined);
    assert.equal(info.expiresAt, undefined);
    assert.deepEqual(info.warnings, []);
    assert.deepEqual(info.provenCapabilities, ["read-user"]);
  });

  it("an empty X-OAuth-Scopes on a classic token means no scopes (known), with a warning", async () => {
    const info = await client(TOKENS.aliceNoScopes).introspectToken();
    assert.equal(info.scopesKnown, true);
    assert.deepEqual(info.grantedScopes, []);
    assert.deepEqual(info.effectiveScopes, []);
    assert.deepEqual(info.warnings, ["the token has no scopes: it can read public data only"]);
  });

  it("classifies a legacy 40-hex token as classic and expands `user`", async () => {
    const info = await client(TOKENS.bobLegacy).introspectToken();
    assert.equal(info.kind, "github-classic-pat");
    assert.equal(info.owner, "bob");
    assert.deepEqual(
      info.effectiveScopes.filter((s) => s.startsWith("user") || s.endsWith(":user")),
      ["read:user", "user", "user:email", "user:follow"],
    );
  });
});

describe("permission-model tokens (no scopes to read)", () => {
  it("fine-grained: proves user, membership and listing in a granted org; reports expiry", async () => {
    const info = await client(TOKENS.aliceFineGrained).introspectToken("acme");
    assert.equal(info.kind, "github-fine-grained-pat");
    assert.equal(info.scopesKnown, false);
    assert.deepEqual(info.grantedScopes, []);
    assert.deepEqual(info.provenCapabilities, ["read-user", "read-org-membership", "list-org-repos"]);
    assert.deepEqual(info.unprovenCapabilities, []);
    assert.match(info.expiresAt ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const days = (Date.parse(info.expiresAt ?? "") - Date.now()) / 86_400_000;
    assert.ok(days > 59 && days <= 60, `expiry ${info.expiresAt} should be 60 days out`);
  });

  it("fine-grained for another org: membership not proven, with the reason", async () => {
    const info = await client(TOKENS.aliceFineGrainedOther).introspectToken("acme");
    assert.deepEqual(info.provenCapabilities, ["read-user", "list-org-repos"]);
    assert.deepEqual(info.unprovenCapabilities, ["read-org-membership"]);
    assert.ok(
      info.warnings.some((w) => w.includes("Resource not accessible by personal access token")),
      info.warnings.join("\n"),
    );
  });

  it("fine-grained without an organization: membership and listing are unproven", async () => {
    const info = await client(TOKENS.aliceFineGrained).introspectToken();
    assert.deepEqual(info.provenCapabilities, ["read-user"]);
    assert.deepEqual(info.unprovenCapabilities, ["read-org-membership", "list-org-repos"]);
  });

  it("reports when a token expires, and leaves judging it to the one expiry policy (plan/expiry.ts)", async () => {
    const info = await client(TOKENS.aliceFineGrainedSoon).introspectToken("acme");
    assert.ok(info.expiresAt, "the expiry is reported");
    const daysLeft = (Date.parse(info.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(daysLeft > 1 && daysLeft < 4, info.expiresAt);
    assert.ok(!info.warnings.some((w) => /expire/.test(w)), info.warnings.join("\n"));
  });

  it("app installation token: GET /user answers 403 as expected; listing is proven", async () => {
    const info = await client(TOKENS.appInstallation).introspectToken("acme");
    assert.equal(info.kind, "github-app-installation");
    assert.equal(info.owner, undefined);
    assert.deepEqual(info.provenCapabilities, ["list-org-repos"]);
    assert.deepEqual(info.unprovenCapabilities, ["read-user", "read-org-membership"]);
    assert.ok(info.expiresAt, "an installation token's expiry is reported (the policy calls it short-lived)");
  });
});

describe("expiry header forms", () => {
  it("reads the +0900 form as the same instant", async () => {
    const host = createGitHubEmulator({ initialSeed: { ...baseSeed(), expirationHeaderFormat: "offset" } });
    const url = await host.start();
    try {
      const expected = baseSeed().tokens?.find((t) => t.value === TOKENS.aliceFineGrained)?.expiresAt as string;
      // A fresh seed computes "now + 60 days" again: compare with a second's tolerance.
      const info = await client(TOKENS.aliceFineGrained, cloudEndpoint(url)).introspectToken();
      assert.ok(
        Math.abs(Date.parse(info.expiresAt ?? "") - Date.parse(expected)) < 2000,
        `${info.expiresAt} vs ${expected}`,
      );
    } finally {
      await host.stop();
    }
  });
});

describe("rejected tokens", () => {
  for (const [name, token] of [
    ["expired", TOKENS.expired],
    ["revoked", TOKENS.revoked],
    ["unknown", TOKENS.unknown],
  ] as const) {
    it(`${name}: bad-credentials naming the token field, never the token`, async () => {
      const e = await rejection(client(token).introspectToken());
      assert.equal(e.kind, "bad-credentials");
      assert.equal(e.status, 401);
      assert.equal(e.field, "token");
      assert.match(
        e.message,
        /^token: 127\.0\.0\.1:\d+ rejected the token .*\(401 \("Bad credentials"\)\): it is unknown to this instance, revoked, or expired/,
      );
    });
  }

  it("SSO-required: sso-required with the authorization URL in the message", async () => {
    const e = await rejection(client(TOKENS.ssoRequired).getOrgAccess("acme"));
    assert.equal(e.kind, "sso-required");
    assert.match(
      e.message,
      new RegExp(
        `authorize the token for SSO at ${cloudUrl.replace(/\./g, "\\.")}/orgs/acme/sso\\?authorization_request=[0-9a-f]{24}`,
      ),
    );
    assert.match(String(e.details?.ssoUrl), /\/orgs\/acme\/sso\?authorization_request=/);
  });
});

describe("GitHub Enterprise Server", () => {
  it("detects GHES and reports /meta installed_version", async () => {
    const info = await client(TOKENS.aliceClassic, enterpriseEndpoint(ghesUrl)).introspectToken();
    assert.equal(info.isEnterpriseServer, true);
    assert.equal(info.serverVersion, "3.19.4");
    assert.equal(info.owner, "alice");
  });

  it("refuses scm github-enterprise pointed at github.com, and the reverse", async () => {
    const e1 = await rejection(
      client(TOKENS.aliceClassic, { ...cloudEndpoint(cloudUrl), scm: "github-enterprise" }).introspectToken(),
    );
    assert.equal(e1.kind, "wrong-instance");
    assert.equal(e1.field, "scm");
    const e2 = await rejection(
      client(TOKENS.aliceClassic, { ...enterpriseEndpoint(ghesUrl), scm: "github" }).introspectToken(),
    );
    assert.equal(e2.kind, "wrong-instance");
    assert.match(e2.message, /GitHub Enterprise Server 3\.19\.4; use scm "github-enterprise"/);
  });

  it("the GHES web root (no /api/v3) is a wrong instance, not bad credentials", async () => {
    const e = await rejection(
      client(TOKENS.aliceClassic, {
        scm: "github-enterprise",
        baseUrl: ghesUrl,
        apiUrl: ghesUrl,
        webUrl: ghesUrl,
      }).introspectToken(),
    );
    assert.equal(e.kind, "wrong-instance");
    assert.equal(e.field, "baseUrl");
    assert.match(e.message, /answered HTTP 404, not as a GitHub REST API/);
    // The address is wrong on purpose: the one request outside the API is the probe that found it.
    assert.deepEqual(
      ghes.takeContractViolations().map((v) => `${v.rule} ${v.method} ${v.path}`),
      ["operation-outside-contract GET /user"],
    );
  });
});

describe("hosts that are not GitHub", () => {
  it("a JSON server without GitHub's headers is a wrong instance", async () => {
    const other = createHealthEmulator();
    const url = await other.start();
    try {
      const e = await rejection(client(TOKENS.aliceClassic, cloudEndpoint(url)).introspectToken());
      assert.equal(e.kind, "wrong-instance");
    } finally {
      await other.stop();
    }
  });

  it("a closed port is unreachable, naming the host and baseUrl", async () => {
    const other = createHealthEmulator();
    const url = await other.start();
    await other.stop();
    const e = await rejection(client(TOKENS.aliceClassic, cloudEndpoint(url)).introspectToken());
    assert.equal(e.kind, "unreachable");
    assert.equal(e.field, "baseUrl");
    assert.match(e.message, /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it("a failed TLS handshake is a TLS error", async () => {
    // An https:// URL on a plain-HTTP port: the handshake fails before any request is sent.
    const other = createHealthEmulator();
    const url = await other.start();
    try {
      const httpsUrl = url.replace("http://", "https://");
      const e = await rejection(client(TOKENS.aliceClassic, cloudEndpoint(httpsUrl)).introspectToken());
      assert.equal(e.kind, "tls");
      assert.match(e.message, /TLS verification of 127\.0\.0\.1:\d+ failed/);
    } finally {
      await other.stop();
    }
  });
});
