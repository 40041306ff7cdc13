// Listing a group's projects with the real Gitbeaker-based client against the GitLab emulator:
// every selector field, subgroups and shared projects, exact request counts for 10,000 projects,
// the walk above 10,000 rows, and faults (5xx, 429 + Retry-After, connection resets).
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import type { ScmIntegrationError } from "../../../provider/src/core/errors";
import type { RepositorySelector } from "../../../provider/src/core/domain.generated";
import { createGitLabEmulator } from "../../emulators/gitlab/emulator";
import { bigWorld, smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import { VirtualClock } from "../../support/virtual-clock";
import { assertNoCanary, gitLabClient, logLines, rejection } from "./helpers";

const host = createGitLabEmulator({ selfManaged: { version: "17.11.2" } });
let base = "";
const LIST_ROUTE = "GET /api/v4/groups/:id/projects";

beforeAll(async () => {
  base = await host.start();
});
afterAll(() => host.stop());
beforeEach(() => {
  host.reset();
  host.seed(smallWorld());
});

async function names(group: string, selector?: RepositorySelector, token: string = tokens.aliceApi): Promise<string[]> {
  const listing = await gitLabClient(base, token).listRepositories(group, selector);
  assert.equal(listing.complete, true, listing.incompleteReasons.join("; "));
  return listing.repositories.map((r) => r.fullName).sort();
}

function listCalls(): number {
  return host.requestStats().byRoute[LIST_ROUTE] ?? 0;
}

function listUrls(): URL[] {
  return host
    .requestStats()
    .recent.filter((r) => r.route === "/api/v4/groups/:id/projects")
    .map((r) => new URL(r.url, base));
}

describe("GitLab listing: selector fields", () => {
  it("lists the group's own projects down its subgroups, without archived, forks or shared projects by default", async () => {
    assert.deepEqual(await names("acme"), [
      "acme/api",
      "acme/empty",
      "acme/platform/infra",
      "acme/platform/tools/cli",
      "acme/web",
    ]);
    const query = listUrls()[0]?.searchParams;
    assert.equal(query?.get("per_page"), "100");
    assert.equal(query?.get("include_subgroups"), "true");
    assert.equal(query?.get("with_shared"), "false");
    assert.equal(query?.get("archived"), "false");
    assert.equal(query?.get("order_by"), "id");
    assert.equal(query?.get("page"), "1");
  });

  it("includeSubgroups: false keeps to the group itself", async () => {
    assert.deepEqual(await names("acme", { includeSubgroups: false }), ["acme/api", "acme/empty", "acme/web"]);
  });

  it("includeShared: true adds projects shared into the group", async () => {
    assert.deepEqual(await names("acme", { includeShared: true }), [
      "acme/api",
      "acme/empty",
      "acme/platform/infra",
      "acme/platform/tools/cli",
      "acme/web",
      "other/shared-lib",
    ]);
  });

  it("archived: true and forks: true add archived projects and forks (no server-side archived filter then)", async () => {
    assert.deepEqual(await names("acme", { archived: true, includeSubgroups: false }), [
      "acme/api",
      "acme/empty",
      "acme/legacy",
      "acme/web",
    ]);
    assert.equal(listUrls()[0]?.searchParams.has("archived"), false);
    assert.deepEqual(await names("acme", { forks: true, includeSubgroups: false }), [
      "acme/api",
      "acme/api-fork",
      "acme/empty",
      "acme/web",
    ]);
  });

  it("visibility filters (one value is sent to the server, several are applied locally)", async () => {
    assert.deepEqual(await names("acme", { visibility: ["public"] }), ["acme/platform/tools/cli"]);
    assert.equal(listUrls()[0]?.searchParams.get("visibility"), "public");
    host.resetRequestStats();
    assert.deepEqual(await names("acme", { visibility: ["internal", "public"] }), [
      "acme/platform/tools/cli",
      "acme/web",
    ]);
    assert.equal(listUrls()[0]?.searchParams.has("visibility"), false);
  });

  it("topics must all be present", async () => {
    assert.deepEqual(await names("acme", { topics: ["scan"] }), [
      "acme/api",
      "acme/platform/infra",
      "acme/platform/tools/cli",
      "acme/web",
    ]);
    assert.deepEqual(await names("acme", { topics: ["scan", "backend"] }), ["acme/api"]);
  });

  it("include and exclude globs on the full path (* in one segment, ** across)", async () => {
    assert.deepEqual(await names("acme", { include: ["acme/*"] }), ["acme/api", "acme/empty", "acme/web"]);
    assert.deepEqual(await names("acme", { include: ["acme/**"], exclude: ["acme/platform/**", "acme/e*"] }), [
      "acme/api",
      "acme/web",
    ]);
  });

  it("a subgroup can be listed by its full path", async () => {
    assert.deepEqual(await names("acme/platform"), ["acme/platform/infra", "acme/platform/tools/cli"]);
  });
});

describe("GitLab listing: partial and failed listings", () => {
  it("marks the listing incomplete when the user is not a member (only public and internal projects show)", async () => {
    const listing = await gitLabClient(base, tokens.aliceApi).listRepositories("open-source");
    assert.equal(listing.complete, false);
    assert.deepEqual(listing.repositories.map((r) => r.fullName).sort(), [
      "open-source/internal-tool",
      "open-source/website",
    ]);
    assert.equal(listing.incompleteReasons.length, 1);
    assert.match(
      listing.incompleteReasons[0] as string,
      /alice \(the token's user\) is not a member of GitLab group "open-source".*only public and internal projects/,
    );
    const member = await gitLabClient(base, tokens.bobApi).listRepositories("open-source");
    assert.equal(member.complete, true);
    assert.equal(member.repositories.length, 3);
  });

  it("throws not-found for an unknown group instead of returning an empty list", async () => {
    const e = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi).listRepositories("acme/nope"),
    );
    assert.equal(e.kind, "not-found");
  });
});

