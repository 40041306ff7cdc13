import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  isLoopbackHost,
  resolveScmEndpoint,
  validateCaCertificate,
  type ResolveEndpointInput,
  type ScmEndpoint,
} from "../../provider/src/core/endpoints";
import type { ScmKind } from "../../provider/src/core/domain.generated";
import { scmThrown } from "../support/rejection";

// A throwaway self-signed CA (valid 2026-11-21 … 2126-10-28), used only by tests.
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
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

const refusal = (input: ResolveEndpointInput) =>
  scmThrown(() => resolveScmEndpoint(input), `resolving ${JSON.stringify(input)}`);

describe("resolveScmEndpoint: cloud", () => {
  it("gives the canonical GitHub and GitLab endpoints when baseUrl is absent", () => {
    assert.deepEqual(resolveScmEndpoint({ scm: "github" }), {
      scm: "github",
      baseUrl: "https://github.com",
      apiUrl: "https://api.github.com",
      webUrl: "https://github.com",
    });
    assert.deepEqual(resolveScmEndpoint({ scm: "gitlab" }), {
      scm: "gitlab",
      baseUrl: "https://gitlab.com",
      apiUrl: "https://gitlab.com/api/v4",
      webUrl: "https://gitlab.com",
    });
  });

  it("accepts the canonical spellings of the cloud addresses", () => {
    for (const baseUrl of [
      "https://github.com",
      "https://github.com/",
      "https://api.github.com",
      "HTTPS://GitHub.com",
    ]) {
      assert.equal(resolveScmEndpoint({ scm: "github", baseUrl }).apiUrl, "https://api.github.com", baseUrl);
    }
    for (const baseUrl of [
      "https://gitlab.com",
      "https://gitlab.com/",
      "https://gitlab.com/api/v4",
      "https://gitlab.com/api/v4/",
    ]) {
      assert.equal(resolveScmEndpoint({ scm: "gitlab", baseUrl }).apiUrl, "https://gitlab.com/api/v4", baseUrl);
    }
  });

  it("refuses a non-canonical cloud address and points at the self-hosted kind", () => {
    const e = refusal({ scm: "github", baseUrl: "https://ghe.example.com" });
    assert.equal(e.kind, "invalid-input");
    assert.equal(e.field, "baseUrl");
    assert.equal(
      e.message,
      'baseUrl: "https://ghe.example.com" is not the GitHub.com address. Fix: leave baseUrl unset (or write https://github.com) for scm "github"; for your own server use scm "github-enterprise"',
    );
    assert.match(
      refusal({ scm: "gitlab", baseUrl: "https://gitlab.com/acme" }).message,
      /use scm "gitlab-self-managed"/,
    );
    assert.match(
      refusal({ scm: "github", baseUrl: "https://github.com:8443" }).message,
      /is not the GitHub.com address/,
    );
  });

  it("replaces the API URL with a checked override, completing the API path", () => {
    const github = resolveScmEndpoint({
      scm: "github",
      apiUrlOverride: "http://127.0.0.1:4010/",
      allowInsecureLoopback: true,
    });
    assert.deepEqual(github, {
      scm: "github",
      baseUrl: "https://github.com",
      apiUrl: "http://127.0.0.1:4010",
      webUrl: "https://github.com",
    });
    for (const apiUrlOverride of [
      "http://127.0.0.1:4011",
      "http://127.0.0.1:4011/api/v4",
      "http://127.0.0.1:4011/api/v4/",
    ]) {
      const gitlab = resolveScmEndpoint({ scm: "gitlab", apiUrlOverride, allowInsecureLoopback: true });
      assert.equal(gitlab.apiUrl, "http://127.0.0.1:4011/api/v4", apiUrlOverride);
      assert.equal(gitlab.webUrl, "https://gitlab.com");
    }
    const e = refusal({ scm: "gitlab", apiUrlOverride: "http://127.0.0.1:4011" });
    assert.equal(e.field, "apiUrlOverride");
    assert.match(e.message, /only allowed for tests/);
  });
});

