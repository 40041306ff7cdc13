// Token introspection with the real Gitbeaker-based client against the GitLab emulator over HTTP:
// api vs read_api, expired, revoked, OAuth, old instances, wrong instance, unreachable, TLS.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { resolveScmEndpoint } from "../../../provider/src/core/endpoints";
import type { ScmIntegrationError } from "../../../provider/src/core/errors";
import { createGitLabClient } from "../../../provider/src/scm/gitlab/client";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { dateInDays, smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { createHealthEmulator } from "../../emulators/health/emulator";
import { assertNoCanary, gitLabClient, logLines, rejection } from "./helpers";

const host = createGitLabEmulator({ selfManaged: { version: "17.11.2" } });
let base = "";

beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => host.seed(smallWorld()));

describe("GitLab introspection: personal access tokens", () => {
  it("reads an api token: kind, owner, scopes (api covers read_api and repositories over Git HTTP), expiry, version", async () => {
    const info = await gitLabClient(base, tokens.aliceApi).introspectToken();
    assert.equal(info.kind, "gitlab-pat");
    assert.equal(info.owner, "alice");
    assert.deepEqual(info.grantedScopes, ["api"]);
    assert.deepEqual(info.effectiveScopes, ["api", "read_api", "read_repository", "write_repository"]);
    assert.equal(info.scopesKnown, true);
    assert.equal(info.expiresAt, `${dateInDays(365)}T00:00:00.000Z`);
    assert.equal(info.serverVersion, "17.11.2");
    assert.equal(info.isEnterpriseServer, true);
    assert.deepEqual(info.warnings, []);
    assert.deepEqual(info.provenCapabilities, []);
    assert.deepEqual(info.unprovenCapabilities, []);
  });

  it("reads a read_api-only token without inventing api", async () => {
    const info = await gitLabClient(base, tokens.aliceReadApi).introspectToken();
    assert.deepEqual(info.grantedScopes, ["read_api"]);
    assert.deepEqual(info.effectiveScopes, ["read_api"]);
    assert.equal(info.owner, "alice");
  });

  it("reads a read_repository-only token through /personal_access_tokens/self and warns that the owner is unknown", async () => {
    const info = await gitLabClient(base, tokens.aliceReadRepository).introspectToken();
    assert.deepEqual(info.effectiveScopes, ["read_repository"]);
    assert.equal(info.owner, undefined);
    assert.equal(info.serverVersion, undefined);
    assert.deepEqual(info.warnings, [
      "the token's owner could not be read: the token has none of the api, read_api or read_user scopes",
    ]);
  });

  it("reports when a token expires, and leaves judging it to the one expiry policy (plan/expiry.ts)", async () => {
    const info = await gitLabClient(base, tokens.aliceExpiringSoon).introspectToken();
    assert.equal(info.expiresAt, `${dateInDays(10)}T00:00:00.000Z`);
    assert.deepEqual(info.warnings, []);
  });
});

describe("GitLab introspection: refused tokens", () => {
  it("reports an expired token as token-expired on the token field", async () => {
    const e = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.aliceExpired).introspectToken());
    assert.equal(e.kind, "token-expired");
    assert.equal(e.field, "token");
    assert.equal(e.status, 401);
    assert.equal(
      e.message,
      `token: 127.0.0.1:${new URL(base).port} says the token has expired (401 invalid_token: Token is expired. You can either do re-authorization or token refresh.). Fix: create a new token at ${base}/-/user_settings/personal_access_tokens and update the token input`,
    );
  });

  it("reports a revoked token as token-revoked", async () => {
    const e = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.aliceRevoked).introspectToken());
    assert.equal(e.kind, "token-revoked");
    assert.match(e.message, /says the token was revoked \(401 invalid_token: Token was revoked/);
  });

  it("reports an unknown token as bad-credentials, pointing at the instance", async () => {
    const e = await rejection<ScmIntegrationError>(() => gitLabClient(base, tokens.unknown).introspectToken());
    assert.equal(e.kind, "bad-credentials");
    assert.match(
      e.message,
      /does not accept the token \(401 401 Unauthorized\)\. Fix: check that the token was created on http:\/\/127\.0\.0\.1:\d+ \(not another GitLab instance\)/,
    );
  });

  it("refuses a deploy token before calling anything", async () => {
    host.resetRequestStats();
    const e = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, "gldt-CANARYdeploy000000001").introspectToken(),
    );
    assert.equal(e.kind, "invalid-input");
    assert.equal(
      e.message,
      'token: the token is a deploy token (prefix "gldt-"), which cannot call the GitLab REST API. Fix: use a personal, project or group access token (glpat-…) with the read_api scope',
    );
    assert.equal(host.requestStats().total, 0);
  });
});

