// What an update or a replacement changes, value by value: the inputs the engine named as changed,
// compared old against new down to the values that differ, as `path: old → new`. A reviewer reading
// "update (selector)" cannot tell `production` → `dev` from a harmless reorder; this says which.
// Secrets are only ever "[secret]" (their value, plaintext or not, is never read here), values known
// only after apply say so, and the repository lists are left to the added/removed lists.
import { code } from "./markdown";
import type { ResourceView } from "./model";
import { isSecret, isUnknown, SECRET_TEXT } from "./secrets";

export interface ValueChange {
  /** Property path as the engine writes it: `selector.topics`, `labels["a b"]`, `rules[0].name`. */
  path: string;
  /** Rendered for Markdown: inline code, "[secret]", "(none)" or "(known after apply)". */
  before: string;
  after: string;
  /** The new value is known only after apply (it flows from a resource this one depends on). */
  later: boolean;
}

/** Shown elsewhere (the repository lists) or set by the engine and the SDK. */
const NOT_SHOWN = new Set(["resolvedRepositories", "__provider", "resourceName"]);
/** A value longer than this is cut: the comment is for reading, the full value is in the code. */
const MAX_VALUE_CHARS = 80;

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isSecret(value);
}

/** A list of plain values is shown whole (`["production"]`), not element by element. */
function isScalarList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.every((v) => isScalar(v) || isSecret(v) || isUnknown(v));
}

function render(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (isSecret(value)) return SECRET_TEXT;
  if (isUnknown(value)) return "(known after apply)";
  if (isScalar(value)) return code(cut(String(value)));
  if (isScalarList(value))
    return code(
      cut(`[${value.map((v) => (isSecret(v) ? SECRET_TEXT : isUnknown(v) ? "?" : JSON.stringify(v))).join(", ")}]`),
    );
  return code(cut(JSON.stringify(value)));
}

function childPath(parent: string, key: string): string {
  if (/^\d+$/.test(key)) return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The differing values under `path`. Two secrets cannot be compared (the preview blinds them, or
 * carries plaintext that must not be read), so they count as changed only where the engine said so.
 */
function walk(path: string, before: unknown, after: unknown, enginePaths: Set<string>, out: ValueChange[]): void {
  if (isSecret(before) && isSecret(after)) {
    if (enginePaths.has(path)) out.push({ path, before: SECRET_TEXT, after: SECRET_TEXT, later: false });
    return;
  }
  if (isSecret(before) || isSecret(after) || isUnknown(before) || isUnknown(after)) {
    if (!sameValue(before, after))
      out.push({ path, before: render(before), after: render(after), later: isUnknown(after) });
    return;
  }
  const bothLists = Array.isArray(before) && Array.isArray(after);
  if ((isRecord(before) || isRecord(after) || bothLists) && !isScalarList(before) && !isScalarList(after)) {
    const keys = new Set([...Object.keys((before as object) ?? {}), ...Object.keys((after as object) ?? {})]);
    for (const key of keys) {
      const child = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined);
      walk(childPath(path, key), child(before), child(after), enginePaths, out);
    }
    return;
  }
  if (!sameValue(before, after)) out.push({ path, before: render(before), after: render(after), later: false });
}

/** The engine's detailed-diff paths, with `[0]` / `["k"]` forms as they are written. */
function enginePathsOf(view: ResourceView): Set<string> {
  return new Set([...view.changedInputs, ...(view.detailedDiffPaths ?? [])]);
}

/** The value changes of an update or a replacement; nothing for other actions or missing inputs. */
export function valueChanges(view: ResourceView): ValueChange[] {
  if (view.action !== "update" && view.action !== "replace") return [];
  if (!view.oldInputs || !view.newInputs) return [];
  const out: ValueChange[] = [];
  const enginePaths = enginePathsOf(view);
  for (const key of view.changedInputs) {
    if (NOT_SHOWN.has(key)) continue;
    walk(key, view.oldInputs[key], view.newInputs[key], enginePaths, out);
  }
  return out;
}
