// The shared emulator base: loopback with an ephemeral port, the HTTP control API (seed, faults,
// settings, request counters), and a clean shutdown.
import assert from "node:assert/strict";
import * as net from "node:net";
import { afterAll, beforeAll, test } from "@jest/globals";
import { EmulatorControl } from "../emulators/control-client";
import { EmulatorHost, RateWindow } from "../emulators/host";
import { inTestRealm, jsonBody } from "../support/realm";

interface CounterSeed {
  greeting: string;
}

function createCounterEmulator(): EmulatorHost<CounterSeed> {
  let greeting = "";
  return new EmulatorHost<CounterSeed>({
    name: "counter",
    initialSeed: { greeting: "hello" },
    seed: (seed) => {
      greeting = seed.greeting;
    },
    dump: () => ({ greeting }),
    routes: (app) => {
      app.get("/greeting", async () => ({ greeting }));
      app.post("/greeting", async (req) => {
        greeting = (req.body as { greeting: string }).greeting;
        return { greeting };
      });
      app.post("/greeting/search", async () => ({ greeting }));
    },
    readOnlyRoutes: ["POST /greeting/search"],
  });
}

let host: EmulatorHost<CounterSeed>;
let control: EmulatorControl;

beforeAll(async () => {
  host = createCounterEmulator();
  const url = await host.start();
  control = new EmulatorControl(url);
});

afterAll(async () => {
  await host.stop();
});

test("listens on 127.0.0.1 with an ephemeral port and answers health", async () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(host.url).port, "0");
  assert.deepEqual(inTestRealm(await control.health()), { ok: true, emulator: "counter" });
});

test("seeds and dumps state through the control API, and reset restores the initial seed", async () => {
  await control.seed({ greeting: "bonjour" });
  assert.deepEqual(await jsonBody(await fetch(`${host.url}/greeting`)), { greeting: "bonjour" });
  assert.deepEqual(inTestRealm(await control.state()), { greeting: "bonjour" });
  await control.reset();
  assert.deepEqual(inTestRealm(await control.state()), { greeting: "hello" });
});

test("counts requests by route, status and writes; control calls are not counted", async () => {
  await control.resetRequests();
  await fetch(`${host.url}/greeting`);
  await fetch(`${host.url}/greeting`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"greeting":"hi"}',
  });
  await fetch(`${host.url}/missing`);
  // A search the API defines as POST changes nothing: not a write.
  await fetch(`${host.url}/greeting/search`, { method: "POST" });
  const stats = inTestRealm(await control.requests());
  assert.equal(stats.total, 4);
  assert.equal(stats.writes, 1);
  assert.equal(stats.byRoute["GET /greeting"], 1);
  assert.equal(stats.byRoute["POST /greeting"], 1);
  assert.equal(stats.byStatus["404"], 1);
  assert.deepEqual(
    stats.recent.map((r) => `${r.method} ${r.url} ${r.status}`),
    ["GET /greeting 200", "POST /greeting 200", "GET /missing 404", "POST /greeting/search 200"],
  );
});

test("a status fault answers in place of the emulator for `count` matching requests after `skip`", async () => {
  await control.addFaults({
    kind: "status",
    match: { method: "GET", pathPrefix: "/greeting" },
    status: 429,
    headers: { "retry-after": "7" },
    body: { message: "slow down" },
    count: 2,
    skip: 1,
  });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${host.url}/greeting`);
    statuses.push(res.status);
    if (res.status === 429) {
      assert.equal(res.headers.get("retry-after"), "7");
      assert.deepEqual(await jsonBody(res), { message: "slow down" });
    } else {
      await res.arrayBuffer();
    }
  }
  assert.deepEqual(statuses, [200, 429, 429, 200]);
  await control.clearFaults();
});

test("a reset fault drops the connection without an answer", async () => {
  await control.addFaults({ kind: "reset", match: { pathRegex: "^/greeting$" } });
  await assert.rejects(fetch(`${host.url}/greeting`), (e: Error) => e.name === "TypeError");
  assert.equal((await fetch(`${host.url}/greeting`)).status, 200);
});

test("latency (global setting and fault) is applied before the emulator answers", async () => {
  await control.settings({ latencyMs: 30 });
  await control.addFaults({ kind: "latency", delayMs: 60 });
  await control.resetRequests();
  const res = await fetch(`${host.url}/greeting`);
  await res.arrayBuffer();
  const stats = inTestRealm(await control.requests());
  // Arrival is recorded before the delay; the emulator still answers correctly afterwards.
  assert.equal(res.status, 200);
  assert.equal(stats.byStatus["200"], 1);
  await control.settings({ latencyMs: 0 });
});

test("RateWindow counts a fixed window and resets after it", () => {
  let now = 1_000;
  const window = new RateWindow(2, 100, () => now);
  assert.equal(window.hit().allowed, true);
  const second = window.hit();
  assert.deepEqual([second.allowed, second.remaining], [true, 0]);
  assert.equal(window.hit().allowed, false);
  now += 100;
  assert.deepEqual([window.hit().allowed, window.peek().remaining], [true, 1]);
});

test("RateWindow starts a new window when its clock is swapped for one further back", () => {
  let now = 50_000;
  const window = new RateWindow(1, 100, () => now);
  assert.equal(window.hit().allowed, true);
  assert.equal(window.hit().allowed, false);
  now = 1_000;
  assert.equal(window.hit().allowed, true);
});

test("request records read the host's clock (a test's virtual clock, or real time)", async () => {
  host.useClock({ now: () => 1_234_567 });
  try {
    host.resetRequestStats();
    await fetch(`${host.url}/greeting`);
    assert.deepEqual(
      host.requestStats().recent.map((r) => r.at),
      [1_234_567],
    );
  } finally {
    host.useClock();
  }
  await fetch(`${host.url}/greeting`);
  assert.ok(Math.abs((host.requestStats().recent[1]?.at ?? 0) - Date.now()) < 60_000);
});

test("stop closes the server: the port no longer accepts connections", async () => {
  const other = createCounterEmulator();
  const url = await other.start();
  await other.stop();
  const port = Number(new URL(url).port);
  await assert.rejects(
    new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve();
      });
      socket.on("error", reject);
    }),
    /ECONNREFUSED/,
  );
});
