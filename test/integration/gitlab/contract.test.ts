// The GitLab emulator against the shapes GitLab documents (https://docs.gitlab.com/api/rest/): error bodies, paging headers,
// token self fields, parameter defaults, rate-limit headers. Plain fetch, no client in between.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { bigWorld, smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { EmulatorControl } from "../../emulators/control-client";
import { inTestRealm, jsonBody } from "../../support/realm";
import { exemptProbeRequests } from "../../support/contract-recorder";

exemptProbeRequests(
  "drives the GitLab emulator directly with probes of its own (unknown routes, out-of-range paging, token in the query), not through an adapter",
);

const host = createGitLabEmulator();
let base = "";

async function get(path: string, token: string | null = tokens.aliceApi, headerName = "private-token") {
  const res = await fetch(`${base}/api/v4${path}`, { headers: token ? { [headerName]: token } : {} });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get("content-type") ?? "").startsWith("application/json")) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as never };
}

beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => host.seed(smallWorld()));

describe("GitLab emulator: authentication errors", () => {
  it("answers 401 with GitLab's message body for a missing or unknown token", async () => {
    for (const token of [null, tokens.unknown]) {
      const res = await get("/user", token);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { message: "401 Unauthorized" });
    }
  });

  it("answers expired and revoked tokens with invalid_token bodies and WWW-Authenticate", async () => {
    const expired = await get("/user", tokens.aliceExpired);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, {
      error: "invalid_token",
      error_description: "Token is expired. You can either do re-authorization or token refresh.",
    });
    assert.match(expired.headers.get("www-authenticate") ?? "", /^Bearer realm="", error="invalid_token"/);
    const revoked = await get("/user", tokens.aliceRevoked);
    assert.equal(revoked.status, 401);
    assert.deepEqual(revoked.body, {
      error: "invalid_token",
      error_description: "Token was revoked. You have to re-authorize from the user.",
    });
  });

  it("answers a token without the scope with 403 insufficient_scope naming the accepted scopes", async () => {
    const res = await get("/groups/acme/projects", tokens.aliceReadRepository);
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, {
      error: "insufficient_scope",
      error_description: "The request requires higher privileges than provided by the access token.",
      scope: "api read_api",
    });
    assert.equal((await get("/user", tokens.aliceReadRepository)).body["scope" as never], "api read_api read_user");
  });

  it("accepts PRIVATE-TOKEN, Authorization: Bearer and the private_token query", async () => {
    assert.equal((await get("/user", tokens.aliceApi, "private-token")).status, 200);
    assert.equal((await get("/user", `Bearer ${tokens.aliceApi}`, "authorization")).status, 200);
    const res = await fetch(`${base}/api/v4/user?private_token=${tokens.aliceApi}`);
    assert.equal(res.status, 200);
  });
});

describe("GitLab emulator: token self, user, metadata", () => {
  it("returns the personal access token's own fields for any scope", async () => {
    const res = await get("/personal_access_tokens/self", tokens.aliceReadRepository);
    assert.equal(res.status, 200);
    const body = res.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      "active",
      "created_at",
      "description",
      "expires_at",
      "id",
      "last_used_at",
      "last_used_ips",
      "name",
      "revoked",
      "scopes",
      "user_id",
    ]);
    assert.deepEqual(body["scopes"], ["read_repository"]);
    assert.equal(body["active"], true);
    assert.equal(body["revoked"], false);
    assert.equal(body["user_id"], 1);
    assert.match(String(body["expires_at"]), /^\d{4}-\d{2}-\d{2}$/);
  });

  it("answers 400 to an OAuth token on /personal_access_tokens/self", async () => {
    const res = await get("/personal_access_tokens/self", `Bearer ${tokens.aliceOauth}`, "authorization");
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      message: "400 Bad request - This endpoint requires token type to be a personal access token",
    });
  });

  it("reports the version through /metadata and /version (both authenticated)", async () => {
    const metadata = await get("/metadata");
    assert.equal(metadata.status, 200);
    assert.deepEqual(Object.keys(metadata.body).sort(), ["enterprise", "kas", "revision", "version"]);
    assert.deepEqual(await get("/version").then((r) => r.body), metadata.body);
    assert.equal((await get("/metadata", null)).status, 401);
  });

  it("shows is_admin only to administrators", async () => {
    assert.equal("is_admin" in (await get("/user")).body, false);
    assert.equal((await get("/user", tokens.rootApi)).body["is_admin" as never], true);
  });

  it("answers unknown routes with Grape's 404 and /api/v3 with 410", async () => {
    const unknown = await get("/no/such/route");
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { error: "404 Not Found" });
    const v3 = await fetch(`${base}/api/v3/projects`);
    assert.equal(v3.status, 410);
  });
});