describe("GitLab listing: large groups", () => {
  // Some 200 requests of 100 projects each through the in-process emulator: a second alone, several
  // seconds under coverage beside another worker. A case cut off by the timeout would keep listing in the
  // background and spoil the next case's request counts, so the cases get room (not a timed assertion).
  const LARGE_CASE_TIMEOUT_MS = 60_000;

  it(
    "lists 10,000 projects with exactly ⌈N/100⌉ list calls, pages fetched in parallel",
    async () => {
      host.seed(bigWorld(10_000));
      host.resetRequestStats();
      const listing = await gitLabClient(base, tokens.aliceApi, { concurrency: 8 }).listRepositories("big", {
        archived: true,
      });
      assert.equal(listing.complete, true);
      assert.equal(listing.repositories.length, 10_000);
      assert.equal(new Set(listing.repositories.map((r) => r.id)).size, 10_000);
      assert.equal(listCalls(), 100);
      assert.equal(listing.stats.pages, 100);
      const pages = listUrls()
        .map((u) => Number(u.searchParams.get("page")))
        .sort((a, b) => a - b);
      assert.deepEqual(
        pages,
        Array.from({ length: 100 }, (_, i) => i + 1),
      );

      // The default selector drops the 103 archived projects on the server: ⌈9,897/100⌉ calls.
      host.resetRequestStats();
      const active = await gitLabClient(base, tokens.aliceApi).listRepositories("big");
      assert.equal(active.repositories.length, 9_897);
      assert.equal(listCalls(), 99);
    },
    LARGE_CASE_TIMEOUT_MS,
  );

  it(
    "walks pages through x-next-page above 10,000 rows (no totals) and still gets every project",
    async () => {
      host.seed(bigWorld(10_050));
      host.resetRequestStats();
      const listing = await gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true });
      assert.equal(listing.repositories.length, 10_050);
      assert.equal(listCalls(), 101);
      assert.equal(listing.complete, true);
    },
    LARGE_CASE_TIMEOUT_MS,
  );
});

