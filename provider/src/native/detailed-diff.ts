// Property-level diff for the engine's `detailedDiff`: one entry per changed leaf of the inputs, so
// `pulumi preview --diff` marks exactly what changes (one line per repository in a map or list of
// names) instead of the whole input bag. Path syntax is the engine's property path
// (`a.b`, `a[0]`, `a["acme/api"]`; pulumi/pulumi sdk/go/common/resource/property_path.go).
import { sameJson, UNKNOWN_VALUE } from "../resources/schema-support";

export type DiffKind = "add" | "delete" | "update";

export interface PropertyChange {
  readonly path: string;
  /** The top-level input key this change is under. */
  readonly key: string;
  readonly kind: DiffKind;
  /** Whether this change is one that replaces the resource. */
  readonly replace: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function join(parent: string, segment: string | number): string {
  if (typeof segment === "number") return `${parent}[${segment}]`;
  if (parent === "" && IDENTIFIER.test(segment)) return segment;
  return IDENTIFIER.test(segment) ? `${parent}.${segment}` : `${parent}[${JSON.stringify(segment)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string" && item !== UNKNOWN_VALUE);
}

type Segments = (string | number)[];

function collect(olds: unknown, news: unknown, path: Segments, out: { segments: Segments; kind: DiffKind }[]): void {
  if (olds === undefined || olds === null) {
    if (news !== undefined && news !== null) out.push({ segments: path, kind: "add" });
    return;
  }
  if (news === undefined || news === null) {
    out.push({ segments: path, kind: "delete" });
    return;
  }
  if (isRecord(olds) && isRecord(news)) {
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
    for (const key of keys) collect(olds[key], news[key], [...path, key], out);
    return;
  }
  // Lists of names (repositories, globs, topics) are sets to a reviewer: show what left and what came,
  // not every entry after an insertion as "changed".
  if (isStringList(olds) && isStringList(news)) {
    const before = new Set(olds);
    const after = new Set(news);
    olds.forEach((item, index) => {
      if (!after.has(item)) out.push({ segments: [...path, index], kind: "delete" });
    });
    news.forEach((item, index) => {
      if (!before.has(item)) out.push({ segments: [...path, index], kind: "add" });
    });
    return;
  }
  if (Array.isArray(olds) && Array.isArray(news)) {
    const length = Math.max(olds.length, news.length);
    for (let index = 0; index < length; index++) collect(olds[index], news[index], [...path, index], out);
    return;
  }
  if (!sameJson(olds, news)) out.push({ segments: path, kind: "update" });
}

function startsWith(path: Segments, prefix: readonly string[]): boolean {
  return prefix.every((segment, index) => index >= path.length || path[index] === segment);
}

/**
 * The changes between old and new inputs over `keys`. `replaces` are the top-level keys the handler
 * said replace the resource; within them only the schema's replace-on-change paths are marked as replacing.
 */
export function detailedDiff(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
  replaces: readonly string[],
  replaceOnChanges: readonly string[],
): PropertyChange[] {
  const found: { segments: Segments; kind: DiffKind }[] = [];
  for (const key of keys) collect(olds[key], news[key], [key], found);
  const replacePaths = replaceOnChanges.map((p) => p.split("."));
  return found.map(({ segments, kind }) => {
    const key = String(segments[0]);
    const replace = replaces.includes(key) && replacePaths.some((p) => p[0] === key && startsWith(segments, p));
    return { path: segments.reduce<string>((acc, s) => join(acc, s), ""), key, kind, replace };
  });
}