describe("resolveScmEndpoint: self-hosted", () => {
  it("treats the host, a trailing slash and the API path as the same GHES", () => {
    const expected = {
      scm: "github-enterprise",
      baseUrl: "https://ghe.example.com",
      apiUrl: "https://ghe.example.com/api/v3",
      webUrl: "https://ghe.example.com",
    };
    for (const baseUrl of [
      "https://ghe.example.com",
      "https://ghe.example.com/",
      "https://ghe.example.com/api/v3",
      "https://ghe.example.com/api/v3/",
      "  https://GHE.example.com:443/  ",
    ]) {
      assert.deepEqual(resolveScmEndpoint({ scm: "github-enterprise", baseUrl }), expected, baseUrl);
    }
  });

  it("treats the host, a trailing slash and /api/v4 as the same GitLab, keeping a relative root and a port", () => {
    for (const baseUrl of ["https://gl.example.com", "https://gl.example.com/", "https://gl.example.com/api/v4"]) {
      assert.equal(resolveScmEndpoint({ scm: "gitlab-self-managed", baseUrl }).apiUrl, "https://gl.example.com/api/v4");
    }
    assert.deepEqual(
      resolveScmEndpoint({ scm: "gitlab-self-managed", baseUrl: "https://host.example.com:8443/gitlab/api/v4/" }),
      {
        scm: "gitlab-self-managed",
        baseUrl: "https://host.example.com:8443/gitlab",
        apiUrl: "https://host.example.com:8443/gitlab/api/v4",
        webUrl: "https://host.example.com:8443/gitlab",
      },
    );
  });

  it("requires a baseUrl and refuses the cloud hosts", () => {
    const missing = refusal({ scm: "gitlab-self-managed" });
    assert.equal(missing.field, "baseUrl");
    assert.equal(
      missing.message,
      'baseUrl: baseUrl is required for scm "gitlab-self-managed". Fix: set baseUrl to your server\'s address, e.g. https://gitlab.example.com',
    );
    const cloud = refusal({ scm: "github-enterprise", baseUrl: "https://api.github.com" });
    assert.equal(
      cloud.message,
      'baseUrl: "https://api.github.com" is GitHub.com, not a self-hosted server. Fix: use scm "github" and leave baseUrl unset',
    );
    assert.match(refusal({ scm: "gitlab-self-managed", baseUrl: "https://gitlab.com" }).message, /use scm "gitlab"/);
  });

  it("refuses a GHES path other than /api/v3 and a GitLab API version other than v4", () => {
    assert.match(
      refusal({ scm: "github-enterprise", baseUrl: "https://ghe.example.com/api/graphql" }).message,
      /path GitHub Enterprise Server does not use/,
    );
    const v3 = refusal({ scm: "gitlab-self-managed", baseUrl: "https://gl.example.com/api/v3" });
    assert.match(v3.message, /only \/api\/v4 exists.*Fix: write the instance address, e.g. https:\/\/gl.example.com$/);
  });

  it("refuses non-https, credentials, query strings, fragments and missing schemes with the field and the fix", () => {
    const cases: [string, RegExp][] = [
      [
        "http://gl.example.com",
        /"http:\/\/gl.example.com" uses plain http, which would send the token unencrypted. Fix: use https:\/\//,
      ],
      ["ftp://gl.example.com", /uses the scheme ftp, not https/],
      ["https://gl.example.com/?private_token=x", /contains a query string. Fix: remove everything from the \?/],
      ["https://gl.example.com/?", /contains a query string/],
      ["https://gl.example.com/#top", /contains a fragment/],
      ["https://gl.example.com#", /contains a fragment/],
      ["gl.example.com", /has no scheme. Fix: write the full address with https:\/\/, e.g. https:\/\/gl.example.com/],
      ["https://", /has no host after the scheme/],
      ["https:///gl.example.com", /has no host after the scheme/],
    ];
    for (const [baseUrl, pattern] of cases) {
      const e = refusal({ scm: "gitlab-self-managed", baseUrl });
      assert.equal(e.kind, "invalid-input", baseUrl);
      assert.equal(e.field, "baseUrl", baseUrl);
      assert.match(e.message, pattern, baseUrl);
    }
  });

  it("never shows the password of a URL with credentials", () => {
    const secret = "glpat-canary0123456789abcdef";
    const e = refusal({ scm: "gitlab-self-managed", baseUrl: `https://oauth2:${secret}@gl.example.com` });
    assert.equal(
      e.message,
      'baseUrl: "https://***@gl.example.com" contains credentials. Fix: remove the user:password@ part; the token goes in the token input, which is kept secret',
    );
    assert.ok(!e.message.includes(secret));
    assert.ok(!e.message.includes("oauth2"));
  });

  it("allows plain http only to loopback hosts and only when opted in", () => {
    for (const host of ["127.0.0.1:8080", "127.1.2.3", "localhost:3000", "[::1]:9000"]) {
      const baseUrl = `http://${host}`;
      assert.match(refusal({ scm: "gitlab-self-managed", baseUrl }).message, /only allowed for tests/, host);
      assert.equal(
        resolveScmEndpoint({ scm: "gitlab-self-managed", baseUrl, allowInsecureLoopback: true }).apiUrl,
        `http://${host}/api/v4`,
      );
    }
    assert.match(
      refusal({ scm: "gitlab-self-managed", baseUrl: "http://10.0.0.1", allowInsecureLoopback: true }).message,
      /unencrypted/,
    );
    assert.match(
      refusal({ scm: "gitlab-self-managed", baseUrl: "http://127.0.0.1.example.com", allowInsecureLoopback: true })
        .message,
      /unencrypted/,
    );
  });

  it("refuses an empty baseUrl for a cloud kind (unset is the way to say: the cloud)", () => {
    const e = refusal({ scm: "gitlab", baseUrl: " " });
    assert.equal(e.message, 'baseUrl: " " is empty. Fix: write the server\'s address, e.g. https://gitlab.com');
  });

  it("refuses an unknown scm kind", () => {
    const e = refusal({ scm: "bitbucket" as ScmKind, baseUrl: "https://bb.example.com" });
    assert.equal(e.field, "scm");
  });
});

