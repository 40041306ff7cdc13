// A small client for an emulator's HTTP control API, for tests and scripts that run the emulators
// in another process (in-process tests can call EmulatorHost methods directly).
import type { FaultRule, EmulatorSettings, RequestStats } from "./host";

export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_control/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  health() {
    return this.call<{ ok: boolean; emulator: string }>("GET", "health");
  }
  reset() {
    return this.call("POST", "reset");
  }
  seed(seed: unknown) {
    return this.call("POST", "seed", seed);
  }
  state<T = unknown>() {
    return this.call<T>("GET", "state");
  }
  addFaults(rules: FaultRule | FaultRule[]) {
    return this.call("POST", "faults", rules);
  }
  clearFaults() {
    return this.call("DELETE", "faults");
  }
  settings(settings: Partial<EmulatorSettings>) {
    return this.call<EmulatorSettings>("PUT", "settings", settings);
  }
  requests() {
    return this.call<RequestStats>("GET", "requests");
  }
  resetRequests() {
    return this.call("DELETE", "requests");
  }
}
