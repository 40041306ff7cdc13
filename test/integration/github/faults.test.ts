// Listing under injected faults: it either completes with exactly the right repositories or fails
// loudly (ScmIntegrationError) — never a silently short list. The client and the emulator share one
// virtual clock per test: every rate-limit and retry wait passes in virtual time, and the emulator's
// rate windows run on the same time. Only the per-attempt timeout and injected latency are real.
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { generateRepositories, type GitHubSeed } from "../../emulators/github/seed";
import { createGitHubClient, type GitHubClientOptions } from "../../../provider/src/scm/github/client";
import { MemoryConditionalCache } from "../../../provider/src/core/conditional-cache";
import { ScmIntegrationError } from "../../../provider/src/core/errors";
import { createLogger, setLogSink } from "../../../provider/src/core/log";
import type { RepositoryListing } from "../../../provider/src/scm/types";
import { VirtualClock } from "../../support/virtual-clock";
import { TOKENS, assertNoToken, baseSeed, cloudEndpoint } from "./fixtures";

const REPOS = 993; // + 7 hand-made = 1,000 = 10 pages
const seed = (extra: Partial<GitHubSeed> = {}): GitHubSeed => ({
  ...baseSeed(generateRepositories("acme", REPOS, { vary: false })),
  ...extra,
});
const host = createGitHubEmulator({ initialSeed: seed() });
let url = "";
const logLines: string[] = [];
let previousSink: ReturnType<typeof setLogSink>;
let clock: VirtualClock;

beforeAll(async () => {
  url = await host.start();
  previousSink = setLogSink((_level, line) => logLines.push(line));
});
afterAll(async () => {
  setLogSink(previousSink);
  for (const line of logLines) assertNoToken(line);
  await host.stop();
});
beforeEach(() => {
  host.reset();
  clock = new VirtualClock();
  host.useClock(clock);
});

const pagesPath = "/organizations/4242/repos";

function client(extra: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({
    endpoint: cloudEndpoint(url),
    token: TOKENS.aliceClassic,
    clock,
    cache: new MemoryConditionalCache(),
    logger: createLogger("faults-test"),
    ...extra,
  });
}

function assertComplete(listing: RepositoryListing): void {
  assert.equal(listing.complete, true);
  assert.equal(listing.repositories.length, 1000 - 2, "all but the archived and the fork hand-made ones");
  assert.equal(new Set(listing.repositories.map((r) => r.id)).size, listing.repositories.length);
}

