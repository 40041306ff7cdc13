// How the SDK classes turn user arguments into dynamic-resource props: output-only properties are
// passed as undefined keys (only keys present become Output properties), secret outputs are
// declared up front (the engine marks only inputs that were secret), and the resource name rides
// along so provider log lines can say which resource they are about.
import type * as pulumi from "@pulumi/pulumi";

/** The Output-typed view of a plain outputs interface, for declaration-merging onto a class. */
export type OutputProperties<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

export function resourceProps(
  name: string,
  args: object,
  outputOnly: readonly string[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of outputOnly) props[key] = undefined;
  return { ...props, ...args, ...overrides, resourceName: name };
}

export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[],
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs])],
  };
}
