// The Snyk API emulator: V1 under `/v1` and `/api/v1`, REST under `/rest`, per-key rate limits,
// asynchronous import jobs, seeded and fault-injected through the shared control API.
import { EmulatorHost } from "../host";
import { registerRestRoutes } from "./rest-routes";
import { defaultSnykSeed, type SnykSeed } from "./seed";
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
    seed: (seed) => state.load(seed),
    dump: () => state.dump(),
    routes: (app, h) => {
      for (const prefix of ["/v1", "/api/v1"]) {
        void app.register(async (scope) => registerV1Routes(scope, state, h), { prefix });
      }
      void app.register(async (scope) => registerRestRoutes(scope, state, h), { prefix: "/rest" });
    },
  });
  state.now = () => host.clock.now();
  return Object.assign(host, { snyk: state }) as SnykEmulator;
}

export type { SnykSeed } from "./seed";
