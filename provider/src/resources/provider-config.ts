// Provider-wide settings: platform credentials and API roots. They come from stack config (the engine
// hands the whole stack config, secrets decrypted, to configure) or the environment — never from
// resource inputs, so no platform token is ever written to state. The variables, their environment
// fallbacks and defaults are generated from schema.json.
import { rememberSecret } from "../core/redact";
import { readProviderConfig, type ProviderConfig } from "./schema.generated";

export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

export interface ProviderSettings extends ProviderConfig {
  /** Scales every retry and poll wait; 1 in real use. A test / demo knob from the environment only. */
  delayScale: number;
}

let configured: ProviderSettings | undefined;

function settingsFrom(lookup: (key: string) => string | undefined): ProviderSettings {
  const config = readProviderConfig(lookup);
  rememberSecret(config.snykToken);
  rememberSecret(config.semgrepToken);
  const scale = Number(process.env.SCM_INTEGRATIONS_DELAY_SCALE ?? "1");
  return { ...config, delayScale: Number.isFinite(scale) && scale > 0 ? scale : 1 };
}

export function configureProvider(request: ConfigureRequest): void {
  configured = settingsFrom((key) => request.config.get(key));
}

/** The settings in force: from configure() when the engine called it, else from the environment. */
export function providerSettings(): ProviderSettings {
  return configured ?? settingsFrom(() => undefined);
}

/** Tests: forget what configure() set. */
export function resetProviderSettings(): void {
  configured = undefined;
}
