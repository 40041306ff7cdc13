// The shared base of the four API emulators (GitHub, GitLab, Snyk, Semgrep): a Fastify server on
// 127.0.0.1 with an ephemeral port, a control API under /_control to seed state, inject faults,
// set latency and read request counters, and a clean shutdown. Emulator logic lives in each
// emulator's own folder; this file knows nothing about any API.
import { Readable } from "node:stream";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

import { contractChecker, type ContractChecker, type ContractViolation } from "../support/contract";
import {
  contractChecksEnabled,
  recordViolation,
  takeViolationsOf,
  type RecordedViolation,
} from "../support/contract-recorder";

export interface FaultRule {
  /** Which requests the fault applies to; absent fields match everything. */
  match?: { method?: string; pathPrefix?: string; pathRegex?: string };
  /**
   * status: answer with `status` (+ body, headers) instead of the emulator.
   * reset: destroy the connection without an answer.
   * latency: delay the request by `delayMs`, then let the emulator answer.
   * cut-body: the emulator's own answer, its headers (Content-Length included) and the first half of
   * its body, then the connection is destroyed: a connection lost while a large body streams.
   */
  kind: "status" | "reset" | "latency" | "cut-body";
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** How many matching requests the rule affects before it is spent (default 1). */
  count?: number;
  /** Let this many matching requests through before the rule starts (default 0). */
  skip?: number;
}

/**
 * An emulator's notion of time: its rate windows and Retry-After, job durations and request records.
 * Tests that run the provider on a virtual clock give the emulator the same one (useClock), so a
 * window the provider waits out in virtual time is over for the emulator too. Injected latency and
 * delay faults stay on real time: they stand for network and server time, which a client's
 * per-attempt timeout measures in real time.
 */
export interface EmulatorClock {
  now(): number;
}

export const realTime: EmulatorClock = { now: () => Date.now() };

export interface EmulatorSettings {
  /** Added to every (non-control) request, in ms: the simulated network + server time. */
  latencyMs: number;
}

export interface RequestRecord {
  method: string;
  /** Path with query string, as received. */
  url: string;
  /** The route pattern that matched (e.g. `/orgs/:org/repos`), or the raw path for 404s. */
  route: string;
  status: number;
  /** Epoch ms at arrival. */
  at: number;
}

export interface RequestStats {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests that change state (POST, PUT, PATCH, DELETE). */
  writes: number;
  recent: RequestRecord[];
}

export interface EmulatorDefinition<Seed> {
  name: string;
  /** Register the API routes. Called once, before listening. */
  routes(app: FastifyInstance, host: EmulatorHost<Seed>): void;
  /** Replace all state with the seed (idempotent; `reset` calls it with the initial seed). */
  seed(seed: Seed, host: EmulatorHost<Seed>): void;
  /** State dump for tests and the demo summary. */
  dump?(): unknown;
  initialSeed: Seed;
  /**
   * The API contracts (test/contracts/<name>.json) this emulator serves: under the test suites every
   * request it receives and every response it gives is checked against them (test/support/contract.ts).
   */
  contracts?: string[];
  /** A path the emulator serves the APIs under, before the contracts' own base paths (GitLab's relative URL root). */
  contractPrefix?: string;
  /**
   * Routes (`METHOD /pattern`) that use a write method but change nothing: search and list operations
   * an API defines as POST. They are not counted in `writes`, which counts requests that change state.
   */
  readOnlyRoutes?: readonly string[];
}

/** Set on a request a fault answered: its response is the fault's, not the emulator's, and is not checked. */
const FAULTED = Symbol("faulted");
/** Set on a request whose answer loses the connection halfway through its body (fault "cut-body"). */
const CUT_BODY = Symbol("cut-body");

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const RECENT_LIMIT = 2000;

export class EmulatorHost<Seed = unknown> {
  readonly app: FastifyInstance;
  readonly name: string;
  settings: EmulatorSettings = { latencyMs: 0 };
  clock: EmulatorClock = realTime;
  private faults: (FaultRule & { seen: number; used: number })[] = [];
  private stats: RequestStats = emptyStats();
  private baseUrl = "";
  /** Built on first use: only the suites turn checking on (the demo and benchmarks never load contracts). */
  private contract?: ContractChecker;

