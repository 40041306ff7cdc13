// The allow-list of SCM hosts: entries as users write them, matching by host, wildcard and port, both
// lists applying when the pipeline and the stack each set one, and the refusal at endpoint resolution
// (before any client exists) naming the field that points the token there.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { parseAllowedHosts, refusingList } from "../../provider/src/core/allowed-hosts";
import { resolveScmEndpoint } from "../../provider/src/core/endpoints";
import { isScmIntegrationError } from "../../provider/src/core/errors";
import { carriesCredential } from "../../provider/src/core/redact";
import {
  ALLOWED_SCM_HOSTS_ENV,
  providerSettings,
  scmHostAllowLists,
} from "../../provider/src/resources/provider-config";

const allowed = (list: string, url: string) => refusingList(new URL(url), [parseAllowedHosts(list, "k")]) === undefined;

function refusal(fn: () => unknown): { field: string | undefined; message: string; fix: string | undefined } {
  try {
    fn();
  } catch (e) {
    assert.ok(isScmIntegrationError(e), String(e));
    return { field: e.field, message: e.message, fix: e.fix };
  }
  assert.fail("not refused");
}

describe("entries", () => {
  it("match hosts exactly, case and trailing dot aside, on any port unless one is named", () => {
    assert.ok(allowed("ghe.example.com", "https://GHE.example.com./api/v3"));
    assert.ok(allowed("ghe.example.com", "https://ghe.example.com:8443"));
    assert.ok(allowed("ghe.example.com:8443", "https://ghe.example.com:8443"));
    assert.ok(!allowed("ghe.example.com:8443", "https://ghe.example.com"));
    assert.ok(allowed("ghe.example.com:443", "https://ghe.example.com"));
    assert.ok(!allowed("ghe.example.com", "https://ghe.example.com.evil.example"));
    assert.ok(!allowed("ghe.example.com", "https://evilghe.example.com"));
  });

  it("take *. for the hosts below a domain, not the domain itself", () => {
    assert.ok(allowed("*.example.com", "https://ghe.example.com"));
    assert.ok(allowed("*.example.com", "https://a.b.example.com"));
    assert.ok(!allowed("*.example.com", "https://example.com"));
    assert.ok(!allowed("*.example.com", "https://example.com.evil.example"));
  });

  it("are read as the URL parser reads hosts (IPv4 spellings, IDNs), so no spelling slips past", () => {
    assert.ok(allowed("127.1", "http://127.0.0.1:3000"));
    assert.ok(allowed("münchen.example", "https://xn--mnchen-3ya.example"));
    assert.ok(!allowed("127.0.0.2", "http://127.0.0.1"));
    assert.ok(allowed("[::1]", "http://[::1]:8080"));
  });

  it("split on commas and whitespace; every list must allow the host", () => {
    const lists = [parseAllowedHosts("a.example, b.example\nc.example", "one"), parseAllowedHosts("b.example", "two")];
    assert.equal(refusingList(new URL("https://b.example"), lists), undefined);
    assert.equal(refusingList(new URL("https://a.example"), lists)?.source, "two");
    assert.equal(refusingList(new URL("https://d.example"), lists)?.source, "one");
  });

  it.each([
    ["https://ghe.example.com", /without scheme, path or user/],
    ["ghe.example.com/api", /without scheme, path or user/],
    ["user@ghe.example.com", /without scheme, path or user/],
    ["ghe.*.com", /other than a leading/],
    ["*.10.0.0.1", /before an IP address/],
    ["ghe\u200b.example.com", /invisible or control character \(U\+200B\)/],
    [" , ", /lists no host/],
  ])("refuse %j, naming the setting", (text, reason) => {
    const e = refusal(() => parseAllowedHosts(text, "scm-integrations:allowedScmHosts"));
    assert.equal(e.field, "scm-integrations:allowedScmHosts");
    assert.match(e.message, reason);
  });
});

describe("where the lists come from", () => {
  const settings = (allowedScmHosts?: string) => ({
    ...providerSettings(),
    ...(allowedScmHosts ? { allowedScmHosts } : {}),
  });

  it("the stack's config and the pipeline's environment both apply; neither replaces the other", () => {
    const lists = scmHostAllowLists(settings("ghe.example.com, evil.example"), {
      [ALLOWED_SCM_HOSTS_ENV]: "ghe.example.com",
    });
    assert.deepEqual(
      lists.map((l) => l.source),
      ["scm-integrations:allowedScmHosts", `the environment variable ${ALLOWED_SCM_HOSTS_ENV}`],
    );
    // A pull request that adds a host to the stack's config does not get past the pipeline's list.
    assert.equal(
      refusingList(new URL("https://evil.example"), lists)?.source,
      `the environment variable ${ALLOWED_SCM_HOSTS_ENV}`,
    );
  });

  it("none set: no list", () => {
    assert.deepEqual(scmHostAllowLists(settings(), {}), []);
  });
});

describe("endpoint resolution refuses a host outside the lists before any client exists", () => {
  const lists = [parseAllowedHosts("ghe.example.com", "scm-integrations:allowedScmHosts")];

  it("names baseUrl for a self-hosted SCM, quoting it and the list", () => {
    const e = refusal(() =>
      resolveScmEndpoint({ scm: "github-enterprise", baseUrl: "https://ghe.evil.example", allowedHosts: lists }),
    );
    assert.equal(e.field, "baseUrl");
    assert.match(
      e.message,
      /"https:\/\/ghe\.evil\.example" sends the token to ghe\.evil\.example, which scm-integrations:allowedScmHosts \("ghe\.example\.com"\) does not allow; no request was made/,
    );
    assert.match(e.fix ?? "", /add it to scm-integrations:allowedScmHosts/);
  });

  it("names scm for a cloud SCM's default host, and the config key for an API override", () => {
    assert.equal(refusal(() => resolveScmEndpoint({ scm: "github", allowedHosts: lists })).field, "scm");
    const e = refusal(() =>
      resolveScmEndpoint({
        scm: "gitlab",
        apiUrlOverride: "https://proxy.example/api/v4",
        apiUrlOverrideField: "scm-integrations:gitlabApiUrl",
        allowedHosts: lists,
      }),
    );
    assert.equal(e.field, "scm-integrations:gitlabApiUrl");
  });

  it("lets an allowed host through", () => {
    assert.equal(
      resolveScmEndpoint({ scm: "github-enterprise", baseUrl: "https://ghe.example.com", allowedHosts: lists }).apiUrl,
      "https://ghe.example.com/api/v3",
    );
  });
});

describe("carriesCredential", () => {
  it.each([
    "https://x-access-token:abc@ghe.example.com/",
    "https://abc@ghe.example.com",
    "https://gitlab.example.com/gitlab?private_token=abc",
    "https://ghe.example.com/?access_token=abc",
    "https://ghe.example.com/x?a=1&token=abc",
    "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----",
    "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "glpat-0123456789abcdefghij",
    "sgp_0123456789abcdefABCD",
  ])("finds %j, alone or deep inside a value", (text) => {
    assert.ok(carriesCredential(text));
    assert.ok(carriesCredential({ integration: { baseUrl: [text] } }));
  });

  it.each([
    "https://ghe.example.com",
    "acme/api",
    "-----BEGIN CERTIFICATE-----",
    "6f0b4c4e-0000-4000-8000-00000000a001",
    "?x=1",
  ])("leaves %j alone", (text) => {
    assert.ok(!carriesCredential(text));
  });
});
