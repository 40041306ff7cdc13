// From PreviewData to one view per resource of this package: the engine's step (op, inputs, what
// changed), the provider's lines about it (findings, warnings, plan), and the errors the engine
// reported for it. Resources of other packages are only counted.
import { renderFinding, type Finding } from "../../provider/src/core/findings";
import {
  RESOURCE_KINDS,
  type InvalidFinding,
  type PreviewData,
  type RepositoryChanges,
  type ResourceKind,
  type ResourceView,
} from "./model";
import { parseFindingLine, parseProviderLine } from "./provider-lines";
import { isSecret, isUnknown } from "./secrets";
import { urnName, urnType } from "./parse";

export interface Analysis {
  /** `<project>/<stack>` from the URNs, when any. */
  stackLabel?: string;
  failed: boolean;
  views: ResourceView[];
  /** Errors the engine reported about no resource of this package. */
  otherErrors: string[];
  /** Steps of resources of other packages, by op. */
  otherChanges: Record<string, number>;
  /** Whether the provider logged any line, and any finding record (PULUMI_SCM_FINDINGS=json). */
  providerLines: boolean;
  findingsEmitted: boolean;
  invalidFindings: InvalidFinding[];
}

/** Inputs the engine sets or the SDK adds, never worth showing as "changed". */
const PLUMBING = new Set(["__provider", "resourceName"]);

/** A finding onto its resource's view (the last record of a type wins, as a later check supersedes). */
function attach(view: ResourceView, finding: Finding): void {
  if (finding.type === "token") view.findings = finding;
  else if (finding.type === "connection-access") view.access = finding;
  else if (finding.type === "resolved-repositories") view.resolved = finding;
  else view.refusal = finding;
}

/** The sentences the view's findings were logged as: the records say them already. */
function withoutFindingSentences(view: ResourceView): void {
  const sentences = new Set(
    [view.findings, view.access, view.resolved, view.refusal].filter((f) => f !== undefined).map(renderFinding),
  );
  view.infos = view.infos.filter((i) => !sentences.has(i));
}

export function resourceKind(type: string): ResourceKind | undefined {
  const m = /(?:^|[:/])scm-integrations:(\w+)$/.exec(type);
  const kind = m?.[1];
  return kind && (RESOURCE_KINDS as readonly string[]).includes(kind) ? (kind as ResourceKind) : undefined;
}

function stackLabel(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

/** The engine's wording around a resource's error, removed: what is left is the provider's message. */
function cleanError(message: string, kind: ResourceKind | undefined, name: string): string {
  let text = message.trim();
  const problem = /^\S+ resource '[^']*' has a problem: /.exec(text);
  if (problem) text = text.slice(problem[0].length);
  if (kind && text.startsWith(`${kind}: `)) text = text.slice(kind.length + 2);
  if (kind && text.startsWith(`${kind} ${name}: `)) text = text.slice(kind.length + name.length + 3);
  return text;
}

