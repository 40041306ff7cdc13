// Fault tests for the Semgrep adapter: 5xx bursts, 429 + Retry-After (injected and from the emulator's
// per-token limit), connection resets, lost answers — each call either succeeds correctly or fails loudly
// saying what was and was not done. A canary test checks no token reaches any message or log line.
// The adapter and the emulator share one virtual clock per test: waits (rate limiter, retries,
// Retry-After, sync polls) pass in virtual time, and the emulator's per-token window runs on it too.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "@jest/globals";
import type { FetchLike } from "../../../provider/src/core/http";
import { createLogger, setLogSink } from "../../../provider/src/core/log";
import { createSemgrepPlatform, type SemgrepPlatformOptions } from "../../../provider/src/platforms/semgrep";
import type { ConnectionRequest, ImportScope, Platform } from "../../../provider/src/platforms/types";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { createSemgrepEmulator } from "../../emulators/semgrep/emulator";
import { CI_TOKEN, GHE_TOKEN, GHE_URL, WEB_TOKEN, baseSeed, repoNames } from "../../emulators/semgrep/fixtures";
import type { WireScmConfig } from "../../emulators/semgrep/types";
import { scmRejection } from "../../support/rejection";
import { VirtualClock } from "../../support/virtual-clock";

const GHE: ScmEndpoint = { scm: "github-enterprise", baseUrl: GHE_URL, apiUrl: `${GHE_URL}/api/v3`, webUrl: GHE_URL };
const emulator = createSemgrepEmulator(baseSeed());
let url = "";
const logLines: string[] = [];
let clock: VirtualClock;

function platform(options: SemgrepPlatformOptions & { token?: string } = {}): Platform {
  const { token, ...rest } = options;
  return createSemgrepPlatform(
    { platform: "semgrep", apiToken: token ?? WEB_TOKEN, apiUrl: url, clock },
    {
      rateLimit: { requestsPerMinute: 600_000, burst: 10_000 },
      syncFirstWaitMs: 50,
      logger: createLogger("semgrep-test"),
      ...rest,
    },
  );
}

const connection: ConnectionRequest = {
  platformOrg: "acme",
  integrationId: "i",
  endpoint: GHE,
  token: GHE_TOKEN,
  organization: "platform",
};
const scope = (connectionId = "501"): ImportScope => ({
  platformOrg: "acme",
  integrationId: "i",
  connectionId,
  endpoint: GHE,
  organization: "platform",
});

const configs = () => (emulator.dump() as { configs: WireScmConfig[] }).configs;
const statusCount = (status: number) => emulator.requestStats().byStatus[String(status)] ?? 0;

beforeAll(async () => {
  url = await emulator.start();
  setLogSink((_level, line) => logLines.push(line));
});
afterAll(async () => {
  setLogSink(undefined);
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  clock = new VirtualClock();
  emulator.useClock(clock);
});
afterEach(() => {
  for (const line of logLines) {
    for (const token of [WEB_TOKEN, CI_TOKEN, GHE_TOKEN])
      assert.ok(!line.includes(token), `token in log line: ${line}`);
  }
});