  constructor(private readonly definition: EmulatorDefinition<Seed>) {
    this.name = definition.name;
    // Bodies up to 50 MB: seeds of 100,000 repositories are posted through the control API.
    this.app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024, forceCloseConnections: true });
    this.app.addContentTypeParser(
      ["application/vnd.api+json", "application/merge-patch+json"],
      { parseAs: "string" },
      (_req, body, done) => {
        try {
          done(null, body === "" ? undefined : JSON.parse(body as string));
        } catch (e) {
          (e as { statusCode?: number }).statusCode = 400;
          done(e as Error, undefined);
        }
      },
    );
    this.installControlApi();
    this.installFaultsAndAccounting();
    this.installContractChecks();
    definition.routes(this.app, this);
    definition.seed(definition.initialSeed, this);
  }

  /** `http://127.0.0.1:<port>` once listening. */
  get url(): string {
    return this.baseUrl;
  }

  async start(port = 0): Promise<string> {
    await this.app.listen({ host: "127.0.0.1", port });
    const address = this.app.server.address();
    if (!address || typeof address === "string") throw new Error(`${this.name}: no TCP address`);
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  // ---- in-process control (tests use these directly; the HTTP control API wraps the same) ----

  seed(seed: Seed): void {
    this.definition.seed(seed, this);
  }

  /** Read time from this clock from now on (kept across reset(); real time when called without one). */
  useClock(clock: EmulatorClock = realTime): void {
    this.clock = clock;
  }

  reset(): void {
    this.faults = [];
    this.settings = { latencyMs: 0 };
    this.stats = emptyStats();
    this.definition.seed(this.definition.initialSeed, this);
  }

  addFault(rule: FaultRule): void {
    this.faults.push({ ...rule, seen: 0, used: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  requestStats(): RequestStats {
    return {
      ...this.stats,
      byRoute: { ...this.stats.byRoute },
      byStatus: { ...this.stats.byStatus },
      recent: [...this.stats.recent],
    };
  }

  resetRequestStats(): void {
    this.stats = emptyStats();
  }

  dump(): unknown {
    return this.definition.dump?.();
  }

  /** The contract violations this emulator recorded, taken out of the suite's record (for tests that provoke them). */
  takeContractViolations(): ContractViolation[] {
    return takeViolationsOf(this);
  }

  private installControlApi(): void {
    const app = this.app;
    app.get("/_control/health", async () => ({ ok: true, emulator: this.name }));
    app.post("/_control/reset", async () => {
      this.reset();
      return { ok: true };
    });
    app.post("/_control/seed", async (req) => {
      this.seed(req.body as Seed);
      return { ok: true };
    });
    app.get("/_control/state", async () => this.dump() ?? {});
    app.post("/_control/faults", async (req) => {
      const rules = Array.isArray(req.body) ? (req.body as FaultRule[]) : [req.body as FaultRule];
      for (const rule of rules) this.addFault(rule);
      return { ok: true, faults: this.faults.length };
    });
    app.delete("/_control/faults", async () => {
      this.clearFaults();
      return { ok: true };
    });
    app.put("/_control/settings", async (req) => {
      this.settings = { ...this.settings, ...(req.body as Partial<EmulatorSettings>) };
      return this.settings;
    });
    app.get("/_control/requests", async () => this.requestStats());
    app.delete("/_control/requests", async () => {
      this.resetRequestStats();
      return { ok: true };
    });
  }

  private installFaultsAndAccounting(): void {
    this.app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.url.startsWith("/_control/")) return;
      (req as FastifyRequest & { arrivedAt?: number }).arrivedAt = this.clock.now();
      // An origin server's Date (RFC 9110 §6.6.1) on the emulator's own clock, the one its bodies'
      // timestamps use: under a virtual clock, Node's wall-clock Date would disagree with them.
      reply.header("date", new Date(this.clock.now()).toUTCString());
      if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
      const rule = this.takeFault(req);
      if (!rule) return;
      if (rule.kind === "latency") {
        await sleep(rule.delayMs ?? 1000);
        return;
      }
      if (rule.kind === "cut-body") {
        // The answer that arrives is not the emulator's whole answer: not checked against the contracts.
        (req as FastifyRequest & { [FAULTED]?: boolean; [CUT_BODY]?: boolean })[FAULTED] = true;
        (req as FastifyRequest & { [CUT_BODY]?: boolean })[CUT_BODY] = true;
        return;
      }
      (req as FastifyRequest & { [FAULTED]?: boolean })[FAULTED] = true;
      if (rule.kind === "reset") {
        this.checkExchange(req, undefined, undefined);
        this.record(req, 0);
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      }
      reply.code(rule.status ?? 500);
      for (const [k, v] of Object.entries(rule.headers ?? {})) reply.header(k, v);
      return reply.send(rule.body ?? { message: "injected fault" });
    });
    this.app.addHook("onSend", async (req, reply, payload) => {
      if ((req as FastifyRequest & { [CUT_BODY]?: boolean })[CUT_BODY] !== true) return payload;
      const bytes = Buffer.from(typeof payload === "string" || Buffer.isBuffer(payload) ? payload : "");
      reply.header("content-length", String(bytes.length));
      const socket = req.raw.socket;
      let written = false;
      const half = new Readable({
        read() {
          if (written) return;
          written = true;
          this.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
          // Destroyed once the half has been written out, so the client sees the answer start.
          setTimeout(() => socket.destroy(), 20);
        },
      });
      return half;
    });
    this.app.addHook("onResponse", async (req, reply) => {
      if (req.url.startsWith("/_control/")) return;
      this.record(req, reply.statusCode);
    });
  }

  private installContractChecks(): void {
    if (!this.definition.contracts?.length) return;
    this.app.addHook("onSend", async (req, reply, payload) => {
      if (!req.url.startsWith("/_control/")) this.checkExchange(req, reply, payload);
      return payload;
    });
  }

  /**
   * Checks one exchange against the contracts: the request always (its body only when it was read),
   * the response unless a fault stood in for the emulator.
   */
  private checkExchange(req: FastifyRequest, reply: FastifyReply | undefined, payload: unknown): void {
    const names = this.definition.contracts;
    if (!names?.length || !contractChecksEnabled()) return;
    this.contract ??= contractChecker(names, this.definition.contractPrefix);
    const faulted = (req as FastifyRequest & { [FAULTED]?: boolean })[FAULTED] === true;
    // A body sent but never parsed (an answer given before parsing: a fault, a rate limit) is not checked.
    const sentBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    const bodyRead = !faulted && (req.body !== undefined || !sentBody);
    const { match, violations } = this.contract.checkRequest({
      method: req.method,
      url: req.url,
      body: bodyRead ? req.body : undefined,
      bodyRead,
    });
    if (match && reply && !faulted) {
      violations.push(
        ...this.contract.checkResponse(match, { status: reply.statusCode, ...jsonPayload(reply, payload) }),
      );
    }
    for (const v of violations) recordViolation({ ...v, emulator: this.name, owner: this } satisfies RecordedViolation);
  }

  private takeFault(req: FastifyRequest): FaultRule | undefined {
    const path = req.url.split("?")[0] ?? req.url;
    for (const rule of this.faults) {
      const m = rule.match;
      if (m?.method && m.method.toUpperCase() !== req.method) continue;
      if (m?.pathPrefix && !path.startsWith(m.pathPrefix)) continue;
      if (m?.pathRegex && !new RegExp(m.pathRegex).test(path)) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.used >= (rule.count ?? 1)) continue;
      rule.used++;
      return rule;
    }
    return undefined;
  }

  private record(req: FastifyRequest, status: number): void {
    const route = req.routeOptions?.url ?? req.url.split("?")[0] ?? req.url;
    const key = `${req.method} ${route}`;
    const s = this.stats;
    s.total++;
    s.byRoute[key] = (s.byRoute[key] ?? 0) + 1;
    s.byStatus[String(status)] = (s.byStatus[String(status)] ?? 0) + 1;
    if (WRITE_METHODS.has(req.method) && !(this.definition.readOnlyRoutes ?? []).includes(key)) s.writes++;
    s.recent.push({
      method: req.method,
      url: req.url,
      route,
      status,
      at: (req as { arrivedAt?: number }).arrivedAt ?? this.clock.now(),
    });
    if (s.recent.length > RECENT_LIMIT) s.recent.splice(0, s.recent.length - RECENT_LIMIT);
  }
}

