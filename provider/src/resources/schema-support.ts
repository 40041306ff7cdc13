// Runtime helpers for the code generated from schema.json (schema.generated.ts): field-naming zod
// messages, check() input validation that tolerates preview-time unknowns, replacement and secret
// paths, and provider configuration from stack config or environment. Schema-agnostic: every
// schema-specific fact arrives as generated data.
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { ScmIntegrationError } from "../core/errors";
import { describeSecret, describeValue, redact } from "../core/redact";

/** The key under which the dynamic-provider SDK stores the serialized provider in every input bag. */
export const PROVIDER_KEY = "__provider";

/** What the dynamic-provider server hands to check() in place of a value that is not known yet during
 *  a preview (`rpc.unknownValue` in @pulumi/pulumi runtime/rpc.js; check receives raw structs). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The parts of a zod issue the messages use (a structural subset, so any zod issue fits). */
interface IssueLike {
  readonly code?: string;
  readonly input?: unknown;
  readonly keys?: readonly string[];
}

/**
 * A zod `error` callback whose message names the field, what it accepts and what it got
 * (`concurrency must be an integer from 1 to 50, got 0`). Secret fields never show their value.
 */
export function fieldError(field: string, expected: string, options: { secret?: boolean } = {}) {
  return (issue: IssueLike): string => {
    if (issue.input === undefined) return `${field} is required: set it to ${expected}`;
    const got = options.secret ? describeSecret(issue.input) : describeValue(issue.input);
    return `${field} must be ${expected}, got ${got}`;
  };
}

/** A zod `error` callback for an object: names unknown keys and lists the accepted ones. */
export function objectError(field: string, allowed: readonly string[]) {
  return (issue: IssueLike): string => {
    const where = field === "" ? "inputs" : field;
    if (issue.code === "unrecognized_keys") {
      const keys = (issue.keys ?? []).map((key) => JSON.stringify(key)).join(", ");
      return `${where}: unknown property ${keys}; accepted properties are ${allowed.join(", ")}`;
    }
    if (issue.input === undefined) return `${field} is required: set it to an object with ${allowed.join(", ")}`;
    return `${where} must be an object with properties ${allowed.join(", ")}, got ${describeValue(issue.input)}`;
  };
}

/** A check failure as Pulumi's dynamic provider interface expects it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** `["selector", "visibility", 0]` → `selector.visibility[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** One failure per property (the first issue zod found there), messages scrubbed of secrets. */
export function checkFailures(issues: readonly z.core.$ZodIssue[]): CheckFailure[] {
  const failures = new Map<string, CheckFailure>();
  for (const issue of issues) {
    const properties =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => formatPath([...issue.path, key]))
        : [formatPath(issue.path)];
    for (const property of properties) {
      if (!failures.has(property)) failures.set(property, { property, reason: redact(issue.message) });
    }
  }
  return [...failures.values()];
}

export type CheckResult<T> =
  | {
      ok: true;
      /** Validated inputs with defaults filled. When `hasUnknowns`, leaves not yet known during a
       *  preview still hold UNKNOWN_VALUE: resolve nothing from them. */
      inputs: T;
      hasUnknowns: boolean;
    }
  | { ok: false; failures: CheckFailure[] };

/**
 * Validate check() inputs with a generated schema builder's result. The `__provider` key is set aside
 * (the SDK adds it back to what check returns). Values unknown during a preview are not judged: issues
 * at or below them are dropped, and the inputs come back with the top-level defaults filled.
 */
export function checkInputs<T>(
  schema: z.ZodType<T>,
  news: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
): CheckResult<T> {
  const bag: Record<string, unknown> = { ...news };
  delete bag[PROVIDER_KEY];
  const unknowns = unknownPaths(bag);
  const parsed = schema.safeParse(bag);
  if (parsed.success) return { ok: true, inputs: parsed.data, hasUnknowns: unknowns.length > 0 };
  const judged = parsed.error.issues.filter((issue) => !unknowns.some((path) => startsWith(issue.path, path)));
  if (judged.length > 0) return { ok: false, failures: checkFailures(judged) };
  const filled: Record<string, unknown> = { ...bag };
  for (const [key, value] of Object.entries(defaults)) if (filled[key] === undefined) filled[key] = value;
  return { ok: true, inputs: filled as T, hasUnknowns: true };
}

/**
 * Paths of every value equal to UNKNOWN_VALUE inside `value`. One path stack reused for the whole
 * walk: inputs carry maps of up to 100,000 repositories, and a fresh array per leaf adds up.
 */
export function unknownPaths(value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const at: PropertyKey[] = [];
  const walk = (current: unknown): void => {
    if (current === UNKNOWN_VALUE) {
      found.push([...at]);
      return;
    }
    if (current === null || typeof current !== "object") return;
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        at.push(index);
        walk(current[index]);
        at.pop();
      }
      return;
    }
    for (const key of Object.keys(current)) {
      at.push(key);
      walk((current as Record<string, unknown>)[key]);
      at.pop();
    }
  };
  walk(value);
  return found;
}

