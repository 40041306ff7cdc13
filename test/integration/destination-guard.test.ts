// No token reaches a destination it must not: a listener on 127.0.0.1 counts every connection while
// SCM clients are pointed at it through loopback spellings without the opt-in (refused before any
// socket), through a name whose DNS answer is loopback or link-local (refused when connecting), and
// through a redirect to another origin (not followed). Positive controls show the listener does see
// what is allowed, so the zero counts mean something.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupFunction } from "../../provider/src/core/destination";
import { resolveScmEndpoint } from "../../provider/src/core/endpoints";
import { ScmIntegrationError } from "../../provider/src/core/errors";
import { createFetch } from "../../provider/src/core/guarded-fetch";
import { defaultHttpPolicy, sendWithPolicy } from "../../provider/src/core/http";
import { createGitHubClient } from "../../provider/src/scm/github/client";
import { createGitLabClient } from "../../provider/src/scm/gitlab/client";
import { VirtualClock } from "../support/virtual-clock";

const TOKEN = "glpat-CANARYdestinationGuard0001";

interface Listener {
  server: Server;
  port: number;
  connections: number;
  requests: { url: string; method?: string; headers: IncomingMessage["headers"] }[];
}

async function listen(handler?: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
  const listener: Listener = { server: undefined as unknown as Server, port: 0, connections: 0, requests: [] };
  listener.server = createServer((req, res) => {
    listener.requests.push({ url: req.url ?? "", method: req.method ?? "", headers: req.headers });
    if (handler) return handler(req, res);
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  listener.server.on("connection", () => listener.connections++);
  await new Promise<void>((resolve) => listener.server.listen(0, "127.0.0.1", resolve));
  listener.port = (listener.server.address() as AddressInfo).port;
  return listener;
}

function close(l: Listener | undefined): Promise<void> {
  return new Promise((resolve) => (l ? l.server.close(() => resolve()) : resolve()));
}

let target: Listener;
let redirector: Listener;

beforeAll(async () => {
  target = await listen();
  redirector = await listen((req, res) => {
    const to =
      req.url === "/same"
        ? `http://127.0.0.1:${redirector.port}/landed`
        : req.url === "/metadata"
          ? "http://169.254.169.254/latest/meta-data/"
          : `http://127.0.0.1:${target.port}/api/v4/user`;
    if (req.url === "/loop" || req.url === "/post303" || req.url === "/bad") {
      const location = req.url === "/loop" ? "/loop" : req.url === "/bad" ? "http://[::1" : "/landed";
      res.writeHead(req.url === "/post303" ? 303 : 302, { location });
      return res.end();
    }
    if (req.url === "/landed") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"ok":true}');
    }
    res.writeHead(302, { location: to });
    res.end();
  });
});

afterAll(async () => {
  target.server.closeAllConnections();
  redirector.server.closeAllConnections();
  await Promise.all([close(target), close(redirector)]);
});

beforeEach(() => {
  target.connections = 0;
  target.requests.length = 0;
  redirector.requests.length = 0;
});

describe("loopback spellings without allowInsecureLoopback", () => {
  it("no GitHub or GitLab client is built, and the listener sees no connection", async () => {
    const p = () => target.port;
    const spellings = [
      `https://127.0.0.1:${p()}`,
      `https://localhost:${p()}`,
      `https://2130706433:${p()}`,
      `https://127.1:${p()}`,
      `https://0x7f.1:${p()}`,
      `https://0177.0.0.1:${p()}`,
      `https://[::ffff:127.0.0.1]:${p()}`,
      `http://127.0.0.1:${p()}`,
      `http://2130706433:${p()}`,
      `https://0.0.0.0:${p()}`,
    ];
    for (const baseUrl of spellings) {
      for (const scm of ["github-enterprise", "gitlab-self-managed"] as const) {
        await assert.rejects(
          async () => {
            const endpoint = resolveScmEndpoint({ scm, baseUrl });
            const options = { endpoint, token: TOKEN, clock: new VirtualClock() };
            const client = scm === "github-enterprise" ? createGitHubClient(options) : createGitLabClient(options);
            await client.introspectToken();
          },
          (e: unknown) => e instanceof ScmIntegrationError && e.kind === "invalid-input" && e.field === "baseUrl",
          baseUrl,
        );
      }
    }
    // A connection attempt would reach the listener within a few turns of the event loop.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(target.connections, 0);
    assert.deepEqual(target.requests, []);
  });

  it("positive control: with the opt-in, the same listener does receive the request", async () => {
    const endpoint = resolveScmEndpoint({
      scm: "gitlab-self-managed",
      baseUrl: `http://2130706433:${target.port}`,
      allowInsecureLoopback: true,
    });
    const response = await createFetch({ allowLoopback: true })(`${endpoint.apiUrl}/user`);
    await response.arrayBuffer();
    assert.equal(target.requests.length, 1);
    assert.equal(target.requests[0]?.url, "/api/v4/user");
  });
});