/** The response body as the client will parse it, when it is JSON. */
function jsonPayload(reply: FastifyReply, payload: unknown): { json: boolean; body?: unknown } {
  const type = String(reply.getHeader("content-type") ?? "");
  if (!/json/i.test(type)) return { json: false };
  const text = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : undefined;
  if (text === undefined || text === "") return { json: false };
  try {
    return { json: true, body: JSON.parse(text) as unknown };
  } catch {
    return { json: false };
  }
}

function emptyStats(): RequestStats {
  return { total: 0, byRoute: {}, byStatus: {}, writes: 0, recent: [] };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A fixed-window request counter an emulator uses to model an API's rate limit (each API puts its
 * own headers and bodies around it).
 */
export class RateWindow {
  private windowStart = 0;
  private used = 0;

  constructor(
    public limit: number,
    public windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request; returns whether it is within the limit, and the window's numbers. */
  hit(): { allowed: boolean; remaining: number; resetAtMs: number; used: number } {
    const now = this.now();
    // A clock that was swapped for one further back starts a window too.
    if (now - this.windowStart >= this.windowMs || now < this.windowStart) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return {
      allowed,
      remaining: Math.max(0, this.limit - this.used),
      resetAtMs: this.windowStart + this.windowMs,
      used: this.used,
    };
  }

  peek(): { remaining: number; resetAtMs: number; used: number } {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs || now < this.windowStart)
      return { remaining: this.limit, resetAtMs: now + this.windowMs, used: 0 };
    return {
      remaining: Math.max(0, this.limit - this.used),
      resetAtMs: this.windowStart + this.windowMs,
      used: this.used,
    };
  }
}

/** Base URL of this emulator as seen in absolute links (Link headers, Location): scheme, host and port of the request. */
export function requestOrigin(req: FastifyRequest): string {
  // Behind the e2e TLS front (test/support/tls-front.ts) links must say https, as a real server's do.
  const scheme = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  return `${scheme}://${req.headers.host ?? "127.0.0.1"}`;
}
