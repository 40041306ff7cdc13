// A guard for integration tests that must reach the in-process emulators and nothing else: every
// TCP connection not to a loopback address on one of the allowed ports, and every DNS lookup of a name
// (an IP literal resolves locally), is recorded and refused. A test asserts `violations` is empty, so
// a connection that code under test swallowed (fetch turns the throw into "fetch failed") still fails it.
import dns from "node:dns";
import net from "node:net";
import { jest } from "@jest/globals";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export interface NetworkGuard {
  readonly violations: string[];
  release(): void;
}

function targetOf(args: unknown[]): { host: string; port: number | undefined } {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const second = Array.isArray(args[0]) ? (args[0] as unknown[])[1] : args[1];
  if (typeof first === "object" && first !== null) {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof o.path === "string") return { host: `unix:${o.path}`, port: undefined };
    return { host: typeof o.host === "string" ? o.host : "localhost", port: Number(o.port) };
  }
  return { host: typeof second === "string" ? second : "localhost", port: Number(first) };
}

/** Install the guard; `allowedPorts` are the emulators' ports (read at each connection). */
export function guardNetwork(allowedPorts: () => readonly number[]): NetworkGuard {
  const violations: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each guarded socket as `this`
  const realConnect = net.Socket.prototype.connect;
  const connectSpy = jest.spyOn(net.Socket.prototype, "connect").mockImplementation(function (
    this: net.Socket,
    ...args: unknown[]
  ) {
    const { host, port } = targetOf(args);
    if (!LOOPBACK.has(host) || port === undefined || !allowedPorts().includes(port)) {
      violations.push(`connection to ${host}:${String(port)}`);
      throw new Error(`network guard: no connection to ${host}:${String(port)} (only the emulators)`);
    }
    return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  const refuseLookup = (hostname: unknown) => {
    if (typeof hostname === "string" && net.isIP(hostname) !== 0) return false;
    violations.push(`DNS lookup of ${String(hostname)}`);
    return true;
  };
  const realLookup = dns.lookup;
  const lookupSpy = jest.spyOn(dns, "lookup").mockImplementation((hostname: string, ...rest: unknown[]) => {
    if (refuseLookup(hostname)) throw new Error(`network guard: no DNS lookup of ${hostname}`);
    return (realLookup as (...a: unknown[]) => void)(hostname, ...rest);
  });
  const realPromiseLookup = dns.promises.lookup;
  const promiseLookupSpy = jest.spyOn(dns.promises, "lookup").mockImplementation(((
    hostname: string,
    ...rest: unknown[]
  ) => {
    if (refuseLookup(hostname)) return Promise.reject(new Error(`network guard: no DNS lookup of ${hostname}`));
    return (realPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
  }) as typeof dns.promises.lookup);
  return {
    violations,
    release() {
      connectSpy.mockRestore();
      lookupSpy.mockRestore();
      promiseLookupSpy.mockRestore();
    },
  };
}