describe("resolveScmEndpoint: properties", () => {
  // Labels with "--" in positions 3-4 (e.g. "xn--0") are IDNA-reserved and rejected by the URL parser
  // itself: not a hostname anyone types.
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((l) => l.slice(2, 4) !== "--");
  const host = fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example`);
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
  const relativeRoot = fc.array(
    fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/).filter((s) => s !== "api"),
    { maxLength: 2 },
  );
  const kind = fc.constantFrom<"github-enterprise" | "gitlab-self-managed">("github-enterprise", "gitlab-self-managed");
  const typed = fc.record({ kind, host, port, relativeRoot, trailing: fc.boolean(), withApi: fc.boolean() });

  function spell(t: {
    kind: string;
    host: string;
    port: number | undefined;
    relativeRoot: string[];
    trailing: boolean;
    withApi: boolean;
  }) {
    const root = t.kind === "gitlab-self-managed" ? t.relativeRoot.map((s) => `/${s}`).join("") : "";
    const api = t.withApi ? (t.kind === "gitlab-self-managed" ? "/api/v4" : "/api/v3") : "";
    return `https://${t.host}${t.port ? `:${t.port}` : ""}${root}${api}${t.trailing ? "/" : ""}`;
  }

  it("is idempotent: resolving the resolved baseUrl or apiUrl gives the same endpoint", () => {
    fc.assert(
      fc.property(typed, (t) => {
        const first = resolveScmEndpoint({ scm: t.kind, baseUrl: spell(t) });
        assert.deepEqual(resolveScmEndpoint({ scm: t.kind, baseUrl: first.baseUrl }), first);
        assert.deepEqual(resolveScmEndpoint({ scm: t.kind, baseUrl: first.apiUrl }), first);
      }),
    );
  });

  it("every spelling of one server (slash, API path) resolves to one endpoint whose apiUrl ends with the API path", () => {
    fc.assert(
      fc.property(typed, (t) => {
        const all = [false, true].flatMap((trailing) =>
          [false, true].map((withApi) =>
            resolveScmEndpoint({ scm: t.kind, baseUrl: spell({ ...t, trailing, withApi }) }),
          ),
        );
        for (const e of all) assert.deepEqual(e, all[0]);
        const first = all[0] as ScmEndpoint;
        assert.ok(first.apiUrl.endsWith(t.kind === "gitlab-self-managed" ? "/api/v4" : "/api/v3"));
        assert.ok(!first.baseUrl.endsWith("/"));
        assert.equal(new URL(first.apiUrl).protocol, "https:");
      }),
    );
  });

  it("any http URL to a non-loopback host is refused, whatever the opt-in", () => {
    fc.assert(
      fc.property(typed, fc.boolean(), (t, allowInsecureLoopback) => {
        const e = refusal({ scm: t.kind, baseUrl: spell(t).replace("https://", "http://"), allowInsecureLoopback });
        assert.equal(e.field, "baseUrl");
        assert.match(e.message, /unencrypted/);
      }),
    );
  });

  it("loopback detection covers 127.0.0.0/8, ::1 and localhost only", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)), ([a, b, c]) => {
        assert.equal(isLoopbackHost(`127.${a}.${b}.${c}`), true);
        assert.equal(isLoopbackHost(`128.${a}.${b}.${c}`), false);
      }),
    );
    assert.equal(isLoopbackHost("[::1]"), true);
    assert.equal(isLoopbackHost("LOCALHOST"), true);
    assert.equal(isLoopbackHost("localhost.example.com"), false);
  });
});

