// Snyk regions, API roots, integration types per SCM, and the per-key request budget.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveSnykApiRoots } from "../../provider/src/platforms/snyk/regions";
import { snykIntegrationPlan, snykIntegrationType } from "../../provider/src/platforms/snyk/integration-types";
import { DEFAULT_SNYK_RATE_BUDGET, snykBucketFor } from "../../provider/src/platforms/snyk/rate-budget";
import { isScmIntegrationError } from "../../provider/src/core/errors";
import type { ScmEndpoint } from "../../provider/src/scm/types";

describe("Snyk API roots", () => {
  it("maps every documented region to its V1 and REST roots, US-01 by default", () => {
    assert.deepEqual(resolveSnykApiRoots({}), {
      v1: "https://api.snyk.io/v1",
      rest: "https://api.snyk.io/rest",
      app: "https://app.snyk.io",
    });
    assert.deepEqual(resolveSnykApiRoots({ region: "SNYK-US-02" }), {
      v1: "https://api.us.snyk.io/v1",
      rest: "https://api.us.snyk.io/rest",
      app: "https://app.us.snyk.io",
    });
    assert.equal(resolveSnykApiRoots({ region: "snyk-eu-01" }).rest, "https://api.eu.snyk.io/rest");
    assert.equal(resolveSnykApiRoots({ region: "SNYK-AU-01" }).v1, "https://api.au.snyk.io/v1");
  });

  it("lets apiUrl win over the region and accepts it with or without a dialect suffix", () => {
    for (const apiUrl of [
      "http://127.0.0.1:4010",
      "http://127.0.0.1:4010/",
      "http://127.0.0.1:4010/v1",
      "http://127.0.0.1:4010/api/v1",
      "http://127.0.0.1:4010/rest/",
    ]) {
      assert.deepEqual(resolveSnykApiRoots({ apiUrl, region: "SNYK-EU-01" }), {
        v1: "http://127.0.0.1:4010/v1",
        rest: "http://127.0.0.1:4010/rest",
        app: "http://127.0.0.1:4010",
      });
    }
  });

  it("names the field, the value and the choices for a wrong region or URL", () => {
    assert.throws(
      () => resolveSnykApiRoots({ region: "SNYK-MARS-01" }),
      (e: unknown) =>
        isScmIntegrationError(e) &&
        e.kind === "invalid-input" &&
        e.message ===
          'region: unknown Snyk region "SNYK-MARS-01". Fix: use one of SNYK-US-01, SNYK-US-02, SNYK-EU-01, SNYK-AU-01 (the region your Snyk tenant and API key belong to)',
    );
    assert.throws(() => resolveSnykApiRoots({ apiUrl: "api.snyk.io" }), /apiUrl: "api\.snyk\.io" is not a URL/);
    assert.throws(
      () => resolveSnykApiRoots({ apiUrl: "ftp://api.snyk.io" }),
      /apiUrl: "ftp:\/\/api\.snyk\.io" is not an http\(s\) URL/,
    );
  });
});

describe("Snyk integration type per SCM", () => {
  const endpoint = (scm: ScmEndpoint["scm"], baseUrl: string): ScmEndpoint => ({
    scm,
    baseUrl,
    apiUrl: `${baseUrl}/api`,
    webUrl: baseUrl,
  });

  it("uses github-enterprise for github.com (service accounts cannot import through the user-bound github type)", () => {
    assert.deepEqual(snykIntegrationPlan(endpoint("github", "https://github.com"), "tok"), {
      type: "github-enterprise",
      credentials: { token: "tok", url: "https://api.github.com" },
      sourceTypes: ["github-enterprise"],
    });
  });

  it("sends the instance URL for GHES and GitLab Self-Managed, no URL for GitLab.com", () => {
    assert.deepEqual(snykIntegrationPlan(endpoint("github-enterprise", "https://ghe.example.com"), "t").credentials, {
      token: "t",
      url: "https://ghe.example.com",
    });
    assert.deepEqual(snykIntegrationPlan(endpoint("gitlab", "https://gitlab.com"), "t"), {
      type: "gitlab",
      credentials: { token: "t" },
      sourceTypes: ["gitlab"],
    });
    assert.deepEqual(snykIntegrationPlan(endpoint("gitlab-self-managed", "https://gl.example.com"), "t").credentials, {
      token: "t",
      url: "https://gl.example.com",
    });
    assert.equal(snykIntegrationType(endpoint("gitlab-self-managed", "https://gl.example.com")), "gitlab");
    assert.equal(snykIntegrationType(endpoint("github", "https://github.com")), "github-enterprise");
  });
});

describe("Snyk request budget", () => {
  it("stays under REST's 1,620/min and 160/s whatever the window alignment", () => {
    const { tokensPerInterval, intervalMs, capacity } = DEFAULT_SNYK_RATE_BUDGET;
    const perMs = tokensPerInterval / intervalMs;
    // A token bucket lets through at most capacity + rate × T requests in any window of length T.
    assert.ok(capacity + perMs * 60_000 <= 1_620);
    assert.ok(capacity + perMs * 1_000 <= 160);
  });

  it("shares one bucket per key and API root between clients, and never one across keys or regions", () => {
    const a = snykBucketFor("key-aaaaaaaa", "https://api.snyk.io");
    assert.equal(snykBucketFor("key-aaaaaaaa", "https://api.snyk.io"), a);
    assert.notEqual(snykBucketFor("key-bbbbbbbb", "https://api.snyk.io"), a);
    assert.notEqual(snykBucketFor("key-aaaaaaaa", "https://api.eu.snyk.io"), a);
  });
});