describe("semgrep faults: 5xx", () => {
  it("a burst of 503s on project pages is retried and the listing is exact", async () => {
    emulator.seed(
      baseSeed({ projects: repoNames("platform", 150).map((name) => ({ name, url: `${GHE_URL}/${name}` })) }),
    );
    emulator.addFault({
      match: { pathRegex: "^/api/v1/deployments/acme/projects$" },
      kind: "status",
      status: 503,
      count: 3,
    });
    const listing = await platform().listImports(scope());
    assert.equal(listing.complete, true);
    assert.equal(listing.imports.length, 150);
    assert.equal(statusCount(503), 3);
  });

  it("a create config answered 500 is not repeated blindly: nothing exists, so it fails loudly; the next run creates one", async () => {
    emulator.addFault({
      match: { method: "POST", pathRegex: "/configs$" },
      kind: "status",
      status: 500,
      body: { error: "db down" },
    });
    const e = await scmRejection(platform().connect(connection));
    assert.equal(e.kind, "server-error");
    assert.match(e.message, /HTTP 500 to create SCM_TYPE_GITHUB_ENTERPRISE SCM config for "platform": db down/);
    assert.equal(configs().length, 0);
    const ok = await platform().connect(connection);
    assert.equal(ok.status?.ok, true);
    assert.equal(configs().length, 1);
  });

  it("a create whose answer is lost is adopted, never duplicated", async () => {
    let dropped = 0;
    const lossy: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === "POST" && /\/configs$/.test(new URL(input).pathname) && dropped === 0) {
        dropped++;
        await res.text();
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
      }
      return res;
    };
    const state = await platform({ fetch: lossy }).connect(connection);
    assert.equal(dropped, 1);
    assert.equal(state.connectionId, "501");
    assert.equal(configs().length, 1);
    assert.ok(logLines.some((l) => l.includes("exists after a failed create; adopting it")));
  });

  it("managed-scan toggles failing for one project: that outcome says so, the others succeed", async () => {
    const p = platform();
    const c = await p.connect(connection);
    emulator.addFault({
      match: { method: "PATCH", pathRegex: "svc-002/managed-scan$" },
      kind: "status",
      status: 502,
      count: 50,
    });
    const outcomes = await p.importRepositories(
      scope(c.connectionId),
      repoNames("platform", 4).map((fullName, i) => ({ fullName, scmId: i })),
      { concurrency: 4 },
    );
    assert.deepEqual(
      outcomes.map((o) => [o.fullName, o.ok]),
      [
        ["platform/svc-000", true],
        ["platform/svc-001", true],
        ["platform/svc-002", false],
        ["platform/svc-003", true],
      ],
    );
    assert.match(
      outcomes[2]?.error ?? "",
      /^project platform\/svc-002 exists but Managed Scans could not be turned on: Semgrep answered HTTP 502/,
    );
    assert.equal(outcomes[2]?.platformId, "1003");
    assert.equal(statusCount(502), 5, "tried the policy's 5 attempts, no more");
  });
});

