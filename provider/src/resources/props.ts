// The property bags handlers pass around: inputs picked from stored outputs, the SDK's internal fields,
// undefined-free outputs, and which changes are known to replace a resource during a preview.
import type { Props } from "./handler";
import { replacementKeys, UNKNOWN_VALUE, unknownPaths } from "./schema-support";

/** Pick the input keys out of stored outputs (read returns inputs so refresh rebases them). */
export function pickInputs(outputs: Props, inputKeys: readonly string[]): Props {
  const inputs: Props = {};
  for (const key of inputKeys) if (outputs[key] !== undefined) inputs[key] = outputs[key];
  return inputs;
}

/** Remove keys whose value is undefined, so outputs never carry explicit undefineds into state. */
export function compact<T extends Props>(props: T): T {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out as T;
}

/**
 * Fields the SDK adds to every resource's inputs that are not part of schema.json: `resourceName`
 * (the engine does not tell a dynamic provider which resource it is serving; log lines need it) and,
 * on RepositoryImport, `owner` (`<project>/<stack>/<resource>`: the ownership marker it stamps on the
 * imports it makes, where the platform has project tags; the engine tells the program, not the
 * provider, which stack runs).
 */
export const INTERNAL_KEYS = ["resourceName", "owner"] as const;

export function internalFields(props: Props): { rest: Props; internal: Props } {
  const rest: Props = { ...props };
  const internal: Props = {};
  for (const key of INTERNAL_KEYS) {
    if (key in rest) internal[key] = rest[key];
    delete rest[key];
  }
  return { rest, internal };
}

/** Carry the internal fields from `from` into outputs, so refresh and diff see them unchanged. */
export function withInternal(outputs: Props, from: Props): Props {
  return { ...outputs, ...internalFields(from).internal };
}

/**
 * Top-level keys whose change replaces the resource, judged only on values known now. During a
 * preview an input that comes from a resource being updated is unknown; calling that a replacement
 * would show reviewers a replace that `up` (where the value is known) does not do.
 */
export function knownReplacementKeys(paths: readonly string[], olds: Props, news: Props): string[] {
  const known = paths.filter((path) => {
    let current: unknown = news;
    for (const key of path.split(".")) {
      if (current === UNKNOWN_VALUE) return false;
      if (current === null || typeof current !== "object") return true;
      current = (current as Props)[key];
    }
    return current !== UNKNOWN_VALUE;
  });
  return replacementKeys(known, olds, news);
}

/**
 * True when every value still unknown (during a preview) sits at one of `paths` — typically ids of
 * resources being created in the same run — so the rest of check can go ahead with known values.
 */
export function unknownOnlyAt(props: Props, paths: readonly string[]): boolean {
  return unknownPaths(props).every((path) => {
    const dotted = path.map(String).join(".");
    return paths.some((allowed) => dotted === allowed);
  });
}