describe("validateCaCertificate", () => {
  const now = new Date("2030-01-01T00:00:00Z");

  it("accepts a valid certificate and a bundle of them", () => {
    assert.equal(validateCaCertificate(TEST_CA_PEM, now), undefined);
    assert.equal(validateCaCertificate(`${TEST_CA_PEM}\n${TEST_CA_PEM}`, now), undefined);
  });

  it("reports an expired and a not-yet-valid CA", () => {
    assert.deepEqual(validateCaCertificate(TEST_CA_PEM, new Date("2127-01-01T00:00:00Z")), {
      field: "caCertificate",
      problem: "certificate 1 (CN=scm-integrations test CA) expired on 2126-10-28T20:50:08.000Z",
      fix: "get the current CA certificate from the server's administrator",
    });
    assert.match(
      validateCaCertificate(TEST_CA_PEM, new Date("2020-01-01T00:00:00Z"))?.problem ?? "",
      /is not valid before 2026-11-21T20:50:08.000Z/,
    );
  });

  it("refuses text that is not PEM, a file path, a corrupt certificate and a private key (without echoing it)", () => {
    assert.equal(
      validateCaCertificate("hello", now)?.problem,
      "is not PEM: no -----BEGIN CERTIFICATE----- block found",
    );
    assert.equal(validateCaCertificate("", now)?.problem, "is empty");
    const path = validateCaCertificate("/etc/ssl/corp-ca.pem", now);
    assert.equal(path?.problem, '"/etc/ssl/corp-ca.pem" looks like a file path, not a PEM certificate');
    const corrupt = validateCaCertificate(TEST_CA_PEM.replace("MIIBuTCC", "MIIBuTCD"), now);
    assert.match(corrupt?.problem ?? "", /^certificate 1 cannot be parsed/);
    const keyBody = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
    const key = validateCaCertificate(`-----BEGIN PRIVATE KEY-----\n${keyBody}\n-----END PRIVATE KEY-----\n`, now);
    assert.equal(key?.problem, 'block 1 is a "PRIVATE KEY", not a CERTIFICATE');
    assert.match(key?.fix ?? "", /remove the private key/);
    assert.ok(!JSON.stringify(key).includes(keyBody));
  });
});
