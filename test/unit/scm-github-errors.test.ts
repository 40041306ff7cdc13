// Error mapping from Octokit RequestErrors to ScmIntegrationError kinds. The errors are built by hand
// in RequestError's shape (status, message, response{headers,data}, cause): the mapper is duck-typed.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { mapGitHubError, ssoAuthorizationUrl } from "../../provider/src/scm/github/errors";
import { rememberSecret } from "../../provider/src/core/redact";

const API = "https://ghe.example.com/api/v3";
const CANARY = "ghp_CanaryErrorsTokenXXXXXXXXXXXXXXXXXXXX";
rememberSecret(CANARY);

const gh = { "x-github-request-id": "ABC", "x-github-media-type": "github.v3; format=json" };

interface RequestErrorShape extends Error {
  status: number;
  response?: { status: number; url: string; headers: Record<string, string>; data: unknown };
  request: { method: string; url: string; headers: Record<string, string> };
}

function requestError(status: number, headers: Record<string, string>, data: unknown): RequestErrorShape {
  const message =
    typeof data === "object" && data && "message" in data ? String((data as { message: string }).message) : "x";
  return Object.assign(new Error(message), {
    name: "HttpError",
    status,
    request: { method: "GET", url: `${API}/user`, headers: { authorization: `token ${CANARY}` } },
    response: { status, url: `${API}/user`, headers, data },
  });
}

/** What Octokit throws when fetch itself fails: status 500, no response, the socket error as cause. */
function fetchFailure(cause: unknown): RequestErrorShape {
  return Object.assign(new Error("fetch failed"), {
    name: "HttpError",
    status: 500,
    cause,
    request: { method: "GET", url: API, headers: {} },
  });
}

const map = (e: unknown) => mapGitHubError(e, { apiUrl: API, action: "reading the user", field: "token" });

describe("mapGitHubError", () => {
  it("401 → bad-credentials; with an expiry in the past → token-expired", () => {
    const bad = map(
      requestError(401, gh, {
        message: "Bad credentials",
        documentation_url: "https://docs.github.com/rest",
        status: "401",
      }),
    );
    assert.equal(bad.kind, "bad-credentials");
    assert.equal(bad.field, "token");
    const expired = map(
      requestError(
        401,
        { ...gh, "github-authentication-token-expiration": "2020-01-01 00:00:00 UTC" },
        { message: "Bad credentials" },
      ),
    );
    assert.equal(expired.kind, "token-expired");
    assert.match(expired.message, /expired at 2020-01-01T00:00:00\.000Z/);
  });

  it("SSO required → sso-required with the URL", () => {
    const url = "https://github.com/orgs/acme/sso?authorization_request=AAAA";
    const e = map(
      requestError(
        403,
        { ...gh, "x-github-sso": `required; url=${url}` },
        { message: "Resource protected by organization SAML enforcement." },
      ),
    );
    assert.equal(e.kind, "sso-required");
    assert.ok(e.message.includes(url));
    assert.equal(ssoAuthorizationUrl("partial-results; organizations=1,2"), undefined);
  });

  it("rate limits: primary (remaining 0) and secondary (message) → rate-limited, even without GitHub headers", () => {
    const primary = map(
      requestError(
        403,
        { ...gh, "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000" },
        { message: "API rate limit exceeded" },
      ),
    );
    assert.equal(primary.kind, "rate-limited");
    assert.match(
      primary.message,
      /primary rate limit was still exceeded after retries \(resets at 2023-11-14T22:13:20\.000Z\)/,
    );
    const secondary = map(requestError(403, {}, { message: "You have exceeded a secondary rate limit." }));
    assert.equal(secondary.kind, "rate-limited");
    assert.match(secondary.message, /secondary rate limit/);
  });

  it("403 not accessible → insufficient-scope naming accepted permissions; 404 → not-found; 5xx → server-error", () => {
    const denied = map(
      requestError(
        403,
        { ...gh, "x-accepted-github-permissions": "members=read" },
        { message: "Resource not accessible by personal access token" },
      ),
    );
    assert.equal(denied.kind, "insufficient-scope");
    assert.match(denied.message, /Fix: grant the token these permissions: members=read/);
    assert.equal(map(requestError(404, gh, { message: "Not Found" })).kind, "not-found");
    assert.equal(map(requestError(502, {}, "<html>bad gateway</html>")).kind, "server-error");
  });

  it("an answer without GitHub's headers, or HTML, is a wrong instance", () => {
    assert.equal(map(requestError(404, {}, { message: "Not Found" })).kind, "wrong-instance");
    assert.equal(map(requestError(401, gh, "<html>login</html>")).kind, "wrong-instance");
  });

  it("network failures → unreachable / tls, naming baseUrl", () => {
    const refused = fetchFailure(
      Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
      }),
    );
    const e = map(refused);
    assert.equal(e.kind, "unreachable");
    assert.equal(e.field, "baseUrl");
    assert.match(e.message, /cannot reach ghe\.example\.com \(ECONNREFUSED\)/);
    const tls = fetchFailure(Object.assign(new Error("self signed"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }));
    assert.equal(map(tls).kind, "tls");
  });

  it("never puts the token in a message, whatever GitHub said", () => {
    const e = map(requestError(422, gh, { message: `Validation failed for ${CANARY}` }));
    assert.equal(e.kind, "protocol");
    assert.equal(e.message.includes(CANARY), false);
    assert.match(e.message, /\[REDACTED\]/);
  });
});
