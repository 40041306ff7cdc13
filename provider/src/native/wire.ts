// The engine's wire form of property values, for a provider that accepts secrets: a secret arrives
// as an object tagged with Pulumi's secret signature, an unknown (preview) as a sentinel string. The
// handlers work on plain values, so secrets are unwrapped on the way in (their paths remembered) and
// wrapped again on the way out. Signatures: pulumi/pulumi sdk/go/common/resource/properties.go
// (SecretSig, UnknownStringValue), mirrored by @pulumi/pulumi runtime/rpc.js (specialSigKey).
import type { Props } from "../resources/handler";

export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export type Path = readonly (string | number)[];

function isSecretValue(value: unknown): value is { value?: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

export function secret(value: unknown): unknown {
  return isSecretValue(value) ? value : { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** A property set as an own key, "__proto__" included (never the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Plain values with every secret unwrapped, and the paths where secrets were found. What holds no
 * secret is returned as it came, not copied: a RepositoryImport's state has an entry per repository.
 */
export function unwrapSecrets(props: Props): { plain: Props; secretPaths: Path[] } {
  const secretPaths: Path[] = [];
  const path: (string | number)[] = [];
  // Loops by index and by `for…in`, not `forEach` / `Object.entries`: on a state of 100,000
  // repositories, the [key, value] pair per entry that `Object.entries` allocates was 90 MB of
  // garbage per Diff call (a V8 sampling heap profile of the no-op preview).
  const walk = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (isSecretValue(value)) {
      secretPaths.push([...path]);
      return walk(value.value);
    }
    if (Array.isArray(value)) {
      const items = value as unknown[];
      let copy: unknown[] | undefined;
      for (let index = 0; index < items.length; index++) {
        const item = items[index];
        if (typeof item !== "object" || item === null) continue;
        path.push(index);
        const plain = walk(item);
        path.pop();
        if (plain !== item) (copy ??= [...items])[index] = plain;
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      if (typeof item !== "object" || item === null) continue;
      path.push(key);
      const plain = walk(item);
      path.pop();
      if (plain !== item) setOwn((copy ??= { ...record }), key, plain);
    }
    return copy ?? value;
  };
  return { plain: walk(props) as Props, secretPaths };
}

/** Wrap the value at each path (dotted schema paths or exact paths) as a secret; missing paths are skipped. */
export function wrapSecrets(props: Props, paths: readonly (Path | string)[]): Props {
  let result: unknown = props;
  const sorted = paths
    .map((p) => (typeof p === "string" ? p.split(".") : [...p]))
    // Deepest first, so wrapping a parent never hides a child path still to be wrapped.
    .sort((a, b) => b.length - a.length);
  for (const path of sorted) result = wrapAt(result, path);
  return result as Props;
}

function wrapAt(value: unknown, path: Path): unknown {
  if (path.length === 0) return value === undefined ? value : secret(value);
  const [head, ...rest] = path;
  if (isSecretValue(value)) return value; // already secret as a whole
  if (Array.isArray(value) && typeof head === "number" && head < value.length) {
    const copy = [...(value as unknown[])];
    copy[head] = wrapAt(copy[head], rest);
    return copy;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value) && String(head) in value) {
    const record = value as Props;
    return { ...record, [String(head)]: wrapAt(record[String(head)], rest) };
  }
  return value;
}
