// The smallest emulator: only the host's control API and a health route. Used to test the host itself.
import { EmulatorHost } from "../host";

export function createHealthEmulator(): EmulatorHost<Record<string, never>> {
  return new EmulatorHost({
    name: "health",
    initialSeed: {},
    seed: () => {},
    routes: (app) => {
      app.get("/health", async () => ({ status: "ok" }));
    },
  });
}