async function failsLoudly(promise: Promise<unknown>, kind: string): Promise<ScmIntegrationError> {
  try {
    const value = await promise;
    assert.fail(`expected a failure, got ${JSON.stringify(value).slice(0, 200)}`);
  } catch (e) {
    assert.ok(e instanceof ScmIntegrationError, `expected ScmIntegrationError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assertNoToken(e.message);
    return e;
  }
}

describe("transient faults are retried and the listing completes exactly", () => {
  it("a burst of 502s on later pages", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "status", status: 502, count: 3 });
    const listing = await client().listRepositories("acme");
    assertComplete(listing);
    assert.equal(host.requestStats().byStatus["502"], 3);
  });

  it("429 with Retry-After", async () => {
    host.addFault({
      match: { pathPrefix: pagesPath },
      kind: "status",
      status: 429,
      headers: { "retry-after": "1" },
      count: 2,
    });
    assertComplete(await client().listRepositories("acme"));
    assert.equal(host.requestStats().byStatus["429"], 2);
  });

  it("injected secondary-limit 403s with retry-after", async () => {
    host.addFault({
      match: { pathPrefix: pagesPath },
      kind: "status",
      status: 403,
      headers: { "retry-after": "2" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest",
        status: "403",
      },
      count: 2,
    });
    assertComplete(await client().listRepositories("acme"));
    assert.equal(host.requestStats().byStatus["403"], 2);
    assert.ok(logLines.some((l) => /GitHub secondary rate limit on GET .*: retrying in 2 s/.test(l)));
  });

  it("the emulator's own secondary limit (window shorter than the wait)", async () => {
    host.seed(seed({ secondaryLimit: { maxRequests: 4, windowMs: 150, retryAfterSeconds: 1 } }));
    const listing = await client({ concurrency: 4, maxRateLimitRetries: 8 }).listRepositories("acme");
    assertComplete(listing);
    assert.ok((host.requestStats().byStatus["403"] ?? 0) >= 1, "the secondary limit tripped at least once");
  });

  it("the primary limit with a reset a second away", async () => {
    host.seed(seed({ rateLimit: { limit: 6, windowMs: 1000, status: 429 } }));
    const listing = await client({ maxRateLimitRetries: 5 }).listRepositories("acme");
    assertComplete(listing);
    assert.ok((host.requestStats().byStatus["429"] ?? 0) >= 1);
    // Waited until a second after each reset, measured on the shared clock: 6 pages a second, 10 pages.
    assert.ok(clock.elapsedMs >= 1_000 && clock.elapsedMs <= 4_000, `waited ${clock.elapsedMs} ms`);
  });

  it("connection resets", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "reset", count: 2 });
    assertComplete(await client().listRepositories("acme"));
    assert.equal(host.requestStats().byStatus["0"], 2);
  });

  it("a page slower than the timeout is retried", async () => {
    // Real time on both sides: the emulator holds one page 1.5 s, the client gives each attempt 0.4 s.
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "latency", delayMs: 1500, count: 1 });
    assertComplete(await client({ timeoutMs: 400 }).listRepositories("acme"));
    // The retry, and only the retry, waited: plugin-retry's 1 s backoff after the attempt that timed out.
    assert.ok(clock.slept.length >= 1, "no attempt timed out, so nothing was retried");
    assert.ok(
      clock.slept.every((ms) => ms === 1_000),
      `waits ${clock.slept.join(", ")}`,
    );
  });
});

describe("lasting faults fail loudly", () => {
  it("a page that keeps failing with 500: incomplete, naming the page", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "status", status: 500, skip: 3, count: 100 });
    const e = await failsLoudly(
      client({ concurrency: 1, serverErrorRetries: 2 }).listRepositories("acme"),
      "incomplete",
    );
    assert.deepEqual(e.details?.failedPages, [5, 6, 7, 8, 9, 10]);
    assert.equal(e.details?.causeKind, "server-error");
    assert.match(
      e.message,
      /^organization: the repository listing of "acme" is incomplete: pages 5, 6, 7, 8, 9, 10 of 10 failed/,
    );
  });

  it("the primary limit with a reset an hour away: rate-limited, not waited for", async () => {
    host.seed(seed({ rateLimit: { limit: 4 } }));
    const e = await failsLoudly(client({ concurrency: 2 }).listRepositories("acme"), "incomplete");
    assert.equal(e.details?.causeKind, "rate-limited");
    assert.deepEqual(e.details?.failedPages, [5, 6, 7, 8, 9, 10]);
    assert.match(e.message, /primary rate limit was still exceeded after retries \(resets at \d{4}-/);
  });

  it("secondary limits that never clear: rate-limited after bounded retries", async () => {
    host.addFault({
      match: { pathPrefix: pagesPath },
      kind: "status",
      status: 403,
      headers: { "retry-after": "1" },
      body: {
        message: "You have exceeded a secondary rate limit.",
        documentation_url: "https://docs.github.com/rest",
        status: "403",
      },
      count: 10_000,
    });
    const e = await failsLoudly(client({ maxRateLimitRetries: 2 }).listRepositories("acme"), "incomplete");
    assert.equal(e.details?.causeKind, "rate-limited");
    // 9 pages × (1 + 2 retries), each retried by nothing else (403 is not a plugin-retry status).
    assert.equal(host.requestStats().byStatus["403"], 27);
  });

  it("resets that never stop: incomplete with an unreachable cause", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "reset", count: 10_000 });
    const e = await failsLoudly(client({ serverErrorRetries: 1 }).listRepositories("acme"), "incomplete");
    assert.equal(e.details?.causeKind, "unreachable");
  });

  it("a token revoked half way: incomplete on the token, not on the organization", async () => {
    // A second emulator whose token is revoked (re-seeded so) once four pages have been served: the
    // later pages get its own 401 Bad credentials, headers and all.
    const revoking = createGitHubEmulator({ initialSeed: seed() });
    let served = 0;
    revoking.app.addHook("onResponse", async (req) => {
      if (req.url.startsWith(pagesPath) || req.url.startsWith("/orgs/acme/repos")) {
        if (++served === 4) {
          const revoked = seed();
          revoked.tokens = (revoked.tokens ?? []).map((t) => ({ ...t, revoked: true }));
          revoking.seed(revoked);
        }
      }
    });
    revoking.useClock(clock);
    const endpoint = cloudEndpoint(await revoking.start());
    try {
      const e = await failsLoudly(client({ endpoint, concurrency: 1 }).listRepositories("acme"), "incomplete");
      assert.equal(e.field, "token");
      assert.equal(e.details?.causeKind, "bad-credentials");
      assert.deepEqual(e.details?.failedPages, [5, 6, 7, 8, 9, 10]);
      assert.match(e.message, /^token: the repository listing of "acme" is incomplete: pages 5, 6, 7, 8, 9, 10 of 10/);
      assert.match(e.message, /Fix: check that the token belongs to this GitHub instance/);
    } finally {
      await revoking.stop();
    }
  });

  it("the first page failing: the mapped error itself", async () => {
    host.addFault({ match: { pathPrefix: "/orgs/acme/repos" }, kind: "status", status: 503, count: 100 });
    const e = await failsLoudly(client({ serverErrorRetries: 1 }).listRepositories("acme"), "server-error");
    assert.equal(e.status, 503);
  });

  it("a property: random fault mixes never yield a short list marked complete", async () => {
    const kinds = [
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
      { kind: "status", status: 429, headers: { "retry-after": "1" } },
      { kind: "reset" },
    ] as const;
    let seedValue = 7;
    const random = () => (seedValue = (seedValue * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 6; round++) {
      host.reset();
      for (let f = 0; f < 3; f++) {
        const pick = kinds[Math.floor(random() * kinds.length)] as (typeof kinds)[number];
        host.addFault({
          match: { pathPrefix: pagesPath },
          ...pick,
          skip: Math.floor(random() * 8),
          count: 1 + Math.floor(random() * 4),
        });
      }
      try {
        assertComplete(await client({ serverErrorRetries: 2 }).listRepositories("acme"));
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof ScmIntegrationError && e.kind === "incomplete", String(e));
      }
    }
  });
});

describe("answers whose body does not arrive whole", () => {
  // What GitHub's own answers carry, so the client takes these for GitHub's.
  const githubJson = { "content-type": "application/json; charset=utf-8", "x-github-request-id": "0A1B:2C3D" };
  /** Answer 200 with `body` in place of the emulator, on the later pages unless `path` says otherwise. */
  const answer200 = (
    body: unknown,
    headers: Record<string, string>,
    times: { skip?: number; count: number },
    path = pagesPath,
  ) => host.addFault({ match: { pathPrefix: path }, kind: "status", status: 200, body, headers, ...times });

  it("a page cut halfway through its body is asked for once more, and the listing completes", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "cut-body", skip: 2, count: 1 });
    assertComplete(await client().listRepositories("acme"));
    assert.ok(
      logLines.some((l) => /page \d+ of acme: .*asking for it once more/.test(l)),
      "the second request was not logged",
    );
  });

  it("a page cut twice: incomplete, naming the page, as a lost connection", async () => {
    host.addFault({ match: { pathPrefix: pagesPath }, kind: "cut-body", skip: 3, count: 2 });
    const e = await failsLoudly(client({ concurrency: 1 }).listRepositories("acme"), "incomplete");
    assert.deepEqual(e.details?.failedPages, [5]);
    assert.equal(e.details?.causeKind, "unreachable");
    assert.match(e.message, /the connection to 127\.0\.0\.1:\d+ was lost while page 5 of acme was arriving, twice/);
    assert.doesNotMatch(e.message, /baseUrl/);
  });

  it("a later page answered 200 with an empty body: asked again, then the service's fault, not the address's", async () => {
    answer200("", githubJson, { count: 1 });
    assertComplete(await client().listRepositories("acme"));

    answer200("", githubJson, { skip: 3, count: 2 });
    const e = await failsLoudly(client({ concurrency: 1 }).listRepositories("acme"), "incomplete");
    assert.deepEqual(e.details?.failedPages, [5]);
    assert.equal(e.details?.causeKind, "protocol");
    assert.match(e.message, /answered page 5 of acme with 200, but its body was empty/);
    assert.doesNotMatch(e.message, /baseUrl|Enterprise Server/);
    assert.equal(e.message.match(/Fix:/g)?.length, 1, e.message);
  });

  it("a later page answered 200 with an object: asked again, then the service's fault", async () => {
    const body = { message: "not a page" };
    answer200(body, githubJson, { count: 2 });
    const e = await failsLoudly(client({ concurrency: 1 }).listRepositories("acme"), "incomplete");
    assert.deepEqual(e.details?.failedPages, [2]);
    assert.match(e.message, /answered page 2 of acme with 200, but its body was not a JSON array/);
  });

  it("a later page answered 200 with a proxy's HTML page: asked again, then the service's fault", async () => {
    const html = { "content-type": "text/html" };
    answer200("<html>", html, { count: 2 });
    const e = await failsLoudly(client({ concurrency: 1 }).listRepositories("acme"), "incomplete");
    assert.deepEqual(e.details?.failedPages, [2]);
    assert.equal(e.details?.causeKind, "protocol");
    assert.match(
      e.message,
      /page 2 of acme with 200, but its body was not GitHub's JSON \(Content-Type "text\/html"\)/,
    );
  });

  it("page 1 answered 200 with an object: a wrong instance on baseUrl, asked once", async () => {
    const body = { message: "not a page" };
    answer200(body, githubJson, { count: 5 }, "/orgs/acme/repos");
    const e = await failsLoudly(client().listRepositories("acme"), "wrong-instance");
    assert.equal(e.field, "baseUrl");
    assert.match(e.message, /a repository page was not a JSON array/);
    assert.equal(host.requestStats().byRoute["GET /orgs/:org/repos"], 1);
  });
});
