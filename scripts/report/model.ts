// The one internal model both inputs map to (`pulumi preview --json` and the engine's event log), and
// the per-resource view the Markdown is rendered from.
import type {
  ConnectionAccessFinding,
  DeletionRefusalFinding,
  ResolvedRepositoriesFinding,
  TokenFinding,
} from "../../provider/src/core/findings";

/** A resource step of the preview, whichever format it came from. */
export interface PreviewStep {
  op: string;
  urn: string;
  /** Resource type token, e.g. `pulumi-nodejs:dynamic/scm-integrations:Integration`. */
  type: string;
  /** Inputs as the engine holds them; secrets are whatever the format carried (see secrets.ts). */
  oldInputs?: Record<string, unknown>;
  oldOutputs?: Record<string, unknown>;
  newInputs?: Record<string, unknown>;
  /** Top-level keys whose change the engine reported (diffReasons / diffs). */
  diffKeys: string[];
  /** Keys that force a replacement (replaceReasons / keys). */
  replaceKeys: string[];
  /** Property paths of the detailed diff, e.g. `resolvedRepositories["acme/api"]` → `add`. */
  detailedDiff: Record<string, string>;
}

export interface PreviewDiagnostic {
  urn?: string;
  /** `info`, `info#err`, `warning`, `error` (debug ones are dropped when read). */
  severity: string;
  message: string;
}

/** What a preview said, independent of the format it was read from. */
export interface PreviewData {
  format: "preview-json" | "event-log";
  steps: PreviewStep[];
  diagnostics: PreviewDiagnostic[];
  changeSummary?: Record<string, number>;
  /** True when the engine said the preview failed (the event log's summary says so; the digest only through error diagnostics). */
  failed: boolean;
}

export type ResourceKind = "Integration" | "OrgConnection" | "RepositoryImport";
export const RESOURCE_KINDS: readonly ResourceKind[] = ["Integration", "OrgConnection", "RepositoryImport"];

/** What a preview will do to a resource: the engine's op, or `failed` when it never got a step. */
export type Action = "create" | "update" | "replace" | "delete" | "same" | "failed" | (string & {});

export interface ResourceView {
  kind: ResourceKind;
  name: string;
  urn?: string;
  action: Action;
  /** Inputs whose change the engine reported, top-level names. */
  changedInputs: string[];
  replaceKeys: string[];
  /** The property paths the engine's detailed diff named (`selector.topics[0]`), when it had one. */
  detailedDiffPaths?: string[];
  oldInputs?: Record<string, unknown>;
  oldOutputs?: Record<string, unknown>;
  newInputs?: Record<string, unknown>;
  /** Provider lines for this resource (prefix removed), in order. */
  infos: string[];
  warnings: string[];
  /** Engine errors about this resource, cleaned of the engine's boilerplate. */
  errors: string[];
  /** The provider's findings about this resource (core/findings.ts records), when it emitted them. */
  findings?: TokenFinding;
  access?: ConnectionAccessFinding;
  resolved?: ResolvedRepositoriesFinding;
  refusal?: DeletionRefusalFinding;
}

/** A `finding:` line the schema rejects: shown in the report, never dropped. */
export interface InvalidFinding {
  kind: ResourceKind;
  name: string;
  reason: string;
  text: string;
}

export interface RepositoryChanges {
  /** False when the new list is known only after apply. */
  known: boolean;
  added: string[];
  removed: string[];
  /** Size of the desired list after this change (undefined when unknown). */
  desired?: number;
}
