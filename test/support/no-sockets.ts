// Unit tests touch no socket: a jest setup file of the unit project (setupFiles in jest.config.js) that
// makes every attempt to connect or listen throw. Patching net.Socket.prototype.connect and
// net.Server.prototype.listen covers http, https, tls, undici and fetch, which all end there; dgram
// covers UDP. A test that needs a server or an emulator belongs in test/integration.
//
// Jest hands a test file the real `net` module, shared by every file its worker runs, and unit and
// integration files share workers in `make test`. So the guard is made of jest spies on those
// prototypes: jest restores a file's spies when it tears that file's environment down, and the next
// file, if it is an integration test, gets the real methods back. (A unit test must therefore not call
// jest.restoreAllMocks(); restore its own spies one by one with mockRestore().)
//
// The same file, required into a child process a unit test spawns (`node --require
// ts-node/register/transpile-only --require test/support/no-sockets.ts …`), patches the prototypes
// directly, so the child is held to the same rule.
import * as dgram from "node:dgram";
import * as net from "node:net";
import { inspect } from "node:util";
import type { expect as JestExpect, jest as JestObject } from "@jest/globals";

const MESSAGE = "unit tests touch no socket: move this test to test/integration";

// Jest puts `jest` in scope of every module it loads, setup files included; a plain Node process has none.
declare const jest: typeof JestObject | undefined;

function refuse(what: string): never {
  const error = new Error(`${MESSAGE} (${what})`);
  // The throw alone could go unseen: fetch turns it into "fetch failed", which the code under test may
  // map to an "unreachable" error the test expects. Handed to jest as a suppressed error as well, it
  // fails the running test whatever becomes of the throw.
  const expect = (globalThis as { expect?: typeof JestExpect }).expect;
  if (expect) expect.setState({ suppressedErrors: [...expect.getState().suppressedErrors, error] });
  throw error;
}

function describeAddress(args: unknown[]): string {
  // net.connect() hands connect() its arguments already normalized, as one array.
  if (Array.isArray(args[0])) return describeAddress(args[0] as unknown[]);
  const [first, second] = args;
  let host: unknown;
  let port: unknown;
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof options.path === "string") return options.path;
    ({ host, port } = options);
  } else if (typeof first === "string" && !/^\d+$/.test(first)) {
    return first;
  } else {
    port = first;
    if (typeof second === "string") host = second;
  }
  if (port === undefined || typeof port === "function") return "a port of the system's choosing";
  // A number or a numeric string; anything else is shown as inspected rather than "[object Object]".
  const portText = typeof port === "number" || typeof port === "string" ? String(port) : inspect(port);
  return typeof host === "string" ? `${host}:${portText}` : `port ${portText}`;
}

const guards: { target: object; method: string; refusal: (args: unknown[]) => string }[] = [
  { target: net.Socket.prototype, method: "connect", refusal: (a) => `net.Socket#connect to ${describeAddress(a)}` },
  { target: net.Server.prototype, method: "listen", refusal: (a) => `net.Server#listen on ${describeAddress(a)}` },
  { target: dgram.Socket.prototype, method: "bind", refusal: () => "dgram.Socket#bind" },
  { target: dgram.Socket.prototype, method: "connect", refusal: () => "dgram.Socket#connect" },
  { target: dgram.Socket.prototype, method: "send", refusal: () => "dgram.Socket#send" },
];

for (const { target, method, refusal } of guards) {
  const guard = (...args: unknown[]): never => refuse(refusal(args));
  if (typeof jest !== "undefined") {
    jest.spyOn(target as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(guard);
  } else {
    Object.defineProperty(target, method, { value: guard, configurable: true, writable: true });
  }
}