describe("after DNS: a name that resolves to a refused address", () => {
  const fakeDns = (answers: Record<string, string>): LookupFunction => {
    return (hostname, options, callback) => {
      const address = answers[hostname];
      if (address === undefined)
        return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
      const family = address.includes(":") ? 6 : 4;
      if (options.all) return callback(null, [{ address, family }]);
      return callback(null, address, family);
    };
  };

  it("ghe.example.test → 169.254.169.254 is refused naming the host and the class, before any request", async () => {
    const fetchImpl = createFetch({ lookup: fakeDns({ "ghe.example.test": "169.254.169.254" }) });
    const retries: unknown[] = [];
    const e = await sendWithPolicy(
      {
        method: "GET",
        url: `http://ghe.example.test:${target.port}/api/v3/user`,
        headers: { authorization: `token ${TOKEN}` },
      },
      { ...defaultHttpPolicy, maxAttempts: 3, onRetry: (info) => retries.push(info) },
      fetchImpl,
    ).then(
      () => assert.fail("expected a refusal"),
      (error: unknown) => error,
    );
    assert.ok(e instanceof ScmIntegrationError, String(e));
    assert.equal(e.kind, "invalid-input");
    assert.match(e.message, /ghe\.example\.test resolves to 169\.254\.169\.254, a link-local address/);
    assert.ok(!e.message.includes(TOKEN));
    assert.deepEqual(retries, [], "a refused destination is not retried");
  });

  it("a name resolving to 127.0.0.1 (where the listener is) is refused without the opt-in: zero connections", async () => {
    const lookup = fakeDns({ "ghe.example.test": "127.0.0.1" });
    await assert.rejects(
      () =>
        sendWithPolicy(
          {
            method: "GET",
            url: `http://ghe.example.test:${target.port}/api/v3/user`,
            headers: { authorization: `token ${TOKEN}` },
          },
          defaultHttpPolicy,
          createFetch({ lookup }),
        ),
      /ghe\.example\.test resolves to 127\.0\.0\.1, a loopback address.*allowInsecureLoopback/,
    );
    assert.equal(target.connections, 0);
    assert.deepEqual(target.requests, []);
    // Positive control: the same name with the opt-in reaches the listener.
    const ok = await createFetch({ lookup, allowLoopback: true })(`http://ghe.example.test:${target.port}/api/v3/user`);
    await ok.arrayBuffer();
    assert.equal(target.requests.length, 1);
  });
});

describe("redirects", () => {
  it("a redirect to another origin is not followed and the token goes nowhere", async () => {
    const fetchImpl = createFetch({ allowLoopback: true });
    for (const path of ["/elsewhere", "/metadata"]) {
      await assert.rejects(
        () =>
          sendWithPolicy(
            { method: "GET", url: `http://127.0.0.1:${redirector.port}${path}`, headers: { "private-token": TOKEN } },
            defaultHttpPolicy,
            fetchImpl,
          ),
        (e: unknown) =>
          e instanceof ScmIntegrationError &&
          /refused to follow a redirect from 127\.0\.0\.1:\d+ to (127\.0\.0\.1:\d+|169\.254\.169\.254) \(another origin, a (loopback|link-local) address/.test(
            e.message,
          ),
        path,
      );
    }
    assert.equal(target.connections, 0);
    assert.deepEqual(target.requests, []);
  });

  it("a 303 after a POST is followed with a GET; a redirect loop and an unparseable Location are refused", async () => {
    const fetchImpl = createFetch({ allowLoopback: true });
    const response = await fetchImpl(`http://127.0.0.1:${redirector.port}/post303`, { method: "POST", body: "{}" });
    assert.deepEqual(await response.json(), { ok: true });
    assert.deepEqual(
      redirector.requests.map((r) => `${r.method} ${r.url}`),
      ["POST /post303", "GET /landed"],
    );
    redirector.requests.length = 0;
    await assert.rejects(() => fetchImpl(`http://127.0.0.1:${redirector.port}/loop`), /more than 5 redirects/);
    // The first request and five redirects followed, then refused: a sixth redirect is never taken.
    assert.equal(redirector.requests.length, 6);
    await assert.rejects(() => fetchImpl(`http://127.0.0.1:${redirector.port}/bad`), /to an invalid URL/);
    const manual = await fetchImpl(`http://127.0.0.1:${redirector.port}/loop`, { redirect: "manual" });
    assert.equal(manual.status, 302);
    await manual.arrayBuffer();
  });

  it("a same-origin redirect is still followed", async () => {
    const response = await createFetch({ allowLoopback: true })(`http://127.0.0.1:${redirector.port}/same`);
    assert.deepEqual(await response.json(), { ok: true });
    assert.deepEqual(
      redirector.requests.map((r) => r.url),
      ["/same", "/landed"],
    );
  });

  it("GitHub and GitLab clients: a cross-origin redirect fails at once (no retry) naming baseUrl, and the token goes nowhere", async () => {
    // The clients sleep on a virtual clock nobody advances: a retry after the refusal would hang here.
    const baseUrl = `http://127.0.0.1:${redirector.port}`;
    for (const scm of ["github-enterprise", "gitlab-self-managed"] as const) {
      const endpoint = resolveScmEndpoint({ scm, baseUrl, allowInsecureLoopback: true });
      const options = { endpoint, token: TOKEN, clock: new VirtualClock(), allowInsecureLoopback: true };
      const client = scm === "github-enterprise" ? createGitHubClient(options) : createGitLabClient(options);
      const before = redirector.requests.length;
      await assert.rejects(
        () => client.introspectToken(),
        (e: unknown) =>
          e instanceof ScmIntegrationError &&
          e.kind === "invalid-input" &&
          e.field === "baseUrl" &&
          /refused to follow a redirect from 127\.0\.0\.1:\d+ to 127\.0\.0\.1:\d+ \(another origin/.test(e.message) &&
          !e.message.includes(TOKEN),
        scm,
      );
      assert.equal(redirector.requests.length - before, 1, `${scm}: one request, not retried`);
    }
    assert.equal(target.connections, 0);
    assert.deepEqual(target.requests, []);
  });
});
