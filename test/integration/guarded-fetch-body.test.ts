// A caller that keeps only a response's body stream (Octokit with parseSuccessResponseBody: false,
// which the GitHub listing uses) still reads every byte when the garbage collector runs before its
// first read. undici cancels the body of a collected Response; a 100,000-repository listing read
// pages of 459,701 bytes as empty. The collections are forced here, so the test does not depend on
// when V8 would have run them.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createFetch } from "../../provider/src/core/guarded-fetch";

// Node only exposes gc() to code started with --expose-gc; a context created after the flag is set
// gets it (https://nodejs.org/api/v8.html#v8setflagsfromstringflags).
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const BODY = Buffer.alloc(460_000, "r");
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = req.url === "/moved" ? 302 : 200;
    if (status === 302) res.writeHead(302, { location: "/page" }).end();
    else res.writeHead(200, { "content-type": "application/json", "content-length": BODY.length }).end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function bytesRead(body: ReadableStream<Uint8Array>): Promise<number> {
  let length = 0;
  for await (const chunk of body) length += chunk.length;
  return length;
}

/** The body of an answer whose Response object nothing refers to any more. */
async function bodyOnly(path: string, init?: RequestInit): Promise<ReadableStream<Uint8Array>> {
  const send = createFetch({ allowLoopback: true });
  const response = await send(`${url}${path}`, init);
  assert.equal(response.status, 200);
  return response.body as ReadableStream<Uint8Array>;
}

describe("a response body outlives its Response object", () => {
  it.each([
    ["a plain answer", "/page", undefined],
    ["the end of a redirect followed by hand", "/moved", undefined],
    ["an answer with the caller's own redirect handling", "/page", { redirect: "manual" as const }],
  ])(
    "%s: every byte is read after collections",
    async (_name, path, init) => {
      const body = await bodyOnly(path, init);
      for (let i = 0; i < 3; i++) {
        collectGarbage();
        await tick();
      }
      assert.equal(await bytesRead(body), BODY.length);
      // Full collections of a jest worker's heap: seconds on a loaded machine, not a measure of anything.
    },
    30_000,
  );
});
