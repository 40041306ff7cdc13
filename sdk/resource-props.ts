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

/**
 * Delete before replace, unless the program says otherwise. Each of these resources stands for an
 * object the platform holds once per organization (Snyk: one integration per SCM type; Semgrep: one
 * SCM config per organization; the imports of one organization), so a replacement created before the
 * old one is deleted would take over the same object, and the old one's delete would then remove it
 * (credentials, config or imports) from under the new one. The provider's diff asks for this on
 * replacements it decides, but a user-forced `pulumi up --replace` never calls the provider's diff
 * (the engine blames `id` and uses only the resource option: pkg/resource/deploy/step_generator.go).
 */
export function deletedBeforeReplaced(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { deleteBeforeReplace: true, ...opts };
}

/**
 * A RepositoryImport on Snyk is created before the one it replaces is deleted: the replacement
 * recognises the imports by their owner marker, keeps them and stamps its id on them, so the old
 * one's delete leaves them (provider/src/resources/repository-import-handover.ts) and their Snyk
 * project ids, with Snyk's issue history, stay; delete-before-replace would delete and re-import them.
 * Elsewhere (Semgrep, whose delete stops scans and keeps the project, or a platform not known while
 * the program runs) delete before replace, as for every resource. The program's own choice wins.
 */
export function importReplacementOptions(
  platform: unknown,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return platform === "snyk" ? { deleteBeforeReplace: false, ...opts } : deletedBeforeReplaced(opts);
}
