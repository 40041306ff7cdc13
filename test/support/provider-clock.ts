// Resource-handler tests: the clients the handlers build (through resources/services.ts) and the
// emulators they call run on one virtual clock, so rate limiters, retries, Retry-After and job and task
// polls take no real time, and the emulators' rate windows see the same time the provider waits on.
import { resetProviderClock, setProviderClock } from "../../provider/src/resources/provider-config";
import type { EmulatorClock } from "../emulators/host";
import { VirtualClock } from "./virtual-clock";

interface ClockedHost {
  useClock(clock?: EmulatorClock): void;
}

/** Put the provider and these emulators on a new virtual clock; returns it. */
export function runOnVirtualClock(hosts: readonly ClockedHost[]): VirtualClock {
  const clock = new VirtualClock();
  setProviderClock(clock);
  for (const host of hosts) host.useClock(clock);
  return clock;
}

/** Back to the clock production uses, and real time for these emulators. */
export function backToRealTime(hosts: readonly ClockedHost[]): void {
  resetProviderClock();
  for (const host of hosts) host.useClock();
}
