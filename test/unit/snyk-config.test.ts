// Snyk regions, API roots, integration types per SCM, and the per-key, per-dialect request budget.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { resolveSnykApiRoots } from "../../provider/src/platforms/snyk/regions";
import { snykIntegrationPlan, snykIntegrationType } from "../../provider/src/platforms/snyk/integration-types";
import {
  DEFAULT_SNYK_RATE_BUDGET,
  snykLimiterFor,
  type SnykRateBudget,
} from "../../provider/src/platforms/snyk/rate-budget";
import { createSnykTransport } from "../../provider/src/platforms/snyk/transport";
import { SnykV1Client } from "../../provider/src/platforms/snyk/v1-client";
import { SnykRestClient } from "../../provider/src/platforms/snyk/rest-client";
import { SlidingWindowLimiter, type WindowLimit } from "../../provider/src/core/sliding-window-limiter";
import { isScmIntegrationError } from "../../provider/src/core/errors";
import type { ScmEndpoint } from "../../provider/src/scm/types";
import { VirtualClock } from "../support/virtual-clock";

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
          'scm-integrations:snykRegion: unknown Snyk region "SNYK-MARS-01". Fix: use one of SNYK-US-01, SNYK-US-02, SNYK-EU-01, SNYK-AU-01 (the region your Snyk tenant and API key belong to)',
    );
    assert.throws(
      () => resolveSnykApiRoots({ apiUrl: "api.snyk.io" }),
      /: scm-integrations:snykApiUrl: "api\.snyk\.io" is not a URL\. Fix: .*leave scm-integrations:snykApiUrl unset and choose scm-integrations:snykRegion$/,
    );
    assert.throws(
      () => resolveSnykApiRoots({ apiUrl: "ftp://api.snyk.io" }),
      /: scm-integrations:snykApiUrl: "ftp:\/\/api\.snyk\.io" is not an http\(s\) URL/,
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
    const github = { ...endpoint("github", "https://github.com"), apiUrl: "https://api.github.com" };
    assert.deepEqual(snykIntegrationPlan(github, "tok"), {
      type: "github-enterprise",
      credentials: { token: "tok", url: "https://api.github.com" },
      sourceTypes: ["github-enterprise"],
    });
  });

  it("gives Snyk the GitHub API address the token was checked against when githubApiUrl redirects it", () => {
    const proxied = { ...endpoint("github", "https://github.com"), apiUrl: "https://gh-proxy.example.com/api/" };
    assert.deepEqual(snykIntegrationPlan(proxied, "tok").credentials, {
      token: "tok",
      url: "https://gh-proxy.example.com/api",
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
  /** Most grants the windows allow in any interval of `intervalMs`: each window of length W caps ⌈T/W⌉ × its limit. */
  const mostIn = (windows: readonly WindowLimit[], intervalMs: number) =>
    Math.min(...windows.map((w) => w.limit * Math.ceil(intervalMs / w.windowMs)));

  it("stays under V1's 2,000/min and under REST's 1,620/min and 160/s, in any window alignment", () => {
    assert.ok(mostIn(DEFAULT_SNYK_RATE_BUDGET.v1, 60_000) < 2_000);
    assert.ok(mostIn(DEFAULT_SNYK_RATE_BUDGET.rest, 60_000) < 1_620);
    assert.ok(mostIn(DEFAULT_SNYK_RATE_BUDGET.rest, 1_000) < 160);
  });

  it("lets 4,000 V1 requests (1,000 imports) through within 2 minutes: the V1 limit, not a stricter one, sets the pace", async () => {
    const clock = new VirtualClock({ start: 0 });
    const limiter = new SlidingWindowLimiter({ windows: DEFAULT_SNYK_RATE_BUDGET.v1, clock });
    await Promise.all(Array.from({ length: 4_000 }, () => limiter.take()));
    // 1,940 at 0, 1,940 at 1 min, the last 120 at 2 min: ≥ 97% of the documented 2,000/min.
    assert.equal(clock.now(), 120_000);
  });

  it("has one limiter per key, API root and dialect, shared by every client of that key", () => {
    const a = snykLimiterFor("key-aaaaaaaa", "https://api.snyk.io", "v1");
    assert.equal(snykLimiterFor("key-aaaaaaaa", "https://api.snyk.io", "v1"), a);
    assert.notEqual(snykLimiterFor("key-bbbbbbbb", "https://api.snyk.io", "v1"), a);
    assert.notEqual(snykLimiterFor("key-aaaaaaaa", "https://api.eu.snyk.io", "v1"), a);
    assert.notEqual(snykLimiterFor("key-aaaaaaaa", "https://api.snyk.io", "rest"), a);
    // Even with identical windows, the dialects are counted apart.
    const same: SnykRateBudget = { v1: [{ limit: 10, windowMs: 1_000 }], rest: [{ limit: 10, windowMs: 1_000 }] };
    assert.notEqual(
      snykLimiterFor("key-aaaaaaaa", "https://api.snyk.io", "rest", same),
      snykLimiterFor("key-aaaaaaaa", "https://api.snyk.io", "v1", same),
    );
  });

  it("gives the transport one policy per dialect, each with that dialect's limiter of the key", () => {
    const transport = createSnykTransport({ apiToken: "key-cccccccc", apiUrl: "http://127.0.0.1:4010" });
    const root = transport.roots.app;
    assert.equal(transport.policies.v1.limiter, snykLimiterFor("key-cccccccc", root, "v1"));
    assert.equal(transport.policies.rest.limiter, snykLimiterFor("key-cccccccc", root, "rest"));
    assert.notEqual(transport.policies.v1.limiter, transport.policies.rest.limiter);
  });

  it("sends V1 calls under the V1 limiter and REST calls under the REST limiter", async () => {
    const taken: string[] = [];
    const base = createSnykTransport({
      apiToken: "key-dddddddd",
      apiUrl: "http://127.0.0.1:4010",
      fetch: async () => new Response("{}", { status: 200 }),
    });
    const recording = (dialect: "v1" | "rest") => ({
      ...base.policies[dialect],
      limiter: { take: async () => void taken.push(dialect) },
    });
    const transport = { ...base, policies: { v1: recording("v1"), rest: recording("rest") } };
    await new SnykV1Client(transport).call("GET", "/org/o/integrations", { action: "listing" });
    await new SnykRestClient(transport).call("GET", "/orgs/o/targets", { action: "listing" });
    assert.deepEqual(taken, ["v1", "rest"]);
  });
});
