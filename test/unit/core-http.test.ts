// The shared request policy: which answers are retried, how long it waits, what it refuses to resend.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { ScmIntegrationError } from "../../provider/src/core/errors";
import { parseRetryAfter, sendWithPolicy, type FetchLike, type HttpPolicy } from "../../provider/src/core/http";
import { TokenBucket } from "../../provider/src/core/token-bucket";

function scripted(answers: (Response | Error)[]): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push(`${init?.method ?? "GET"} ${url}`);
      const next = answers.shift();
      if (!next) throw new Error("no more scripted answers");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

function policy(waits: number[], overrides: Partial<HttpPolicy> = {}): HttpPolicy {
  return {
    timeoutMs: 1000,
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    maxRetryAfterMs: 10_000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
}

const reset = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
const refused = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });

test("a 429 is retried after exactly the Retry-After the server asked for", async () => {
  const waits: number[] = [];
  const { fetch, calls } = scripted([
    new Response("", { status: 429, headers: { "retry-after": "3" } }),
    new Response("ok"),
  ]);
  const res = await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy(waits), fetch);
  assert.equal(await res.text(), "ok");
  assert.deepEqual(waits, [3000]);
  assert.equal(calls.length, 2);
});

test("a 5xx is retried with growing backoff for idempotent requests only", async () => {
  const waits: number[] = [];
  const get = scripted([new Response("", { status: 502 }), new Response("", { status: 503 }), new Response("ok")]);
  assert.equal((await sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(waits), get.fetch)).status, 200);
  assert.deepEqual(waits, [75, 150]);
  const post = scripted([new Response("", { status: 502 })]);
  assert.equal((await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy([]), post.fetch)).status, 502);
  assert.equal(post.calls.length, 1, "a POST that may have been applied is never resent");
});

test("a dropped connection is retried for GET, but not for POST unless it never reached the server", async () => {
  const get = scripted([reset(), new Response("ok")]);
  assert.equal((await sendWithPolicy({ method: "GET", url: "http://h/x" }, policy([]), get.fetch)).status, 200);
  const post = scripted([reset()]);
  await assert.rejects(
    sendWithPolicy({ method: "POST", url: "http://h/x" }, policy([]), post.fetch),
    (e: ScmIntegrationError) => e.kind === "unreachable",
  );
  assert.equal(post.calls.length, 1);
  const notSent = scripted([refused(), new Response("ok")]);
  assert.equal((await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy([]), notSent.fetch)).status, 200);
});

test("429s that outlast the attempts fail loudly as rate-limited, naming the host and the wait", async () => {
  const answers = Array.from({ length: 4 }, () => new Response("", { status: 429, headers: { "retry-after": "1" } }));
  const { fetch } = scripted(answers);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "http://api.example/x" }, policy([]), fetch),
    (e: ScmIntegrationError) => {
      assert.equal(e.kind, "rate-limited");
      assert.match(
        e.message,
        /api\.example kept answering 429 \(rate limited\) after 4 attempts; it asked to wait 1 s/,
      );
      return true;
    },
  );
});

test("a Retry-After beyond the policy's patience is not waited for", async () => {
  const waits: number[] = [];
  const { fetch, calls } = scripted([new Response("", { status: 429, headers: { "retry-after": "3600" } })]);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(waits), fetch),
    /asked to wait 3600 s/,
  );
  assert.deepEqual(waits, []);
  assert.equal(calls.length, 1);
});

test("TLS failures are named as such with the caCertificate fix, and are not retried", async () => {
  const tls = Object.assign(new TypeError("fetch failed"), { cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } });
  const { fetch, calls } = scripted([tls]);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "https://ghe.example/x" }, policy([]), fetch),
    (e: ScmIntegrationError) => {
      assert.equal(e.kind, "tls");
      assert.match(e.message, /TLS verification of ghe\.example failed \(SELF_SIGNED_CERT_IN_CHAIN\).*caCertificate/);
      return true;
    },
  );
  assert.equal(calls.length, 1);
});

test("parseRetryAfter reads seconds and HTTP dates, and ignores junk", () => {
  assert.equal(parseRetryAfter("120"), 120_000);
  assert.equal(parseRetryAfter("1.5"), 1500);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
  assert.equal(parseRetryAfter("soon"), undefined);
  assert.equal(parseRetryAfter(null), undefined);
  fc.assert(fc.property(fc.integer({ min: 0, max: 86_400 }), (s) => parseRetryAfter(String(s)) === s * 1000));
});

test("the token bucket hands out tokens in order and never faster than its rate", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), async (rate, takers) => {
      let now = 0;
      const grants: number[] = [];
      const bucket = new TokenBucket({
        tokensPerInterval: rate,
        intervalMs: 1000,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      await Promise.all(Array.from({ length: takers }, () => bucket.take().then(() => grants.push(now))));
      // Tokens beyond the burst come at the refill rate: the last grant is no earlier than the rate allows.
      const expectedEarliest = Math.max(0, Math.ceil(((takers - rate) * 1000) / rate) - 1);
      assert.ok(now >= expectedEarliest, `granted ${takers} at rate ${rate}/s by t=${now} ms`);
      assert.deepEqual(
        [...grants].sort((a, b) => a - b),
        grants,
        "grants out of order",
      );
    }),
  );
});