describe("GitLab introspection: no introspection endpoint", () => {
  it("probes an OAuth token: kind gitlab-oauth, scopes unknown, read access proven, writes unproven", async () => {
    const info = await gitLabClient(base, tokens.aliceOauth).introspectToken();
    assert.equal(info.kind, "gitlab-oauth");
    assert.equal(info.scopesKnown, false);
    assert.deepEqual(info.grantedScopes, []);
    assert.equal(info.owner, "alice");
    assert.deepEqual(info.provenCapabilities, ["read-user", "read-api"]);
    assert.deepEqual(info.unprovenCapabilities, ["write-api"]);
    assert.equal(info.warnings.length, 1);
    assert.match(info.warnings[0] as string, /not a personal\/project\/group access token/);
  });

  it("falls back to GET /user and probing on an instance older than 15.5", async () => {
    const old = createGitLabEmulator({ selfManaged: { version: "15.1.0" }, initialSeed: smallWorld() });
    const url = await old.start();
    try {
      const info = await gitLabClient(url, tokens.aliceApi).introspectToken();
      assert.equal(info.kind, "gitlab-pat");
      assert.equal(info.scopesKnown, false);
      assert.equal(info.owner, "alice");
      assert.equal(info.serverVersion, "15.1.0");
      assert.deepEqual(info.provenCapabilities, ["read-user", "read-api"]);
      assert.deepEqual(info.warnings, [
        "GitLab 15.1.0 has no /personal_access_tokens/self (added in 15.5): the token's scopes cannot be read, so read access was probed",
      ]);
      const stats = old.requestStats();
      assert.equal(stats.byRoute["GET /api/v4/user"], 1);
      assert.equal(stats.byRoute["GET /api/v4/version"], 1);

      const readUserOnly = createGitLabEmulator({ selfManaged: { version: "15.1.0" } });
      const url2 = await readUserOnly.start();
      try {
        const world = smallWorld();
        world.tokens.push({ value: "glpat-CANARYreadUserOnly01", userId: 1, scopes: ["read_user"] });
        readUserOnly.seed(world);
        const limited = await gitLabClient(url2, "glpat-CANARYreadUserOnly01").introspectToken();
        assert.deepEqual(limited.provenCapabilities, ["read-user"]);
        assert.deepEqual(limited.unprovenCapabilities, ["read-api", "write-api"]);
      } finally {
        await readUserOnly.stop();
      }
      const bad = await rejection<ScmIntegrationError>(() => gitLabClient(url, tokens.unknown).introspectToken());
      assert.equal(bad.kind, "bad-credentials");
    } finally {
      await old.stop();
    }
  });
});

