// Which SCM a Semgrep deployment signs in with, from its listed sign-in providers (pure): one enabled
// GitHub / GitLab provider is the sign-in SCM; providers that are all something else mean none; an empty
// listing or two SCM providers tell nothing. And whether a connection's endpoint is that SCM.
import assert from "node:assert/strict";
import { describe, test } from "@jest/globals";
import { isLoginScm, loginScmConnections, loginScmOf } from "../../provider/src/platforms/semgrep/login-scm";

const provider = (type: string, extra: Record<string, unknown> = {}, enabled = true) => ({
  id: `p-${type}`,
  enabled,
  provider: { id: `p-${type}`, type, name: type.toLowerCase(), ...extra },
});

describe("loginScmOf", () => {
  test("one enabled GitLab provider with a base URL is the sign-in SCM", () => {
    assert.deepEqual(
      loginScmOf({
        providers: [
          provider("SSO_TYPE_SAML2"),
          provider("SSO_TYPE_GITLAB", { baseUrl: "https://gitlab.acme.dev", displayName: "Acme GitLab" }),
        ],
      }),
      { family: "gitlab", baseUrl: "https://gitlab.acme.dev", name: "Acme GitLab" },
    );
  });

  test("a GitHub provider without a base URL is github.com", () => {
    assert.deepEqual(loginScmOf({ providers: [provider("SSO_TYPE_GITHUB")] }), {
      family: "github",
      baseUrl: "https://github.com",
      name: "sso_type_github",
    });
  });

  test("disabled SCM providers do not count: only SAML left means no SCM sign-in", () => {
    assert.equal(loginScmOf({ providers: [provider("SSO_TYPE_GITHUB", {}, false), provider("SSO_TYPE_SAML2")] }), null);
  });

  test("an empty listing or two enabled SCM providers tell nothing", () => {
    assert.equal(loginScmOf({ providers: [] }), undefined);
    assert.equal(loginScmOf({}), undefined);
    assert.equal(loginScmOf({ providers: [provider("SSO_TYPE_GITHUB"), provider("SSO_TYPE_GITLAB")] }), undefined);
  });
});

describe("isLoginScm", () => {
  const ghes = { family: "github" as const, baseUrl: "https://GHE.acme.dev/", name: "GHES" };
  test("same family and base URL (host case and trailing slash ignored)", () => {
    assert.equal(isLoginScm(ghes, { scm: "github-enterprise", baseUrl: "https://ghe.acme.dev" }), true);
  });
  test("another host, or the other family, is not the sign-in SCM", () => {
    assert.equal(isLoginScm(ghes, { scm: "github-enterprise", baseUrl: "https://ghe2.acme.dev" }), false);
    assert.equal(isLoginScm(ghes, { scm: "gitlab-self-managed", baseUrl: "https://ghe.acme.dev" }), false);
  });
  test("a cloud SCM is its cloud host whatever API root the provider was pointed at", () => {
    const cloud = { family: "github" as const, baseUrl: "https://github.com", name: "GitHub" };
    assert.equal(isLoginScm(cloud, { scm: "github", baseUrl: "http://127.0.0.1:4000" }), true);
    assert.equal(isLoginScm(cloud, { scm: "github-enterprise", baseUrl: "https://ghe.acme.dev" }), false);
  });
});

describe("loginScmConnections", () => {
  test("names the deployment's configs of the sign-in SCM only, sorted", () => {
    const login = { family: "gitlab" as const, baseUrl: "https://gitlab.acme.dev", name: "GitLab" };
    const configs = [
      { id: "3", type: "SCM_TYPE_GITLAB_SELFMANAGED", namespace: "platform", baseUrl: "https://gitlab.acme.dev/" },
      { id: "1", type: "SCM_TYPE_GITLAB_SELFMANAGED", namespace: "apps", baseUrl: "https://GITLAB.acme.dev" },
      { id: "2", type: "SCM_TYPE_GITLAB_SELFMANAGED", namespace: "other", baseUrl: "https://gitlab.other.dev" },
      { id: "4", type: "SCM_TYPE_GITHUB_ENTERPRISE", namespace: "acme", baseUrl: "https://gitlab.acme.dev" },
      { id: "5", type: "SCM_TYPE_GITLAB", namespace: "cloud", baseUrl: "https://gitlab.com" },
    ];
    assert.deepEqual(loginScmConnections(login, configs), ["apps (SCM config 1)", "platform (SCM config 3)"]);
  });
});
