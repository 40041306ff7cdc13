// Handler tests call resources directly (no engine): this plays the engine's configure() with a
// world's stack config and secrets.
import { configureProvider } from "../../provider/src/resources/provider-config";
import type { World } from "./world";

/** Configure the provider for `world`; `overrides` replace (or, when undefined, remove) single keys. */
export function useWorld(world: World, overrides: Record<string, string | undefined> = {}): void {
  const all: Record<string, string | undefined> = { ...world.config, ...world.secrets, ...overrides };
  configureProvider({ config: { get: (key) => all[key] } });
}