/** Top-level input names from diffReasons and the detailed diff's paths (`integration.token` → `integration`). */
function changedInputs(diffKeys: string[], detailedDiff: Record<string, string>): string[] {
  const keys = new Set<string>();
  for (const k of diffKeys) keys.add(k);
  for (const path of Object.keys(detailedDiff)) keys.add(/^[^.[]+/.exec(path)?.[0] ?? path);
  return [...keys].filter((k) => !PLUMBING.has(k)).sort();
}

export function analyse(data: PreviewData): Analysis {
  const views = new Map<string, ResourceView>();
  const byUrn = new Map<string, ResourceView>();
  const otherChanges: Record<string, number> = {};
  const otherErrors: string[] = [];
  const invalidFindings: InvalidFinding[] = [];
  let providerLines = false;
  let findingsEmitted = false;
  let label: string | undefined;

  const viewFor = (kind: ResourceKind, name: string, urn?: string): ResourceView => {
    const key = `${kind}/${name}`;
    let view = views.get(key);
    if (!view) {
      view = { kind, name, action: "same", changedInputs: [], replaceKeys: [], infos: [], warnings: [], errors: [] };
      views.set(key, view);
    }
    if (urn && !view.urn) {
      view.urn = urn;
      byUrn.set(urn, view);
    }
    return view;
  };

  for (const step of data.steps) {
    label ??= stackLabel(step.urn);
    const kind = resourceKind(step.type);
    if (!kind) {
      if (step.op !== "same") otherChanges[step.op] = (otherChanges[step.op] ?? 0) + 1;
      continue;
    }
    const view = viewFor(kind, urnName(step.urn), step.urn);
    view.action = step.op;
    view.changedInputs = changedInputs(step.diffKeys, step.detailedDiff);
    view.replaceKeys = step.replaceKeys.filter((k) => !PLUMBING.has(k));
    if (Object.keys(step.detailedDiff).length) view.detailedDiffPaths = Object.keys(step.detailedDiff);
    // `pulumi preview --json` leaves unchanged resources out; so that both formats give the same
    // report, an unchanged resource is described by the provider's lines only.
    if (step.op === "same") continue;
    if (step.oldInputs) view.oldInputs = step.oldInputs;
    if (step.oldOutputs) view.oldOutputs = step.oldOutputs;
    if (step.newInputs) view.newInputs = step.newInputs;
  }

  for (const d of data.diagnostics) {
    if (d.urn) label ??= stackLabel(d.urn);
    if (d.severity === "error") {
      const type = d.urn ? urnType(d.urn) : "";
      const kind = resourceKind(type);
      if (d.urn && kind) {
        const view = byUrn.get(d.urn) ?? viewFor(kind, urnName(d.urn), d.urn);
        const text = cleanError(d.message, kind, view.name);
        if (!view.errors.includes(text)) view.errors.push(text);
      } else if (!otherErrors.includes(d.message.trim())) {
        otherErrors.push(d.message.trim());
      }
      continue;
    }
    for (const line of d.message.split(/\r?\n/)) {
      const parsed = parseProviderLine(line);
      if (!parsed) continue;
      providerLines = true;
      const view = viewFor(parsed.kind, parsed.name);
      if (parsed.level === "warning") {
        if (!view.warnings.includes(parsed.message)) view.warnings.push(parsed.message);
        continue;
      }
      const record = parseFindingLine(parsed.message);
      if (record && "finding" in record) {
        findingsEmitted = true;
        attach(view, record.finding);
      } else if (record) {
        findingsEmitted = true;
        invalidFindings.push({ kind: parsed.kind, name: parsed.name, reason: record.invalid, text: parsed.message });
      } else if (!view.infos.includes(parsed.message)) view.infos.push(parsed.message);
    }
  }
  for (const view of views.values()) withoutFindingSentences(view);

  // A resource the engine never planned (its check or diff failed) has no step: it failed.
  for (const view of views.values()) {
    if (!view.urn && view.errors.length === 0) continue;
    if (view.errors.length > 0 && !data.steps.some((s) => s.urn === view.urn)) view.action = "failed";
  }

  const order = (v: ResourceView) => RESOURCE_KINDS.indexOf(v.kind);
  const sorted = [...views.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  return {
    ...(label ? { stackLabel: label } : {}),
    failed: data.failed,
    views: sorted,
    otherErrors,
    otherChanges,
    providerLines,
    findingsEmitted,
    invalidFindings,
  };
}

function namesOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null || isUnknown(value) || isSecret(value)) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "object") return Object.keys(value);
  return undefined;
}

/** Repositories a RepositoryImport adds to and removes from its desired list (resolvedRepositories, old vs new). */
export function repositoryChanges(view: ResourceView): RepositoryChanges {
  const sort = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));
  const oldNames = namesOf(view.oldInputs?.resolvedRepositories) ?? [];
  if (view.action === "delete") {
    // Deleting the resource removes what it imported itself (its `owned` output).
    const owned = namesOf(view.oldOutputs?.owned) ?? oldNames;
    return { known: true, added: [], removed: sort(owned), desired: 0 };
  }
  if (view.action === "same") return { known: true, added: [], removed: [], desired: oldNames.length || undefined };
  const newNames = namesOf(view.newInputs?.resolvedRepositories);
  if (newNames === undefined) return { known: false, added: [], removed: [] };
  const before = new Set(oldNames.map((n) => n.toLowerCase()));
  const after = new Set(newNames.map((n) => n.toLowerCase()));
  return {
    known: true,
    added: sort(newNames.filter((n) => !before.has(n.toLowerCase()))),
    removed: sort(oldNames.filter((n) => !after.has(n.toLowerCase()))),
    desired: newNames.length,
  };
}
