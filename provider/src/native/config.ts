// Provider configuration as the engine sends it to a native provider: the provider resource's inputs
// (stack config `scm-integrations:<key>` for the default provider, the arguments of an explicit
// `new scm.Provider(...)` otherwise), keyed by the schema's config variable names. CheckConfig refuses
// a bad value naming the key; Configure installs the settings the handlers read (configureProvider).
import { errorMessage, isScmIntegrationError } from "../core/errors";
import { configureProvider } from "../resources/provider-config";
import { readProviderConfig } from "../resources/schema.generated";
import { packageName } from "../resources/schema.generated";
import type { Props } from "../resources/handler";
import { unwrapSecrets } from "./wire";

export interface ConfigFailure {
  property: string;
  reason: string;
}

/** Engine values are typed (a YAML `true` is a boolean) or strings (stack config): read them as the
 *  dynamic provider reads stack config, as text. The `version` key is the engine's, not ours. */
function lookupIn(config: Props): (key: string) => string | undefined {
  const plain = unwrapSecrets(config).plain;
  return (key) => {
    const name = key.startsWith(`${packageName}:`) ? key.slice(packageName.length + 1) : key;
    const value = plain[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  };
}

export function checkConfig(news: Props): ConfigFailure[] {
  try {
    readProviderConfig(lookupIn(news));
    return [];
  } catch (e) {
    if (isScmIntegrationError(e) && e.field) {
      const name = e.field.startsWith(`${packageName}:`) ? e.field.slice(packageName.length + 1) : e.field;
      const reason = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
      return [{ property: name, reason: `${e.field}: ${reason}` }];
    }
    return [{ property: "", reason: errorMessage(e) }];
  }
}

export function configure(args: Props): void {
  configureProvider({ config: { get: lookupIn(args) } });
}