describe("GitLab emulator: old self-managed instances and relative roots", () => {
  it("has no /personal_access_tokens/self before 15.5 and no /metadata before 15.2", async () => {
    const old = createGitLabEmulator({ selfManaged: { version: "15.1.6" }, initialSeed: smallWorld() });
    const url = await old.start();
    try {
      const self = await fetch(`${url}/api/v4/personal_access_tokens/self`, {
        headers: { "private-token": tokens.aliceApi },
      });
      assert.equal(self.status, 404);
      assert.deepEqual(await jsonBody(self), { error: "404 Not Found" });
      assert.equal(
        (await fetch(`${url}/api/v4/metadata`, { headers: { "private-token": tokens.aliceApi } })).status,
        404,
      );
      const version = await fetch(`${url}/api/v4/version`, { headers: { "private-token": tokens.aliceApi } });
      assert.equal(((await version.json()) as { version: string }).version, "15.1.6");
    } finally {
      await old.stop();
    }
  });

  it("serves the API under a relative root and writes it into web URLs", async () => {
    const prefixed = createGitLabEmulator({
      selfManaged: { version: "17.11.0" },
      pathPrefix: "/gitlab",
      initialSeed: smallWorld(),
    });
    const url = await prefixed.start();
    try {
      const res = await fetch(`${url}/gitlab/api/v4/projects/acme%2Fapi`, {
        headers: { "private-token": tokens.aliceApi },
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { web_url: string }).web_url, `${url}/gitlab/acme/api`);
      assert.equal((await fetch(`${url}/api/v4/user`, { headers: { "private-token": tokens.aliceApi } })).status, 404);
    } finally {
      await prefixed.stop();
    }
  });
});

describe("GitLab emulator: groups and projects", () => {
  it("hides private groups and projects with GitLab's 404 bodies", async () => {
    assert.deepEqual((await get("/groups/other", tokens.aliceApi)).body, { message: "404 Group Not Found" });
    assert.deepEqual((await get("/projects/other%2Fsecret", tokens.aliceApi)).body, {
      message: "404 Project Not Found",
    });
    assert.equal((await get("/groups/acme%2Fplatform%2Ftools")).status, 200);
  });

  it("embeds projects in GET /groups/:id unless with_projects=false", async () => {
    assert.ok(Array.isArray((await get("/groups/acme")).body["projects" as never]));
    assert.equal("projects" in (await get("/groups/acme?with_projects=false")).body, false);
  });

  it("defaults to 20 per page, with_shared=true and include_subgroups=false", async () => {
    const res = await get("/groups/acme/projects");
    const paths = (res.body as { path_with_namespace: string }[]).map((p) => p.path_with_namespace).sort();
    assert.deepEqual(paths, ["acme/api", "acme/api-fork", "acme/empty", "acme/legacy", "acme/web", "other/shared-lib"]);
    assert.equal(res.headers.get("x-per-page"), "20");
    const all = await get("/groups/acme/projects?include_subgroups=true&with_shared=false");
    assert.equal((all.body as unknown[]).length, 7);
  });

  it("reports forked_from_project only when the caller can see the parent", async () => {
    const fork = (await get("/projects/acme%2Fapi-fork")).body as Record<string, unknown>;
    assert.equal((fork["forked_from_project"] as { path_with_namespace: string }).path_with_namespace, "acme/api");
  });

  it("members/all reports inherited access and 404 for non-members", async () => {
    const member = await get("/groups/acme%2Fplatform/members/all/1");
    assert.equal(member.status, 200);
    assert.equal(member.body["access_level" as never], 30);
    const none = await get("/groups/open-source/members/all/1");
    assert.equal(none.status, 404);
    assert.deepEqual(none.body, { message: "404 Not found" });
  });
});