describe("GitLab introspection: endpoints", () => {
  it("reaches an instance under a relative root through every spelling of its address", async () => {
    const prefixed = createGitLabEmulator({
      selfManaged: { version: "17.0.0" },
      pathPrefix: "/gitlab",
      initialSeed: smallWorld(),
    });
    const url = await prefixed.start();
    try {
      for (const spelling of [`${url}/gitlab`, `${url}/gitlab/`, `${url}/gitlab/api/v4`, `${url}/gitlab/api/v4/`]) {
        const client = gitLabClient(spelling, tokens.aliceApi);
        assert.equal(client.endpoint.apiUrl, `${url}/gitlab/api/v4`);
        assert.equal((await client.introspectToken()).owner, "alice", spelling);
      }
      // The host root of a relative-root instance is not a GitLab API.
      const wrong = await rejection<ScmIntegrationError>(() => gitLabClient(url, tokens.aliceApi).introspectToken());
      assert.equal(wrong.kind, "wrong-instance");
      assert.equal(wrong.field, "baseUrl");
      // The host root is wrong on purpose: its probes are the only requests outside the API.
      const outside = prefixed.takeContractViolations();
      assert.ok(outside.length > 0);
      assert.ok(outside.every((v) => v.rule === "operation-outside-contract" && !v.path.startsWith("/gitlab/")));
    } finally {
      await prefixed.stop();
    }
  });

  it("reaches gitlab.com's stand-in through apiUrlOverride", async () => {
    const endpoint = resolveScmEndpoint({ scm: "gitlab", apiUrlOverride: base, allowInsecureLoopback: true });
    const info = await createGitLabClient({ endpoint, token: tokens.aliceApi }).introspectToken();
    assert.equal(info.isEnterpriseServer, false);
    assert.equal(info.owner, "alice");
  });

  it("says wrong-instance when the address answers but is not GitLab", async () => {
    const other = createHealthEmulator();
    const url = await other.start();
    try {
      const e = await rejection<ScmIntegrationError>(() => gitLabClient(url, tokens.aliceApi).introspectToken());
      assert.equal(e.kind, "wrong-instance");
      assert.equal(e.field, "baseUrl");
      assert.match(
        e.message,
        /^baseUrl: http:\/\/127\.0\.0\.1:\d+\/api\/v4 does not look like a GitLab API: GET \/user answered 404/,
      );
    } finally {
      await other.stop();
    }
  });

  it("says unreachable when nothing listens", async () => {
    const server = createTcpServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await rejection<ScmIntegrationError>(() =>
      gitLabClient(`http://127.0.0.1:${port}`, tokens.aliceApi).introspectToken(),
    );
    assert.equal(e.kind, "unreachable");
    assert.equal(e.field, "baseUrl");
    assert.match(e.message, new RegExp(`^baseUrl: cannot reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  });
});

// The throwaway test CA (test/unit/endpoints.test.ts) with its key: a TLS front for the emulator.
const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBuTCCAV+gAwIBAgIUFOgfYxsYaM0lq1tH/AcILYv2Bs8wCgYIKoZIzj0EAwIw
IzEhMB8GA1UEAwwYc2NtLWludGVncmF0aW9ucyB0ZXN0IENBMCAXDTI2MTEyMTIw
NTAwOFoYDzIxMjYxMDI4MjA1MDA4WjAjMSEwHwYDVQQDDBhzY20taW50ZWdyYXRp
b25zIHRlc3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQYlakHhc707J5S
4UyAPbAAJf7ENqi3KXZe/+wrYkkGJVR1iV4Gff8/b3q9wLkDtnxmLXKjDzI8PLHx
GM8KNfZWo28wbTAdBgNVHQ4EFgQUaX8X2P3HSkgcaTzslJmov0gOxwAwHwYDVR0j
BBgwFoAUaX8X2P3HSkgcaTzslJmov0gOxwAwGgYDVR0RBBMwEYcEfwAAAYIJbG9j
YWxob3N0MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAIxuj/HE
hqVLGkxyHscNqaIcg5J1/VeAiAthJT41+rtaAiBInOvYFJbRXtXC8dST4lnfgqcV
AuMAYf6sL4L+7Ar5gw==
-----END CERTIFICATE-----
`;
const TEST_CA_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOyH8SwD4G6qTDmQ6
bWSiz9N3ISofn3XE2O832/rB9zWhRANCAAQYlakHhc707J5S4UyAPbAAJf7ENqi3
KXZe/+wrYkkGJVR1iV4Gff8/b3q9wLkDtnxmLXKjDzI8PLHxGM8KNfZW
-----END PRIVATE KEY-----
`;

describe("GitLab introspection: TLS with a private CA", () => {
  let tls: Server;
  let tlsUrl = "";

  beforeAll(async () => {
    // An HTTPS front that forwards to the emulator, so the client talks TLS to a certificate of our test CA.
    tls = createServer({ cert: TEST_CA_PEM, key: TEST_CA_KEY }, (req, res) => {
      void (async () => {
        const upstream = await fetch(`${base}${req.url ?? "/"}`, { headers: req.headers as Record<string, string> });
        res.writeHead(upstream.status, Object.fromEntries(upstream.headers.entries()));
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => tls.close(() => resolve())));

  it("fails with a tls error naming the fix without the CA, and works with caCertificate", async () => {
    const e = await rejection<ScmIntegrationError>(() => gitLabClient(tlsUrl, tokens.aliceApi).introspectToken());
    assert.equal(e.kind, "tls");
    assert.equal(e.field, "baseUrl");
    assert.match(
      e.message,
      /TLS verification of 127\.0\.0\.1:\d+ failed \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
    );
    assert.match(e.message, /set caCertificate to that CA's PEM/);
    const info = await gitLabClient(tlsUrl, tokens.aliceApi, { caCertificate: TEST_CA_PEM }).introspectToken();
    assert.equal(info.owner, "alice");
  });

  it("refuses a caCertificate that is not PEM before connecting", async () => {
    assert.throws(
      () => gitLabClient(tlsUrl, tokens.aliceApi, { caCertificate: "/etc/ssl/ca.pem" }),
      (e: ScmIntegrationError) => e.kind === "invalid-input" && e.field === "caCertificate",
    );
  });
});

describe("GitLab introspection: no token in any log line", () => {
  it("logged nothing that contains a canary", () => {
    for (const line of logLines) assertNoCanary(line);
  });
});
