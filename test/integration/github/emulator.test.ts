// The GitHub emulator's own behaviour over raw HTTP: the headers, limits and paging rules of the
// reference that the client tests rely on.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { EmulatorControl } from "../../emulators/control-client";
import { generateRepositories } from "../../emulators/github/seed";
import { TOKENS, baseSeed } from "./fixtures";
import { jsonBody } from "../../support/realm";
import { exemptProbeRequests } from "../../support/contract-recorder";

exemptProbeRequests(
  "drives the GitHub emulator directly with probes of its own (unknown routes, bad parameter values), not through an adapter",
);

const cloud = createGitHubEmulator({ initialSeed: baseSeed(generateRepositories("acme", 243, { vary: false })) });
const ghes = createGitHubEmulator({ enterprise: { version: "3.19.0" }, initialSeed: baseSeed() });
let url = "";
let ghesUrl = "";
beforeAll(async () => {
  url = await cloud.start();
  ghesUrl = await ghes.start();
});
afterAll(async () => {
  await cloud.stop();
  await ghes.stop();
});
beforeEach(() => cloud.reset());

const get = (path: string, token?: string, headers: Record<string, string> = {}, base = url) =>
  fetch(`${base}${path}`, { headers: { ...(token ? { authorization: `token ${token}` } : {}), ...headers } });