/**
 * Whether two property values are equal as JSON (the engine's view: a key holding undefined is no
 * key, key order does not matter), compared in place: serializing a 100,000-entry map to compare it
 * makes two multi-megabyte strings per diff.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  // By index, as the plan's loops (plan/reconcile.ts matchDesired): no iterator result per entry.
  const leftKeys = Object.keys(left);
  for (let i = 0; i < leftKeys.length; i++) {
    const key = leftKeys[i]!;
    if (left[key] === undefined) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(right, key) || !sameJson(left[key], right[key])) return false;
  }
  const rightKeys = Object.keys(right);
  for (let i = 0; i < rightKeys.length; i++) if (right[rightKeys[i]!] !== undefined) count--;
  return count === 0;
}

/** The keys whose values differ between old and new inputs (sameJson): the one comparison every diff makes. */
export function changedKeys(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
): string[] {
  return keys.filter((key) => !sameJson(olds[key] ?? null, news[key] ?? null));
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** The value at a dotted path (`integration.platform`), or undefined when any step is missing. */
export function valueAtPath(value: unknown, dottedPath: string): unknown {
  let current: unknown = value;
  for (const key of dottedPath.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Which of the generated replace-on-change paths differ between old outputs and new inputs. A value
 * unknown during a preview counts as changed: it may well change, and a preview that under-reports a
 * replacement is worse than one that over-reports it.
 */
export function changedPaths(paths: readonly string[], olds: unknown, news: unknown): string[] {
  return paths.filter((path) => {
    const next = valueAtPath(news, path);
    if (next === UNKNOWN_VALUE || unknownPaths(next).length > 0) return true;
    return !isDeepStrictEqual(valueAtPath(olds, path) ?? null, next ?? null);
  });
}

/** The top-level property names for diff's `replaces` (the engine expects property keys). */
export function replacementKeys(paths: readonly string[], olds: unknown, news: unknown): string[] {
  const keys = changedPaths(paths, olds, news).map((path) => path.split(".")[0] ?? path);
  return [...new Set(keys)].sort();
}

/** Every string found at the generated secret paths, to pass to `rememberSecret`. */
export function secretValues(paths: readonly string[], inputs: unknown): string[] {
  return paths.map((path) => valueAtPath(inputs, path)).filter((value): value is string => typeof value === "string");
}

/** One provider configuration variable, as generated from schema.json `config.variables`. */
export interface ConfigVariable {
  readonly name: string;
  /** Stack config key, namespaced by the package name (`scm-integrations:snykToken`). */
  readonly key: string;
  readonly type: "string" | "boolean";
  readonly secret: boolean;
  readonly environment: readonly string[];
  readonly default?: string | boolean;
  /** Accepted values, for enum-typed variables. */
  readonly values?: readonly string[];
}

/**
 * Read provider configuration: stack config `scm-integrations:<name>`, then the project-scoped
 * `<name>` (what `config.get(name)` sees in configure), then the environment variables, then the
 * schema default. Booleans accept true/false/1/0. Throws ScmIntegrationError naming the key.
 */
export function readConfigVariables(
  variables: readonly ConfigVariable[],
  lookup: (key: string) => string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string | boolean> {
  const result: Record<string, string | boolean> = {};
  for (const variable of variables) {
    const fromConfig = [variable.key, variable.name]
      .map((key) => ({ source: key, value: lookup(key) }))
      .find((candidate) => candidate.value !== undefined && candidate.value !== "");
    const fromEnv = variable.environment
      .map((name) => ({ source: `environment variable ${name}`, value: env[name] }))
      .find((candidate) => candidate.value !== undefined && candidate.value !== "");
    const found = fromConfig ?? fromEnv;
    if (found === undefined || found.value === undefined) {
      if (variable.default !== undefined) result[variable.name] = variable.default;
      continue;
    }
    const raw = found.value.trim();
    const shown = variable.secret ? describeSecret(raw) : describeValue(raw);
    const fix = `run \`pulumi config set ${variable.secret ? "--secret " : ""}${variable.key} <value>\`${
      variable.environment.length > 0 ? ` or set ${variable.environment.join(" / ")}` : ""
    }`;
    if (variable.type === "boolean") {
      const lowered = raw.toLowerCase();
      if (lowered !== "true" && lowered !== "false" && lowered !== "1" && lowered !== "0") {
        throw new ScmIntegrationError("invalid-input", `must be true or false (from ${found.source}), got ${shown}`, {
          field: variable.key,
          fix,
        });
      }
      result[variable.name] = lowered === "true" || lowered === "1";
      continue;
    }
    if (variable.values !== undefined && !variable.values.includes(raw)) {
      throw new ScmIntegrationError(
        "invalid-input",
        `must be one of ${variable.values.join(", ")} (from ${found.source}), got ${shown}`,
        { field: variable.key, fix },
      );
    }
    result[variable.name] = raw;
  }
  return result;
}