describe("GitLab listing: faults", () => {
  beforeEach(() => host.seed(bigWorld(1_000)));
  const pathRegex = "^/api/v4/groups/[^/]+/projects$";

  it("completes exactly through a burst of 5xx answers", async () => {
    host.addFault({
      kind: "status",
      status: 503,
      match: { pathRegex },
      count: 4,
      body: { message: "503 Service Unavailable" },
    });
    const listing = await gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true });
    assert.equal(listing.repositories.length, 1_000);
    assert.equal(host.requestStats().byStatus["503"], 4);
    assert.equal(listing.stats.requests, 10 + 4 + 3);
  });

  it("completes exactly through 429 + Retry-After (plain text, as Rack::Attack sends it)", async () => {
    host.addFault({
      kind: "status",
      status: 429,
      match: { pathRegex },
      count: 4,
      headers: { "retry-after": "1", "content-type": "text/plain" },
      body: "Retry later\n",
    });
    const listing = await gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true });
    assert.equal(listing.repositories.length, 1_000);
    assert.equal(host.requestStats().byStatus["429"], 4);
  });

  it("completes exactly through connection resets", async () => {
    host.addFault({ kind: "reset", match: { pathRegex }, count: 3, skip: 2 });
    const listing = await gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true });
    assert.equal(listing.repositories.length, 1_000);
    assert.equal(new Set(listing.repositories.map((r) => r.id)).size, 1_000);
  });

  /** The listing's error when page 4 and every later one keep answering `status` with GitLab's `{message}`. */
  async function failureFromPage4(status: number, message: string): Promise<ScmIntegrationError> {
    host.addFault({ kind: "status", status, match: { pathRegex }, skip: 3, count: 1_000, body: { message } });
    return rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi, { concurrency: 1 }).listRepositories("big", { archived: true }),
    );
  }

  it("fails loudly, naming the page, when a page keeps failing", async () => {
    const e = await failureFromPage4(502, "502 Bad Gateway");
    assert.equal(e.kind, "incomplete");
    assert.equal(e.status, 502);
    assert.match(e.message, /^listing the projects of GitLab group "big" failed at page 4 of 10: /);
    assert.equal(e.message.match(/Fix:/g)?.length, 1, "one fix, not the page's and then the listing's");
  });

  it("names the token when it is refused half way through the listing", async () => {
    const e = await failureFromPage4(401, "401 Unauthorized");
    assert.equal(e.kind, "incomplete");
    assert.equal(e.field, "token");
    assert.equal((e.details as { causeKind: string }).causeKind, "bad-credentials");
    assert.match(e.message, /^token: listing the projects of GitLab group "big" failed at page 4 of 10: /);
  });

  it("fails loudly when 429s outlast the retries, and when the connection keeps dropping", async () => {
    host.addFault({
      kind: "status",
      status: 429,
      match: { pathRegex },
      skip: 1,
      count: 1_000,
      headers: { "retry-after": "1" },
      body: "Retry later\n",
    });
    const limited = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true }),
    );
    assert.equal(limited.kind, "incomplete");
    assert.equal((limited.details as { causeKind: string }).causeKind, "rate-limited");
    host.clearFaults();
    host.addFault({ kind: "reset", match: { pathRegex }, count: 1_000 });
    const reset = await rejection<ScmIntegrationError>(() =>
      gitLabClient(base, tokens.aliceApi).listRepositories("big", { archived: true }),
    );
    assert.equal(reset.kind, "unreachable");
    assert.equal(reset.field, "baseUrl");
  });

  it("fails loudly when the group changes size between pages", async () => {
    // A second emulator whose third list answer comes from a world with one project fewer.
    const shifting = createGitLabEmulator({ selfManaged: { version: "17.11.2" }, initialSeed: bigWorld(1_000) });
    let served = 0;
    shifting.app.addHook("preHandler", async (req) => {
      if (req.routeOptions.url === "/api/v4/groups/:id/projects" && ++served === 3) shifting.seed(bigWorld(999));
    });
    const url = await shifting.start();
    try {
      const e = await rejection<ScmIntegrationError>(() =>
        gitLabClient(url, tokens.aliceApi, { concurrency: 1 }).listRepositories("big", { archived: true }),
      );
      assert.equal(e.kind, "incomplete");
      assert.match(
        e.message,
        /changed or was cut while it was read \(page 3 reported 999 projects, page 1 reported 1000\)/,
      );
    } finally {
      await shifting.stop();
    }
  });
});

describe("GitLab listing: Retry-After is honoured", () => {
  // The client and the emulator on one virtual clock: waits pass at once, and the emulator's arrival
  // times and rate windows see them.
  let clock: VirtualClock;
  beforeEach(() => {
    clock = new VirtualClock();
    host.useClock(clock);
  });
  afterEach(() => host.useClock());

  it("sends the retry no earlier than Retry-After says (arrival times recorded by the emulator)", async () => {
    host.seed(bigWorld(150));
    host.addFault({
      kind: "status",
      status: 429,
      match: { pathRegex: "^/api/v4/groups/[^/]+/projects$" },
      skip: 1,
      count: 1,
      headers: { "retry-after": "1", "content-type": "text/plain" },
      body: "Retry later\n",
    });
    const listing = await gitLabClient(base, tokens.aliceApi, { clock }).listRepositories("big", {
      archived: true,
    });
    assert.equal(listing.repositories.length, 150);
    const page2 = host
      .requestStats()
      .recent.filter((r) => r.url.startsWith("/api/v4/groups/big/projects?"))
      .filter((r) => new URL(r.url, base).searchParams.get("page") === "2");
    assert.deepEqual(
      page2.map((r) => r.status),
      [429, 200],
    );
    const wait = (page2[1]?.at ?? 0) - (page2[0]?.at ?? 0);
    assert.ok(wait >= 1000, `retry came ${wait} ms after the 429 that asked for 1 s`);
    assert.deepEqual(clock.slept, [1000], "the one wait was the one Retry-After asked for");
  });

  it("completes under the emulator's own rate limit, waiting as told", async () => {
    host.seed({ ...bigWorld(1_500), rateLimit: { limit: 10, windowMs: 1_000 } });
    const listing = await gitLabClient(base, tokens.aliceApi, { clock, concurrency: 4 }).listRepositories("big", {
      archived: true,
    });
    assert.equal(listing.repositories.length, 1_500);
    assert.ok((host.requestStats().byStatus["429"] ?? 0) > 0, "the limit was reached");
  });
});

describe("GitLab listing: no token in any log line", () => {
  it("logged retries without a canary", () => {
    assert.ok(logLines.some((l) => l.includes("retrying")));
    for (const line of logLines) assertNoCanary(line);
  });
});