describe("GitLab emulator: offset pagination", () => {
  it("sends x-* headers and a Link header with prev/next/first/last", async () => {
    host.seed(bigWorld(250));
    const res = await get("/groups/big/projects?per_page=100&page=2&include_subgroups=true&order_by=id&sort=asc");
    assert.equal((res.body as unknown[]).length, 100);
    assert.equal(res.headers.get("x-page"), "2");
    assert.equal(res.headers.get("x-per-page"), "100");
    assert.equal(res.headers.get("x-next-page"), "3");
    assert.equal(res.headers.get("x-prev-page"), "1");
    assert.equal(res.headers.get("x-total"), "250");
    assert.equal(res.headers.get("x-total-pages"), "3");
    const link = res.headers.get("link") ?? "";
    const rels = [...link.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [
      m[2],
      new URL(m[1] as string).searchParams.get("page"),
    ]);
    assert.deepEqual(rels, [
      ["prev", "1"],
      ["next", "3"],
      ["first", "1"],
      ["last", "3"],
    ]);
    assert.ok(link.includes(`${base}/api/v4/groups/big/projects?`));
    const last = await get("/groups/big/projects?per_page=100&page=3&include_subgroups=true");
    assert.equal((last.body as unknown[]).length, 50);
    assert.equal(last.headers.get("x-next-page"), "");
  });

  it("clamps per_page to 100 and refuses a non-numeric page", async () => {
    host.seed(bigWorld(150));
    const res = await get("/groups/big/projects?per_page=500");
    assert.equal(res.headers.get("x-per-page"), "100");
    assert.equal((res.body as unknown[]).length, 100);
    const bad = await get("/groups/big/projects?page=abc");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: "page is invalid" });
  });

  it("omits x-total, x-total-pages and rel=last above 10,000 rows", async () => {
    host.seed(bigWorld(10_001));
    const res = await get("/groups/big/projects?per_page=100&include_subgroups=true");
    assert.equal(res.headers.get("x-total"), null);
    assert.equal(res.headers.get("x-total-pages"), null);
    assert.equal(res.headers.get("x-next-page"), "2");
    assert.ok(!(res.headers.get("link") ?? "").includes('rel="last"'));
    host.seed(bigWorld(10_000));
    const counted = await get("/groups/big/projects?per_page=100&include_subgroups=true");
    assert.equal(counted.headers.get("x-total"), "10000");
  });
});

describe("GitLab emulator: rate limit and control API", () => {
  it("sends RateLimit-* headers and answers 429 with Retry-After and plain text when spent", async () => {
    host.seed({ ...smallWorld(), rateLimit: { limit: 2, windowMs: 60_000 } });
    const first = await get("/user");
    assert.equal(first.headers.get("ratelimit-name"), "throttle_authenticated_api");
    assert.equal(first.headers.get("ratelimit-limit"), "2");
    assert.equal(first.headers.get("ratelimit-remaining"), "1");
    assert.match(first.headers.get("ratelimit-reset") ?? "", /^\d{10}$/);
    await get("/user");
    const limited = await get("/user");
    assert.equal(limited.status, 429);
    assert.equal(limited.body, "Retry later\n");
    assert.match(limited.headers.get("content-type") ?? "", /^text\/plain/);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.ok(limited.headers.get("ratelimit-resettime"));
  });

  it("is seeded, inspected and counted over the HTTP control API", async () => {
    const control = new EmulatorControl(base);
    await control.seed(bigWorld(3));
    const state = inTestRealm(await control.state<{ projects: number; groups: string[] }>());
    assert.equal(state.projects, 3);
    assert.deepEqual(state.groups, ["big", "big/sub"]);
    await control.resetRequests();
    await get("/groups/big/projects");
    const stats = await control.requests();
    assert.equal(stats.byRoute["GET /api/v4/groups/:id/projects"], 1);
  });
});
