// Provider-wide settings: platform credentials and API roots. They come from stack config (the engine
// hands the whole stack config, secrets decrypted, to configure) or the environment — never from
// resource inputs, so no platform token is ever written to state.
import { rememberSecret } from "../core/redact";

export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

export interface ProviderSettings {
  snykToken?: string;
  snykRegion?: string;
  snykApiUrl?: string;
  semgrepToken?: string;
  semgrepApiUrl?: string;
  /** Replaces https://api.github.com for the `github` SCM (proxies, emulators). */
  githubApiUrl?: string;
  /** Replaces https://gitlab.com/api/v4 for the `gitlab` SCM. */
  gitlabApiUrl?: string;
  /** Allow http:// to loopback hosts (tests and the demo only). */
  allowInsecureLoopback: boolean;
  /** Scales every retry and poll wait; 1 in real use. Tests and the demo shrink it. */
  delayScale: number;
}

/** Config key (in the `scm-integrations` namespace, or the project's) → environment fallback. */
const SETTINGS: { key: keyof ProviderSettings; env: string[]; secret?: boolean }[] = [
  { key: "snykToken", env: ["SNYK_TOKEN"], secret: true },
  { key: "snykRegion", env: ["SNYK_REGION"] },
  { key: "snykApiUrl", env: ["SNYK_API_URL"] },
  { key: "semgrepToken", env: ["SEMGREP_APP_TOKEN", "SEMGREP_API_TOKEN"], secret: true },
  { key: "semgrepApiUrl", env: ["SEMGREP_API_URL"] },
  { key: "githubApiUrl", env: ["SCM_INTEGRATIONS_GITHUB_API_URL"] },
  { key: "gitlabApiUrl", env: ["SCM_INTEGRATIONS_GITLAB_API_URL"] },
  { key: "allowInsecureLoopback", env: ["SCM_INTEGRATIONS_ALLOW_INSECURE_LOOPBACK"] },
  { key: "delayScale", env: ["SCM_INTEGRATIONS_DELAY_SCALE"] },
];

export const CONFIG_NAMESPACE = "scm-integrations";

let configured: ProviderSettings | undefined;

function parse(lookup: (key: string) => string | undefined): ProviderSettings {
  const raw: Record<string, string | undefined> = {};
  for (const setting of SETTINGS) {
    let value = lookup(setting.key);
    for (const env of setting.env) value ??= nonEmpty(process.env[env]);
    if (setting.secret) rememberSecret(value);
    raw[setting.key] = value;
  }
  const delayScale = Number(raw.delayScale ?? "1");
  const settings: ProviderSettings = {
    allowInsecureLoopback: raw.allowInsecureLoopback === "true",
    delayScale: Number.isFinite(delayScale) && delayScale > 0 ? delayScale : 1,
  };
  for (const key of ["snykToken", "snykRegion", "snykApiUrl", "semgrepToken", "semgrepApiUrl", "githubApiUrl", "gitlabApiUrl"] as const) {
    const value = raw[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export function configureProvider(request: ConfigureRequest): void {
  configured = parse((key) => nonEmpty(request.config.get(`${CONFIG_NAMESPACE}:${key}`)) ?? nonEmpty(request.config.get(key)));
}

/** The settings in force: from configure() when the engine called it, else from the environment. */
export function providerSettings(): ProviderSettings {
  return configured ?? parse(() => undefined);
}

/** Tests: forget what configure() set. */
export function resetProviderSettings(): void {
  configured = undefined;
}
