// Faults against the Snyk emulator: 5xx bursts, 429 with Retry-After, connection resets, lost POST
// answers and failed polls. Each case either succeeds correctly or fails loudly saying what was and
// was not done; no message or log line ever carries a token.
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { SnykSeed } from "../../emulators/snyk/seed";
import type { FetchLike } from "../../../provider/src/core/http";
import { isScmIntegrationError } from "../../../provider/src/core/errors";
import { createLogger, setLogSink, type LogSink } from "../../../provider/src/core/log";
import { createSnykPlatform } from "../../../provider/src/platforms/snyk/platform";
import type { ImportScope } from "../../../provider/src/platforms/types";
import { FAST, ORG, canary, ghes, platformFor, seedWith } from "./fixtures";
import { VirtualClock } from "../../support/virtual-clock";

const API_TOKEN = canary("snyk-faults");
const SCM_TOKEN = canary("scm-faults");
const GH_INTEGRATION = "33333333-2222-4333-8444-555555555555";
const scope: ImportScope = {
  platformOrg: ORG,
  integrationId: GH_INTEGRATION,
  connectionId: "c",
  endpoint: ghes,
  organization: "acme",
};

function seed(extra: Partial<SnykSeed> = {}): SnykSeed {
  return seedWith(API_TOKEN, {
    orgs: [
      {
        id: ORG,
        integrations: [
          {
            type: "github-enterprise",
            id: GH_INTEGRATION,
            credentials: { token: "t", url: "https://ghe.example.com" },
          },
        ],
        targets: Array.from({ length: 250 }, (_, i) => ({
          integrationType: "github-enterprise",
          displayName: `acme/old-${i}`,
          projects: ["package.json"],
        })),
      },
    ],
    repositories: ["a", "b", "c", "d"].map((n) => ({ fullName: `acme/${n}` })),
    ...extra,
  });
}

function assertNoSecrets(text: string): void {
  for (const secret of [API_TOKEN, SCM_TOKEN]) assert.ok(!text.includes(secret), `a token leaked into: ${text}`);
}

