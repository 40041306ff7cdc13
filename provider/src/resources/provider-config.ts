// Provider-wide settings: platform credentials and API roots. They come from stack config (the engine
// hands the whole stack config, secrets decrypted, to configure) or the environment — never from
// resource inputs, so no platform token is ever written to state. The variables, their environment
// fallbacks and defaults are generated from schema.json.
import { parseAllowedHosts, type HostAllowList } from "../core/allowed-hosts";
import { scaledClock, systemClock, type Clock } from "../core/clock";
import { rememberSecret } from "../core/redact";
import { readProviderConfig, type ProviderConfig } from "./schema.generated";

export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

export type ProviderSettings = ProviderConfig;

let configured: ProviderSettings | undefined;

function settingsFrom(lookup: (key: string) => string | undefined): ProviderSettings {
  const config = readProviderConfig(lookup);
  rememberSecret(config.snykToken);
  rememberSecret(config.semgrepToken);
  return config;
}

export function configureProvider(request: ConfigureRequest): void {
  const settings = settingsFrom((key) => request.config.get(key));
  scmHostAllowLists(settings); // a malformed list fails configure, naming its key, before any resource runs
  configured = settings;
}

/** The pipeline's list of SCM hosts (see `allowedScmHosts` in schema.json); read apart from the stack's on purpose. */
export const ALLOWED_SCM_HOSTS_ENV = "SCM_INTEGRATIONS_ALLOWED_SCM_HOSTS";

/**
 * Every allow-list of SCM hosts in force: the stack's (`scm-integrations:allowedScmHosts`) and the
 * pipeline's (its environment). Both apply when both are set, which is why the environment variable is
 * not the config key's fallback: a fallback would let stack config, which a pull request can edit,
 * replace the pipeline's list.
 */
export function scmHostAllowLists(
  settings: ProviderSettings = providerSettings(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): HostAllowList[] {
  const lists: HostAllowList[] = [];
  if (settings.allowedScmHosts !== undefined && settings.allowedScmHosts.trim() !== "") {
    lists.push(parseAllowedHosts(settings.allowedScmHosts, "scm-integrations:allowedScmHosts"));
  }
  const fromEnv = env[ALLOWED_SCM_HOSTS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    lists.push(parseAllowedHosts(fromEnv, `the environment variable ${ALLOWED_SCM_HOSTS_ENV}`));
  }
  return lists;
}

/** The settings in force: from configure() when the engine called it, else from the environment. */
export function providerSettings(): ProviderSettings {
  return configured ?? settingsFrom(() => undefined);
}

/** Tests: forget what configure() set. */
export function resetProviderSettings(): void {
  configured = undefined;
}

let installedClock: Clock | undefined;
// One clock per scale, so the per-key rate limiters (kept per clock) are shared across calls.
const scaledClocks = new Map<number, Clock>();

/**
 * The clock every wait of the resources' clients goes through (rate limiters, retries, Retry-After,
 * job and task polls). The system clock; with SCM_INTEGRATIONS_DELAY_SCALE (a test and demo knob of
 * the environment only: the e2e suite and the demo start the provider through the CLI), the system
 * clock with every wait scaled by it; in tests, the clock they installed.
 */
export function providerClock(): Clock {
  if (installedClock) return installedClock;
  const scale = Number(process.env.SCM_INTEGRATIONS_DELAY_SCALE ?? "1");
  if (!Number.isFinite(scale) || scale <= 0 || scale === 1) return systemClock;
  let clock = scaledClocks.get(scale);
  if (!clock) scaledClocks.set(scale, (clock = scaledClock(systemClock, scale)));
  return clock;
}

/** Tests: run the resources' clients on this clock (a virtual one); returns the previous. Production never calls it. */
export function setProviderClock(clock: Clock): Clock | undefined {
  const previous = installedClock;
  installedClock = clock;
  return previous;
}

/** Tests: back to the clock production uses. */
export function resetProviderClock(): void {
  installedClock = undefined;
}
