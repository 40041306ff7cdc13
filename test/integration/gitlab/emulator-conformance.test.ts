// The GitLab emulator against behaviour third-party clients rely on (docs.gitlab.com): the exact
// JSON content type, Grape's boolean forms, keyset pagination on group projects, and the
// `search` / `min_access_level` filters. Plain fetch, no client in between.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { bigWorld, smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { exemptProbeRequests } from "../../support/contract-recorder";

exemptProbeRequests(
  "drives the GitLab emulator directly with probes of its own (Grape boolean spellings it must refuse, unknown routes, unsupported orderings), not through an adapter",
);

const host = createGitLabEmulator();
let base = "";

async function get(path: string, token: string = tokens.aliceApi) {
  const res = await fetch(path.startsWith("http") ? path : `${base}/api/v4${path}`, {
    headers: { "private-token": token },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as never };
}

function paths(body: { path_with_namespace: string }[]): string[] {
  return body.map((p) => p.path_with_namespace).sort();
}

beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => host.seed(smallWorld()));

describe("GitLab emulator: content type", () => {
  it("answers JSON as exactly application/json, errors included", async () => {
    for (const path of ["/user", "/groups/acme/projects", "/projects/acme%2Fapi", "/groups/nope", "/nope"]) {
      const res = await get(path);
      assert.equal(res.headers.get("content-type"), "application/json", path);
    }
  });
});

describe("GitLab emulator: Grape booleans", () => {
  it("accepts every form of dry-types' Params::Bool", async () => {
    for (const v of ["true", "True", "TRUE", "t", "T", "1", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"]) {
      const res = await get(`/groups/acme/projects?archived=${v}&include_subgroups=${v}&simple=${v}`);
      assert.equal(res.status, 200, v);
      assert.deepEqual(paths(res.body), ["acme/legacy"], v);
    }
    for (const v of ["false", "False", "FALSE", "f", "F", "0", "no", "No", "NO", "n", "N", "off", "Off", "OFF"]) {
      const res = await get(`/groups/acme/projects?archived=${v}&include_subgroups=${v}&with_shared=${v}`);
      assert.equal(res.status, 200, v);
      assert.deepEqual(paths(res.body), ["acme/api", "acme/api-fork", "acme/empty", "acme/web"], v);
    }
  });

  it("rejects values outside those lists with 400 `<name> is invalid`", async () => {
    for (const [param, v] of [
      ["archived", "maybe"],
      ["owned", "2"],
      ["simple", "tRuE"],
    ]) {
      const res = await get(`/groups/acme/projects?${param}=${v}`);
      assert.equal(res.status, 400, `${param}=${v}`);
      assert.deepEqual(res.body, { error: `${param} is invalid` });
    }
    const groups = await get("/groups?all_available=yess");
    assert.equal(groups.status, 400);
    assert.deepEqual(groups.body, { error: "all_available is invalid" });
    assert.equal((await get("/groups?owned=on&all_available=Y")).status, 200);
  });
});

describe("GitLab emulator: keyset pagination on group projects", () => {
  beforeEach(() => host.seed(bigWorld(25)));

  it("walks order_by=id ascending with id_after links and no X-Total headers", async () => {
    let url: string | undefined =
      `${base}/api/v4/groups/big/projects?include_subgroups=true&pagination=keyset&order_by=id&sort=asc&per_page=10`;
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      const res = await get(url);
      assert.equal(res.status, 200);
      pages++;
      assert.equal(res.headers.get("x-total"), null);
      assert.equal(res.headers.get("x-total-pages"), null);
      assert.equal(res.headers.get("x-page"), null);
      ids.push(...(res.body as { id: number }[]).map((p) => p.id));
      const link = res.headers.get("link");
      const next = link ? /<([^>]+)>; rel="next"/.exec(link)?.[1] : undefined;
      if (next) assert.match(next, /[?&]id_after=\d+/);
      url = next;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      ids,
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
  });

  it("walks sort=desc with id_before", async () => {
    const first = await get(
      "/groups/big/projects?include_subgroups=true&pagination=keyset&order_by=id&sort=desc&per_page=20",
    );
    assert.deepEqual(
      (first.body as { id: number }[]).map((p) => p.id),
      Array.from({ length: 20 }, (_, i) => 25 - i),
    );
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    assert.ok(next);
    assert.equal(new URL(next).searchParams.get("id_before"), "6");
    const last = await get(next);
    assert.deepEqual(
      (last.body as { id: number }[]).map((p) => p.id),
      [5, 4, 3, 2, 1],
    );
    assert.equal(last.headers.get("link"), null);
  });

  it("answers 405 for orderings keyset pagination does not support", async () => {
    for (const order of ["name", "path", "created_at"]) {
      const res = await get(`/groups/big/projects?pagination=keyset&order_by=${order}`);
      assert.equal(res.status, 405, order);
      assert.deepEqual(res.body, { error: "Keyset pagination is not yet available for this type of request" });
    }
  });
});

describe("GitLab emulator: search and min_access_level", () => {
  it("filters group projects by search on name or path", async () => {
    const res = await get("/groups/acme/projects?include_subgroups=true&search=API");
    assert.deepEqual(paths(res.body), ["acme/api", "acme/api-fork"]);
  });

  it("filters group projects and groups by the caller's access level", async () => {
    const dev = await get("/groups/acme/projects?min_access_level=30&with_shared=true");
    assert.deepEqual(paths(dev.body), [
      "acme/api",
      "acme/api-fork",
      "acme/empty",
      "acme/legacy",
      "acme/web",
      "other/shared-lib",
    ]);
    const maint = await get("/groups/acme/projects?min_access_level=40");
    assert.deepEqual(paths(maint.body), []);
    const bad = await get("/groups/acme/projects?min_access_level=31");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: "min_access_level does not have a valid value" });

    const groups = await get("/groups?min_access_level=30", tokens.bobApi);
    assert.deepEqual((groups.body as { full_path: string }[]).map((g) => g.full_path).sort(), ["open-source", "other"]);
    // Groups search matches name, path and, listing from the top, the full path (GroupsFinder include_parents).
    const searched = await get("/groups?search=plat");
    assert.deepEqual(
      (searched.body as { full_path: string }[]).map((g) => g.full_path),
      ["acme/platform", "acme/platform/tools"],
    );
  });
});

