// The shared request policy: which answers are retried, how long it waits, what it refuses to resend.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import fc from "fast-check";
import type { ScmIntegrationError } from "../../provider/src/core/errors";
import { parseRetryAfter, sendWithPolicy, type FetchLike, type HttpPolicy } from "../../provider/src/core/http";
import { SlidingWindowLimiter } from "../../provider/src/core/sliding-window-limiter";
import { semgrepWindows } from "../../provider/src/platforms/semgrep/rate-limit";
import { VirtualClock } from "../support/virtual-clock";

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

function policy(clock: VirtualClock, overrides: Partial<HttpPolicy> = {}): HttpPolicy {
  return {
    timeoutMs: 1000,
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    maxRetryAfterMs: 10_000,
    random: () => 0.5,
    clock,
    ...overrides,
  };
}

const reset = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
const refused = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });

test("a 429 is retried after exactly the Retry-After the server asked for", async () => {
  const clock = new VirtualClock();
  const { fetch, calls } = scripted([
    new Response("", { status: 429, headers: { "retry-after": "3" } }),
    new Response("ok"),
  ]);
  const res = await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy(clock), fetch);
  assert.equal(await res.text(), "ok");
  assert.deepEqual(clock.slept, [3000]);
  assert.equal(calls.length, 2);
});

test("a 5xx is retried with growing backoff for idempotent requests only", async () => {
  const clock = new VirtualClock();
  const get = scripted([new Response("", { status: 502 }), new Response("", { status: 503 }), new Response("ok")]);
  assert.equal((await sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(clock), get.fetch)).status, 200);
  assert.deepEqual(clock.slept, [75, 150]);
  const post = scripted([new Response("", { status: 502 })]);
  assert.equal(
    (await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy(new VirtualClock()), post.fetch)).status,
    502,
  );
  assert.equal(post.calls.length, 1, "a POST that may have been applied is never resent");
});

test("a dropped connection is retried for GET, but not for POST unless it never reached the server", async () => {
  const get = scripted([reset(), new Response("ok")]);
  assert.equal(
    (await sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(new VirtualClock()), get.fetch)).status,
    200,
  );
  const post = scripted([reset()]);
  await assert.rejects(
    sendWithPolicy({ method: "POST", url: "http://h/x" }, policy(new VirtualClock()), post.fetch),
    (e: ScmIntegrationError) => e.kind === "unreachable",
  );
  assert.equal(post.calls.length, 1);
  const notSent = scripted([refused(), new Response("ok")]);
  assert.equal(
    (await sendWithPolicy({ method: "POST", url: "http://h/x" }, policy(new VirtualClock()), notSent.fetch)).status,
    200,
  );
});

test("429s that outlast the attempts fail loudly as rate-limited, naming the host and the wait", async () => {
  const answers = Array.from({ length: 4 }, () => new Response("", { status: 429, headers: { "retry-after": "1" } }));
  const { fetch } = scripted(answers);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "http://api.example/x" }, policy(new VirtualClock()), fetch),
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
  const clock = new VirtualClock();
  const { fetch, calls } = scripted([new Response("", { status: 429, headers: { "retry-after": "3600" } })]);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(clock), fetch),
    /asked to wait 3600 s/,
  );
  assert.deepEqual(clock.slept, []);
  assert.equal(calls.length, 1);
});

test("TLS failures are named as such with the caCertificate fix, and are not retried", async () => {
  const tls = Object.assign(new TypeError("fetch failed"), { cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } });
  const { fetch, calls } = scripted([tls]);
  await assert.rejects(
    sendWithPolicy({ method: "GET", url: "https://ghe.example/x" }, policy(new VirtualClock()), fetch),
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

test("an HTTP-date Retry-After is measured from the policy's clock, not the machine's", async () => {
  const clock = new VirtualClock({ start: Date.parse("2031-01-15T12:00:00Z") });
  const { fetch } = scripted([
    new Response("", { status: 503, headers: { "retry-after": "Wed, 15 Jan 2031 12:00:07 GMT" } }),
    new Response("ok"),
  ]);
  assert.equal((await sendWithPolicy({ method: "GET", url: "http://h/x" }, policy(clock), fetch)).status, 200);
  assert.deepEqual(clock.slept, [7000]);
});

test("the Semgrep limiter hands out slots in arrival order, never faster than its rate and no slower", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 1_200 }),
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 60 }),
      async (requestsPerMinute, burst, takers) => {
        const clock = new VirtualClock({ start: 0 });
        const windows = semgrepWindows({ requestsPerMinute, burst });
        const limiter = new SlidingWindowLimiter({ windows, clock });
        const granted: { taker: number; at: number }[] = [];
        await Promise.all(
          Array.from({ length: takers }, (_, taker) =>
            limiter.take().then(() => granted.push({ taker, at: clock.now() })),
          ),
        );
        assert.deepEqual(
          granted.map((g) => g.taker),
          Array.from({ length: takers }, (_, i) => i),
          "granted out of arrival order",
        );
        // At most `burst` in any burst / rate interval, i.e. never faster than requestsPerMinute on average…
        const windowMs = (burst * 60_000) / requestsPerMinute;
        assert.deepEqual(windows, [{ limit: burst, windowMs }]);
        for (let i = 0; i + burst < granted.length; i++) {
          const gap = (granted[i + burst] as { at: number }).at - (granted[i] as { at: number }).at;
          assert.ok(gap >= windowMs, `${burst + 1} grants within ${gap} ms (window ${windowMs} ms)`);
        }
        // …and each full window as soon as the previous one ends (its waits are rounded up to whole ms).
        const last = (granted[granted.length - 1] as { at: number }).at;
        assert.ok(last <= (Math.ceil(takers / burst) - 1) * (windowMs + 1), `last grant at ${last} ms`);
      },
    ),
  );
});
