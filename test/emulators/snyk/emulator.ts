// The Snyk API emulator: V1 under `/v1` and `/api/v1`, REST under `/rest`, per-key rate limits,
// asynchronous import jobs, seeded and fault-injected through the shared control API.
import { EmulatorHost } from "../host";
import { registerRestRoutes } from "./rest-routes";
import { registerSastControl, snykCodeOf } from "./sast-routes";
import { defaultSnykSeed, type ImportJobDurations, type SnykSeed } from "./seed";
import { SnykState } from "./state";
import { registerV1Routes } from "./v1-routes";

export interface SnykEmulator extends EmulatorHost<SnykSeed> {
  /** The live state, for in-process assertions. */
  readonly snyk: SnykState;
}

export function createSnykEmulator(initialSeed: SnykSeed = defaultSnykSeed()): SnykEmulator {
  const state = new SnykState();
  const host = new EmulatorHost<SnykSeed>({
    name: "snyk",
    initialSeed,
    contracts: ["snyk-v1", "snyk-rest"],
    seed: (seed) => {
      state.load(seed);
      snykCodeOf(state).load(seed);
    },
    dump: () => ({ ...state.dump(), snykCode: snykCodeOf(state).dump() }),
    routes: (app, h) => {
      registerSastControl(app, state);
      // Import-job durations at run time (seed.ts ImportJobDurations); `{}` clears them (poll-counted jobs).
      app.put("/_control/import-jobs", async (req, reply) => {
        const parsed = parseDurations(req.body);
        if (typeof parsed === "string") return reply.code(400).send({ error: parsed });
        state.jobDurations = parsed;
        return { ok: true, durations: parsed ?? null };
      });
      for (const prefix of ["/v1", "/api/v1"]) {
        void app.register(async (scope) => registerV1Routes(scope, state, h), { prefix });
      }
      void app.register(async (scope) => registerRestRoutes(scope, state, h), { prefix: "/rest" });
    },
  });
  state.now = () => host.clock.now();
  return Object.assign(host, { snyk: state });
}

/** The control body as durations, undefined to clear, or what is wrong with it. */
function parseDurations(body: unknown): ImportJobDurations | undefined | string {
  const b = (body ?? {}) as { fixedMs?: unknown; mix?: unknown };
  const ms = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  if (b.fixedMs !== undefined) return ms(b.fixedMs) ? { fixedMs: b.fixedMs as number } : "fixedMs must be a number ≥ 0";
  if (b.mix === undefined) return undefined;
  if (!Array.isArray(b.mix) || b.mix.length === 0) return "mix must be a non-empty array of {ms, share}";
  const mix: { ms: number; share: number }[] = [];
  for (const entry of b.mix as { ms?: unknown; share?: unknown }[]) {
    if (!ms(entry?.ms) || !ms(entry?.share)) return "each mix entry needs ms ≥ 0 and share ≥ 0";
    mix.push({ ms: entry.ms as number, share: entry.share as number });
  }
  return { mix };
}

export type { SnykSeed } from "./seed";