describe("semgrep faults: 429 and resets", () => {
  it("429 with Retry-After is honoured, then the call succeeds", async () => {
    emulator.addFault({
      match: { pathPrefix: "/api/v1/deployments" },
      kind: "status",
      status: 429,
      headers: { "retry-after": "3" },
      body: { error: "Too many requests" },
      count: 2,
    });
    const retries: string[] = [];
    const p = platform();
    setLogSink((_l, line) => retries.push(line));
    try {
      const i = await p.upsertIntegration({
        platformOrg: "acme",
        level: "organization",
        endpoint: GHE,
        token: GHE_TOKEN,
      });
      assert.equal(i.integrationId, "semgrep:4242:github-enterprise:ghe.example.com");
    } finally {
      setLogSink((_level, line) => logLines.push(line));
    }
    assert.equal(statusCount(429), 2);
    assert.equal(retries.filter((l) => /retrying after HTTP 429 \(attempt \d, waiting 3000 ms\)/.test(l)).length, 2);
  });

  it("a Retry-After beyond the policy's patience fails as rate-limited at once", async () => {
    emulator.addFault({
      match: { pathPrefix: "/api/v1/deployments" },
      kind: "status",
      status: 429,
      headers: { "retry-after": "3600" },
    });
    const e = await scmRejection(platform().listImports(scope()));
    assert.equal(e.kind, "rate-limited");
    assert.match(e.message, /kept answering 429 \(rate limited\) after 1 attempts; it asked to wait 3600 s/);
    assert.equal(statusCount(429), 1);
  });

  it("the client's bucket keeps a 120-repository import under the emulator's per-token limit: zero 429s", async () => {
    emulator.seed(
      baseSeed({
        scmRepositories: [{ baseUrl: GHE_URL, namespace: "platform", repositories: repoNames("platform", 120) }],
        rateLimit: { limit: 60, windowMs: 1000 },
      }),
    );
    // At most 10 in any 250 ms (2,400/min): any 1-second window holds at most 40 requests granted in it,
    // plus those granted before it and still in flight (at most the 16 workers): 56 < 60. The virtual
    // clock does not wait for I/O, so a request may arrive later in virtual time than it was granted.
    const p = platform({ rateLimit: { requestsPerMinute: 2400, burst: 10 } });
    const c = await p.connect(connection);
    const outcomes = await p.importRepositories(
      scope(c.connectionId),
      repoNames("platform", 120).map((fullName, i) => ({ fullName, scmId: i })),
      { concurrency: 16 },
    );
    assert.deepEqual(
      outcomes.filter((o) => !o.ok).map((o) => o.error),
      [],
    );
    assert.equal(outcomes.filter((o) => o.ok).length, 120);
    assert.equal(statusCount(429), 0);
    assert.ok(emulator.requestStats().total >= 125);
  });

  it("without a client-side budget the emulator's 429s are waited out and the import still completes", async () => {
    emulator.seed(
      baseSeed({
        scmRepositories: [{ baseUrl: GHE_URL, namespace: "platform", repositories: repoNames("platform", 6) }],
        rateLimit: { limit: 8, windowMs: 400 },
        syncPendingPolls: 0,
      }),
    );
    const p = platform({ rateLimit: { requestsPerMinute: 600_000, burst: 10_000 } });
    const c = await p.connect(connection);
    const outcomes = await p.importRepositories(
      scope(c.connectionId),
      repoNames("platform", 6).map((fullName, i) => ({ fullName, scmId: i })),
      { concurrency: 2 },
    );
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true, true, true, true, true],
    );
    assert.ok(statusCount(429) > 0, "the emulator did limit this client");
  });

  it("connection resets on reads and idempotent writes are retried", async () => {
    const p = platform();
    const c = await p.connect(connection);
    emulator.addFault({ match: { method: "GET", pathRegex: "/check$" }, kind: "reset", count: 2 });
    emulator.addFault({ match: { method: "POST", pathRegex: "/_sync$" }, kind: "reset", count: 1 });
    emulator.addFault({ match: { method: "PATCH", pathRegex: "/managed-scan$" }, kind: "reset", count: 1 });
    const read = await p.readConnection(connection, c.connectionId);
    assert.equal(read?.status?.ok, true);
    const outcomes = await p.importRepositories(scope(c.connectionId), [{ fullName: "platform/svc-001", scmId: 1 }], {
      concurrency: 1,
    });
    assert.deepEqual(outcomes, [{ fullName: "platform/svc-001", ok: true, platformId: "1002" }]);
    assert.equal(statusCount(0), 4, "four connections were reset");
  });

  it("resets on every attempt fail loudly as unreachable, naming the operation and host", async () => {
    emulator.addFault({ match: { method: "GET", pathPrefix: "/api/v1/deployments" }, kind: "reset", count: 10 });
    const e = await scmRejection(platform().listImports(scope()));
    assert.equal(e.kind, "unreachable");
    assert.match(e.message, /^Semgrep GET \/api\/v1\/deployments: cannot reach 127\.0\.0\.1:\d+/);
    assert.equal(statusCount(0), 5);
  });
});

describe("semgrep: no token in any message", () => {
  it("canary tokens never appear in errors, even when the server echoes them", async () => {
    const messages: string[] = [];
    const collect = async (p: Promise<unknown>) => messages.push((await scmRejection(p)).message);

    await collect(platform({ token: CI_TOKEN }).listImports(scope()));
    emulator.addFault({
      match: { pathPrefix: "/api/v1/deployments" },
      kind: "status",
      status: 401,
      body: { error: `token ${WEB_TOKEN} is revoked` },
    });
    await collect(platform().listImports(scope()));
    emulator.addFault({
      match: { method: "POST", pathRegex: "/configs$" },
      kind: "status",
      status: 400,
      body: { error: `accessToken ${GHE_TOKEN} is malformed` },
    });
    await collect(platform().connect(connection));
    emulator.addFault({ match: { pathPrefix: "/api/v1/deployments" }, kind: "status", status: 200, body: "<html>" });
    await collect(platform().listImports(scope()));

    assert.equal(messages.length, 4);
    assert.match(messages[0] ?? "", /lacks the Web API scope/);
    assert.match(messages[1] ?? "", /HTTP 401 .*token \[REDACTED\] is revoked/);
    assert.match(messages[2] ?? "", /HTTP 400 .*accessToken \[REDACTED\] is malformed/);
    assert.match(messages[3] ?? "", /unexpected body|not JSON/);
    for (const m of messages) {
      for (const token of [WEB_TOKEN, CI_TOKEN, GHE_TOKEN]) assert.ok(!m.includes(token), `token leaked: ${m}`);
    }
  });
});