describe("github emulator", () => {
  it("per_page defaults to 30, is capped at 100, and Link uses the id-based absolute form", async () => {
    const first = await get("/orgs/acme/repos", TOKENS.aliceClassic);
    assert.equal(((await first.json()) as unknown[]).length, 30);
    assert.equal(
      first.headers.get("link"),
      `<${url}/organizations/4242/repos?page=2>; rel="next", <${url}/organizations/4242/repos?page=9>; rel="last"`,
    );
    const big = await get("/orgs/acme/repos?per_page=500&page=3", TOKENS.aliceClassic);
    assert.equal(((await big.json()) as unknown[]).length, 50);
    assert.equal(
      big.headers.get("link"),
      `<${url}/organizations/4242/repos?per_page=500&page=2>; rel="prev", <${url}/organizations/4242/repos?per_page=500&page=1>; rel="first"`,
    );
  });

  it("scopes headers: X-OAuth-Scopes for classic tokens only, X-Accepted-OAuth-Scopes always", async () => {
    const classic = await get("/orgs/acme", TOKENS.aliceClassic);
    assert.equal(classic.headers.get("x-oauth-scopes"), "repo, admin:org, admin:repo_hook");
    assert.equal(classic.headers.get("x-accepted-oauth-scopes"), "admin:org, read:org, repo, user, write:org");
    const fine = await get("/orgs/acme", TOKENS.aliceFineGrained);
    assert.equal(fine.headers.get("x-oauth-scopes"), null);
    assert.match(
      fine.headers.get("github-authentication-token-expiration") ?? "",
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    );
  });

  it("401 Bad credentials body, exactly", async () => {
    const response = await get("/user", TOKENS.expired);
    assert.equal(response.status, 401);
    assert.deepEqual(await jsonBody(response), {
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/rest",
      status: "401",
    });
  });

  it("primary limit: headers, 304s not counted, then 403 with remaining 0", async () => {
    await new EmulatorControl(url).seed({ ...baseSeed(), rateLimit: { limit: 3 } });
    const a = await get("/orgs/acme", TOKENS.aliceClassic);
    assert.equal(a.headers.get("x-ratelimit-limit"), "3");
    assert.equal(a.headers.get("x-ratelimit-remaining"), "2");
    assert.equal(a.headers.get("x-ratelimit-resource"), "core");
    const reset = Number(a.headers.get("x-ratelimit-reset"));
    assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 3601);
    const etag = a.headers.get("etag") as string;
    for (let i = 0; i < 5; i++) {
      const cached = await get("/orgs/acme", TOKENS.aliceClassic, { "if-none-match": etag });
      assert.equal(cached.status, 304);
      assert.equal(cached.headers.get("x-ratelimit-remaining"), "2");
    }
    assert.equal((await get("/orgs/acme", TOKENS.aliceClassic)).status, 200);
    assert.equal((await get("/orgs/acme", TOKENS.aliceClassic)).status, 200);
    const limited = await get("/orgs/acme", TOKENS.aliceClassic);
    assert.equal(limited.status, 403);
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    assert.match(((await limited.json()) as { message: string }).message, /^API rate limit exceeded for user ID 11\./);
  });

  it("secondary limit: 403 with the secondary message and retry-after", async () => {
    cloud.seed({ ...baseSeed(), secondaryLimit: { maxRequests: 1, retryAfterSeconds: 7 } });
    assert.equal((await get("/meta", TOKENS.aliceClassic)).status, 200);
    const limited = await get("/meta", TOKENS.aliceClassic);
    assert.equal(limited.status, 403);
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.match(((await limited.json()) as { message: string }).message, /secondary rate limit/);
  });

  it("rejects an unknown repository type with 422 Validation Failed", async () => {
    const response = await get("/orgs/acme/repos?type=bogus", TOKENS.aliceClassic);
    assert.equal(response.status, 422);
    const body = await jsonBody<{ message: string; errors: unknown[] }>(response);
    assert.equal(body.message, "Validation Failed");
    assert.deepEqual(body.errors, [{ resource: "Repository", field: "type", code: "invalid" }]);
  });

  it("GHES: /api/v3 prefix, version header on every API answer, no rate limit by default, HTML outside the API", async () => {
    const user = await get("/api/v3/user", TOKENS.aliceClassic, {}, ghesUrl);
    assert.equal(user.status, 200);
    assert.equal(user.headers.get("x-github-enterprise-version"), "3.19.0");
    assert.equal(user.headers.get("x-ratelimit-limit"), null);
    const missing = await get("/api/v3/nothing-here", TOKENS.aliceClassic, {}, ghesUrl);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("x-github-enterprise-version"), "3.19.0");
    const web = await get("/user", TOKENS.aliceClassic, {}, ghesUrl);
    assert.match(web.headers.get("content-type") ?? "", /^text\/html/);
    const meta = (await (await get("/api/v3/meta", TOKENS.aliceClassic, {}, ghesUrl)).json()) as {
      installed_version: string;
    };
    assert.equal(meta.installed_version, "3.19.0");
  });

  it("trailing slash is a 404, as on GitHub", async () => {
    assert.equal((await get("/orgs/acme/", TOKENS.aliceClassic)).status, 404);
  });

  it("the control API seeds and reports state", async () => {
    const control = new EmulatorControl(url);
    await control.seed(baseSeed(generateRepositories("acme", 3)));
    const state = await control.state<{ orgs: { login: string; repositories: number }[] }>();
    assert.deepEqual(state.orgs.find((o) => o.login === "acme")?.repositories, 10);
  });

  it("GET / is the API root of URL templates (OpenAPI meta/root); GHES serves it at /api/v3/", async () => {
    const root = await get("/", TOKENS.aliceClassic);
    assert.equal(root.status, 200);
    const body = await jsonBody<Record<string, string>>(root);
    assert.equal(body["current_user_url"], `${url}/user`);
    assert.equal(body["repository_url"], `${url}/repos/{owner}/{repo}`);
    assert.equal(body["rate_limit_url"], `${url}/rate_limit`);
    assert.equal(Object.keys(body).length, 33);
    for (const path of ["/api/v3/", "/api/v3"]) {
      const enterprise = await get(path, TOKENS.aliceClassic, {}, ghesUrl);
      assert.equal(enterprise.status, 200, path);
      const ghesRoot = await jsonBody<Record<string, string>>(enterprise);
      assert.equal(ghesRoot["organization_url"], `${ghesUrl}/api/v3/orgs/{org}`);
    }
    assert.equal((await get("/api/v3/meta", TOKENS.aliceClassic, {}, ghesUrl)).status, 200);
  });

  it("GET /rate_limit reports resources.core and rate without counting itself", async () => {
    await new EmulatorControl(url).seed({ ...baseSeed(), rateLimit: { limit: 10 } });
    await get("/orgs/acme", TOKENS.aliceClassic);
    for (let i = 0; i < 3; i++) {
      const res = await get("/rate_limit", TOKENS.aliceClassic);
      assert.equal(res.status, 200);
      const body = await jsonBody<{
        resources: Record<string, { limit: number; used: number; remaining: number; reset: number }>;
        rate: { limit: number; used: number; remaining: number; reset: number };
      }>(res);
      assert.deepEqual(
        { limit: body.resources["core"]?.limit, used: body.resources["core"]?.used, remaining: body.rate.remaining },
        { limit: 10, used: 1, remaining: 9 },
      );
      assert.deepEqual(body.rate, body.resources["core"]);
      for (const name of ["search", "graphql"]) assert.equal(typeof body.resources[name]?.reset, "number", name);
      assert.equal(res.headers.get("x-ratelimit-remaining"), "9");
    }
    // GHES with rate limiting off (its default): 404.
    assert.equal((await get("/api/v3/rate_limit", TOKENS.aliceClassic, {}, ghesUrl)).status, 404);
  });

  it("HEAD answers with the GET's ETag, and 304 on If-None-Match", async () => {
    const full = await get("/orgs/acme", TOKENS.aliceClassic);
    const etag = full.headers.get("etag");
    assert.ok(etag);
    const head = await fetch(`${url}/orgs/acme`, {
      method: "HEAD",
      headers: { authorization: `token ${TOKENS.aliceClassic}` },
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("etag"), etag);
    const cached = await fetch(`${url}/orgs/acme`, {
      method: "HEAD",
      headers: { authorization: `token ${TOKENS.aliceClassic}`, "if-none-match": etag },
    });
    assert.equal(cached.status, 304);
  });

  it("a renamed repository answers 301 to /repositories/{id}, which serves it", async () => {
    const control = new EmulatorControl(url);
    await control.seed(baseSeed());
    const renamed = await fetch(`${url}/_control/rename-repository`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ owner: "acme", from: "api", to: "core-api" }),
    });
    assert.equal(renamed.status, 200);
    const moved = await fetch(`${url}/repos/acme/api`, {
      redirect: "manual",
      headers: { authorization: `token ${TOKENS.aliceClassic}` },
    });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get("location"), `${url}/repositories/1`);
    assert.deepEqual(await jsonBody(moved), {
      message: "Moved Permanently",
      url: `${url}/repositories/1`,
      documentation_url: "https://docs.github.com/v3/#http-redirects",
    });
    // The redirect does not show a private repository to a caller that cannot see it.
    assert.equal((await fetch(`${url}/repos/acme/api`, { redirect: "manual" })).status, 404);
    const byId = await get("/repositories/1", TOKENS.aliceClassic);
    assert.equal(byId.status, 200);
    assert.equal((await jsonBody<{ full_name: string }>(byId)).full_name, "acme/core-api");
    const byNewName = await get("/repos/acme/core-api", TOKENS.aliceClassic);
    assert.equal(byNewName.status, 200);
    const listing = await jsonBody<{ name: string }[]>(await get("/orgs/acme/repos?per_page=100", TOKENS.aliceClassic));
    assert.ok(listing.some((r) => r.name === "core-api") && !listing.some((r) => r.name === "api"));
  });
});