describe("GitLab emulator: a group's namespace and plan (GET /namespaces/:id)", () => {
  const withAcmeOn = (plan: string) => {
    const seed = smallWorld();
    host.seed({ ...seed, groups: seed.groups.map((g) => (g.fullPath === "acme" ? { ...g, plan } : g)) });
  };

  it("shows the plan to owners and admins, the top-level group's for a subgroup, by id or by path", async () => {
    withAcmeOn("premium");
    const owner = await get("/namespaces/other", tokens.bobApi);
    assert.equal(owner.status, 200);
    assert.deepEqual(
      { ...(owner.body as object), web_url: undefined },
      {
        id: 20,
        name: "other",
        path: "other",
        kind: "group",
        full_path: "other",
        parent_id: null,
        avatar_url: null,
        web_url: undefined,
        members_count_with_descendants: 1,
        billable_members_count: 1,
        plan: "free",
        end_date: null,
        trial_ends_on: null,
        trial: false,
        root_repository_size: 0,
        projects_count: 2,
      },
      "a group nobody upgraded is on the free plan",
    );
    const subgroup = await get("/namespaces/acme%2Fplatform", tokens.rootApi);
    assert.equal((subgroup.body as { plan?: string }).plan, "premium");
    const byId = await get("/namespaces/11", tokens.rootApi);
    assert.equal((byId.body as { full_path: string }).full_path, "acme/platform");
  });

  it("hides the plan from a Developer, and answers 404 Namespace Not Found for what the user cannot see", async () => {
    withAcmeOn("ultimate");
    const developer = await get("/namespaces/acme", tokens.aliceApi);
    assert.equal(developer.status, 200);
    assert.equal("plan" in (developer.body as object), false);
    assert.equal("members_count_with_descendants" in (developer.body as object), false);
    const hidden = await get("/namespaces/other", tokens.aliceApi);
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, { message: "404 Namespace Not Found" });
  });

  it("has no plan on a self-managed instance", async () => {
    const selfManaged = createGitLabEmulator({ selfManaged: { version: "18.2.0" } });
    const url = await selfManaged.start();
    try {
      selfManaged.seed(smallWorld());
      const res = await get(`${url}/api/v4/namespaces/other`, tokens.bobApi);
      assert.equal(res.status, 200);
      assert.equal("plan" in (res.body as object), false);
    } finally {
      await selfManaged.stop();
    }
  });
});