describe("Snyk faults", () => {
  let emulator: SnykEmulator;
  let base: string;
  let logLines: string[];
  let previousSink: LogSink;
  beforeAll(async () => {
    emulator = createSnykEmulator(seed());
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    emulator.seed(seed());
    logLines = [];
    previousSink = setLogSink((_level, line) => logLines.push(line));
  });
  afterEach(() => {
    setLogSink(previousSink);
    for (const line of logLines) assertNoSecrets(line);
  });

  it("rides out a burst of 503s on a listing page and lists everything once", async () => {
    emulator.addFault({
      kind: "status",
      status: 503,
      match: { method: "GET", pathPrefix: `/rest/orgs/${ORG}/targets` },
      skip: 1,
      count: 3,
    });
    const platform = createSnykPlatform(
      {
        platform: "snyk",
        apiToken: API_TOKEN,
        apiUrl: base,
        clock: new VirtualClock(),
        logger: createLogger("acme-imports"),
      },
      FAST,
    );
    const listing = await platform.listImports(scope);
    assert.equal(listing.imports.length, 250);
    const stats = emulator.requestStats();
    assert.equal(stats.byStatus["503"], 3);
    assert.equal(stats.byRoute["GET /rest/orgs/:orgId/targets"], 3 + 3, "3 pages + 3 retries of page 2");
    assert.equal(logLines.filter((l) => /retrying \/rest\/orgs\/.*\/targets after HTTP 503/.test(l)).length, 3);
    assert.ok(logLines.every((l) => l.startsWith("[acme-imports] ")));
  });

  it("fails loudly as incomplete when a later page keeps failing, saying how far it got", async () => {
    emulator.addFault({
      kind: "status",
      status: 502,
      match: { method: "GET", pathPrefix: `/rest/orgs/${ORG}/targets` },
      skip: 2,
      count: 10,
    });
    await assert.rejects(platformFor(base, API_TOKEN).listImports(scope), (e: unknown) => {
      assert.ok(isScmIntegrationError(e));
      assert.equal(e.kind, "incomplete");
      assert.equal(e.status, 502);
      assert.match(
        e.message,
        /^listing the targets of org [0-9a-f-]+ stopped after 2 page\(s\) and 200 item\(s\): platformOrg: Snyk refused listing the targets of org [0-9a-f-]+ with HTTP 502 \(Snyk server error\)/,
      );
      assert.match(e.message, /Fix: [^]*nothing was changed because of this partial listing; retry the operation$/);
      assert.equal(e.message.match(/Fix:/g)?.length, 1, "one fix, not the page's and then the listing's");
      assertNoSecrets(e.message);
      return true;
    });
  });

  it("honours 429 with Retry-After and succeeds; a Retry-After beyond the policy fails as rate-limited", async () => {
    emulator.addFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "2" },
      body: { code: 429, message: "Too many requests", error: "Too many requests" },
      match: { method: "GET", pathPrefix: `/v1/org/${ORG}/integrations` },
      count: 2,
    });
    const platform = platformFor(base, API_TOKEN);
    const state = await platform.readIntegration(ORG, ghes, GH_INTEGRATION);
    assert.equal(state?.integrationId, GH_INTEGRATION);
    assert.equal(emulator.requestStats().byStatus["429"], 2);

    emulator.addFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "3600" },
      match: { method: "GET", pathPrefix: `/v1/org/${ORG}/integrations` },
    });
    await assert.rejects(platform.readIntegration(ORG, ghes, GH_INTEGRATION), (e: unknown) => {
      assert.ok(isScmIntegrationError(e));
      assert.equal(e.kind, "rate-limited");
      assert.equal(e.status, 429);
      assert.match(e.message, /kept answering 429 \(rate limited\) after 1 attempts; it asked to wait 3600 s/);
      assertNoSecrets(e.message);
      return true;
    });
  });

  it("retries reset connections and 5xx on job polls; the imports complete", async () => {
    emulator.addFault({ kind: "reset", match: { method: "GET", pathRegex: "/import/" }, count: 2 });
    emulator.addFault({
      kind: "status",
      status: 500,
      match: { method: "GET", pathRegex: "/import/" },
      skip: 2,
      count: 2,
    });
    const outcomes = await platformFor(base, API_TOKEN).importRepositories(
      scope,
      [
        { fullName: "acme/a", scmId: 1, branch: "main" },
        { fullName: "acme/b", scmId: 2, branch: "main" },
      ],
      {
        concurrency: 2,
      },
    );
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true],
    );
    const stats = emulator.requestStats();
    assert.equal(stats.byStatus["0"], 2, "two connections were reset");
    assert.equal(stats.byStatus["500"], 2);
    assert.equal(stats.byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"], 2);
  });

  it("never retries an import POST that failed with 502 or a reset, and reports that nothing was imported", async () => {
    emulator.addFault({ kind: "status", status: 502, match: { method: "POST", pathRegex: "/import$" }, count: 1 });
    emulator.addFault({ kind: "reset", match: { method: "POST", pathRegex: "/import$" }, count: 1 });
    const outcomes = await platformFor(base, API_TOKEN).importRepositories(
      scope,
      [
        { fullName: "acme/a", scmId: 1, branch: "main" },
        { fullName: "acme/b", scmId: 2, branch: "main" },
        { fullName: "acme/c", scmId: 3, branch: "main" },
      ],
      { concurrency: 1 },
    );
    assert.equal(outcomes[0]?.ok, false);
    assert.match(
      outcomes[0]?.error ?? "",
      /^the import request for acme\/a failed \(Snyk refused importing acme\/a into org .* with HTTP 502 \(Snyk server error\): injected fault.*\); no Snyk target is listed for it, so nothing was imported as far as Snyk shows .*Apply again to retry$/,
    );
    assert.equal(outcomes[1]?.ok, false);
    assert.match(
      outcomes[1]?.error ?? "",
      /^the import request for acme\/b failed \(cannot reach 127\.0\.0\.1:\d+ \(ECONNRESET|UND_ERR_SOCKET\)/,
    );
    assert.equal(outcomes[2]?.ok, true);
    assert.equal(
      emulator.requestStats().byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"],
      3,
      "one POST per repository, none repeated",
    );
    assert.deepEqual(
      [...emulator.snyk.targets.values()]
        .filter((t) => !t.displayName.startsWith("acme/old-"))
        .map((t) => t.displayName),
      ["acme/c"],
    );
    for (const o of outcomes) assertNoSecrets(o.error ?? "");
  });

  it("settles a POST whose answer was lost from the target listing: the job ran, so the import counts", async () => {
    emulator.seed(seed({ importJobs: { pendingPolls: 2, completeAfterMs: 0 } }));
    let posts = 0;
    const loseFirstAnswer: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === "POST" && ++posts === 1) {
        throw Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        });
      }
      return response;
    };
    const platform = platformFor(base, API_TOKEN, { ...FAST, fetch: loseFirstAnswer });
    const outcomes = await platform.importRepositories(scope, [{ fullName: "acme/d", scmId: 4, branch: "main" }], {
      concurrency: 1,
    });
    const target = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/d");
    assert.ok(target, "the emulator did run the job");
    assert.deepEqual(outcomes, [{ fullName: "acme/d", ok: true, platformId: target.id }]);
    assert.equal(emulator.requestStats().byRoute["POST /v1/org/:orgId/integrations/:integrationId/import"], 1);
  });

  it("reports a job whose polls keep failing as started-but-unconfirmed, with the target when it exists", async () => {
    emulator.seed(seed({ importJobs: { pendingPolls: 2, completeAfterMs: 0 } }));
    emulator.addFault({ kind: "status", status: 500, match: { method: "GET", pathRegex: "/import/" }, count: 100 });
    const outcomes = await platformFor(base, API_TOKEN).importRepositories(
      scope,
      [{ fullName: "acme/a", scmId: 1, branch: "main" }],
      {
        concurrency: 1,
      },
    );
    const target = [...emulator.snyk.targets.values()].find((t) => t.displayName === "acme/a");
    assert.ok(target);
    assert.equal(outcomes[0]?.ok, false);
    assert.equal(outcomes[0]?.platformId, target.id);
    assert.match(
      outcomes[0]?.error ?? "",
      /^the import of acme\/a started, but reading its job failed \(.*HTTP 500.*\); its target [0-9a-f-]+ exists$/,
    );
  });

  it("keeps the SCM token and the API key out of every error, even when the server echoes them", async () => {
    emulator.addFault({
      kind: "status",
      status: 400,
      body: { code: 400, message: `Bad credentials ${SCM_TOKEN} for key ${API_TOKEN}`, error: "Bad credentials" },
      match: { method: "POST", pathPrefix: `/v1/org/${ORG}/integrations` },
    });
    // A fresh org without integrations, so the upsert takes the POST path.
    emulator.seed(seedWith(API_TOKEN));
    const platform = platformFor(base, API_TOKEN);
    await assert.rejects(
      platform.upsertIntegration({ platformOrg: ORG, level: "organization", endpoint: ghes, token: SCM_TOKEN }),
      (e: unknown) => {
        assert.ok(isScmIntegrationError(e));
        assert.equal(e.kind, "invalid-input");
        assert.match(e.message, /HTTP 400: Bad credentials \[REDACTED\] for key \[REDACTED\]/);
        assertNoSecrets(e.message);
        assertNoSecrets(JSON.stringify(e.details ?? {}));
        return true;
      },
    );
  });
});
