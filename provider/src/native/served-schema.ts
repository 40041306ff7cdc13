// The package schema as the plugin serves it (GetSchema) and as the SDKs are generated from it:
// schema.json with the plugin's version, and the provider resource's inputs. schema.json declares the
// settings once, as `config.variables` (stack config of the default provider); an explicit provider
// (`pulumi:providers:scm-integrations`, one per Snyk organization or region) takes the same settings
// as its inputs, so they are derived here rather than written twice. (Pulumi schema: `provider` is
// the provider resource, its inputProperties are what `new Provider(...)` accepts.)
// Defaults and environment fallbacks are left to the plugin, which applies them itself whichever
// provider it serves (readProviderConfig): SDKs need not repeat them, and Pulumi's Go generator
// (pkg/v3 v3.276.0) emits code that does not compile for an enum-typed input with a default.
type Spec = Record<string, unknown> & { config?: { variables?: Record<string, Record<string, unknown>> } };

function providerInput(variable: Record<string, unknown>): Record<string, unknown> {
  const { default: _default, defaultInfo: _defaultInfo, ...rest } = variable;
  return rest;
}

export function servedSchema(schemaText: string, version: string): string {
  const spec = JSON.parse(schemaText) as Spec;
  const variables = Object.fromEntries(
    Object.entries(spec.config?.variables ?? {}).map(([name, variable]) => [name, providerInput(variable)]),
  );
  const provider = spec.provider ?? {
    description:
      "The scm-integrations provider: platform credentials and API roots. The default provider reads them from stack config `scm-integrations:<key>` or the environment; declare an explicit provider for each Snyk organization or region that needs other settings.",
    inputProperties: variables,
  };
  return JSON.stringify({ ...spec, version, provider }, null, 2);
}
