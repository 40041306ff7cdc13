// Which handler serves a type token, and the per-resource facts the native layer needs, all from the
// code generated from schema.json (so tokens here are the ones the engine prints in URNs).
import type { ResourceKind } from "../index";
import {
  integrationInputKeys,
  integrationReplaceOnChanges,
  integrationSecretInputPaths,
  integrationSecretOutputs,
  integrationToken,
  orgConnectionInputKeys,
  orgConnectionReplaceOnChanges,
  orgConnectionSecretInputPaths,
  orgConnectionSecretOutputs,
  orgConnectionToken,
  repositoryImportInputKeys,
  repositoryImportReplaceOnChanges,
  repositoryImportSecretInputPaths,
  repositoryImportSecretOutputs,
  repositoryImportToken,
  snykCodeSettingsInputKeys,
  snykCodeSettingsReplaceOnChanges,
  snykCodeSettingsSecretInputPaths,
  snykCodeSettingsSecretOutputs,
  snykCodeSettingsToken,
} from "../resources/schema.generated";

export interface KindFacts {
  readonly kind: ResourceKind;
  readonly token: string;
  readonly inputKeys: readonly string[];
  /** Dotted input paths whose change replaces the resource. */
  readonly replaceOnChanges: readonly string[];
  /** Dotted input paths that hold secrets (check returns them wrapped). */
  readonly secretInputPaths: readonly string[];
  /** Output properties schema.json marks secret (every output bag returns them wrapped). */
  readonly secretOutputs: readonly string[];
}

// A Record over ResourceKind: a resource added to provider/src/index.ts fails to compile here until
// the native plugin serves it too.
const FACTS: Record<ResourceKind, KindFacts> = {
  Integration: {
    kind: "Integration",
    token: integrationToken,
    inputKeys: integrationInputKeys,
    replaceOnChanges: integrationReplaceOnChanges,
    secretInputPaths: integrationSecretInputPaths,
    secretOutputs: integrationSecretOutputs,
  },
  OrgConnection: {
    kind: "OrgConnection",
    token: orgConnectionToken,
    inputKeys: orgConnectionInputKeys,
    replaceOnChanges: orgConnectionReplaceOnChanges,
    secretInputPaths: orgConnectionSecretInputPaths,
    secretOutputs: orgConnectionSecretOutputs,
  },
  RepositoryImport: {
    kind: "RepositoryImport",
    token: repositoryImportToken,
    inputKeys: repositoryImportInputKeys,
    replaceOnChanges: repositoryImportReplaceOnChanges,
    secretInputPaths: repositoryImportSecretInputPaths,
    secretOutputs: repositoryImportSecretOutputs,
  },
  SnykCodeSettings: {
    kind: "SnykCodeSettings",
    token: snykCodeSettingsToken,
    inputKeys: snykCodeSettingsInputKeys,
    replaceOnChanges: snykCodeSettingsReplaceOnChanges,
    secretInputPaths: snykCodeSettingsSecretInputPaths,
    secretOutputs: snykCodeSettingsSecretOutputs,
  },
};

export const KINDS: readonly KindFacts[] = Object.values(FACTS);

/** `urn:pulumi:stack::project::scm-integrations:index:Integration::github` → its facts. */
export function kindOfUrn(urn: string): KindFacts {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const facts = KINDS.find((k) => k.token === type);
  if (!facts) {
    throw new Error(`unknown resource type "${type}"; this provider serves ${KINDS.map((k) => k.token).join(", ")}`);
  }
  return facts;
}

/** The resource's name (the last URN segment): handlers prefix their log lines with it. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/**
 * The ownership marker `<project>/<stack>/<resource>` a RepositoryImport stamps on what it imports,
 * from its URN (`urn:pulumi:<stack>::<project>::<type>::<name>`): the same string the TypeScript SDK
 * builds from pulumi.getProject() / getStack() (sdk/repository-import.ts), so a stack moving between
 * the dynamic and the native provider still recognises its own imports.
 */
export function ownerOfUrn(urn: string): string {
  const [head = "", project = ""] = urn.split("::");
  const stack = head.replace(/^urn:pulumi:/, "");
  return `${project}/${stack}/${nameOfUrn(urn)}`;
}
