// Small pieces every resource handler shares: errors as check failures, errors that carry partial
// state, the SDK's transport field, token fingerprints.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { errorMessage, isScmIntegrationError, type ScmIntegrationError } from "../core/errors";
import { carriesCredential, redact } from "../core/redact";
import type { Props } from "./handler";
import { replacementKeys, UNKNOWN_VALUE, unknownPaths } from "./schema-support";

/**
 * A transient fault of a service (5xx after retries, rate limits after retries, no answer in time):
 * none of the inputs is wrong, so a failure must not name one.
 */
export function isOutage(e: unknown): boolean {
  if (!isScmIntegrationError(e)) return false;
  const outageKinds = ["server-error", "rate-limited"];
  if (outageKinds.includes(e.kind)) return true;
  // A listing cut short by such faults says so in causeKind.
  if (e.kind === "incomplete" && outageKinds.includes(String(e.details?.["causeKind"]))) return true;
  return e.kind === "unreachable" && /did not answer in time/.test(e.message);
}

/** Any thrown value → a check failure on its field (or the fallback field); an outage names no field. */
export function errorFailure(e: unknown, fallbackField: string): pulumi.dynamic.CheckFailure {
  if (isOutage(e)) {
    const error = e as ScmIntegrationError;
    const reason =
      error.field && error.message.startsWith(`${error.field}: `)
        ? error.message.slice(error.field.length + 2)
        : error.message;
    return {
      property: "",
      reason: `service unavailable (an outage of the service, not a problem with the inputs; nothing was changed): ${reason}`,
    };
  }
  if (isScmIntegrationError(e)) {
    const field = e.field ?? fallbackField;
    // The message already starts with "<field>: " when a field was set; do not repeat it.
    const reason = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    return { property: field, reason };
  }
  return { property: fallbackField, reason: errorMessage(e) };
}

// The fields of the Integration reference an OrgConnection (`integration`) or RepositoryImport
// (`connection`) carries; errors raised about them name the Integration's own field (`baseUrl`).
const REFERENCE_FIELDS = new Set(["platform", "platformOrg", "level", "scm", "baseUrl", "token", "caCertificate"]);

/**
 * errorFailure for a resource that carries an SCM reference under `prefix` (`integration.`,
 * `connection.`): a failure naming a reference field (`baseUrl`) names this resource's own input
 * (`integration.baseUrl`); other fields, outages (no property) and provider config keys stay as they are.
 */
export function referenceFailure(
  e: unknown,
  prefix: string,
  fallbackField = `${prefix}baseUrl`,
): pulumi.dynamic.CheckFailure {
  const failure = errorFailure(e, fallbackField);
  const top = failure.property.split(/[.[]/)[0] ?? "";
  return REFERENCE_FIELDS.has(top) ? { ...failure, property: `${prefix}${failure.property}` } : failure;
}

/**
 * A failure half way through create/update: the engine records `id` and `properties` as "created but
 * failed to initialize", so the next `up` converges instead of duplicating.
 */
export class PartialApplyError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[] = [redact(message)],
  ) {
    super(redact(message));
    this.name = "PartialApplyError";
  }
}

/** A short, stable, non-reversible fingerprint of a token: shows rotations without revealing it. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 12);
}

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
const INTERNAL_KEYS = ["resourceName", "owner"] as const;

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
 * Wrap a handler method: every error leaves scrubbed of secrets, and a PartialApplyError keeps the
 * `id` and `properties` the dynamic-provider server turns into "created but failed to initialize".
 */
export function guarded<A extends unknown[], R>(
  kind: string,
  method: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await method(...args);
    } catch (e) {
      if (e instanceof PartialApplyError) throw e;
      const error = new Error(`${kind}: ${errorMessage(e)}`);
      throw error;
    }
  };
}

/**
 * The engine prints a check failure as "property <p> value {<value>} has a problem", showing the
 * top-level property's value in plain text, secret or not (pkg/resource/deploy/step_generator.go
 * issueCheckFailures). A failure is therefore reported without a property, the field named in the
 * reason instead, when that value could carry a credential: a property declared secret, a property
 * that is not an input of the resource (an unknown key may hold anything), or a value that holds a
 * credential by its shape (a URL with userinfo or a token query parameter, a PEM private key, a token).
 */
export function shieldFailures(
  keys: { secret: readonly string[]; inputs: readonly string[] },
  check: (olds: Props, news: Props) => Promise<pulumi.dynamic.CheckResult>,
): (olds: Props, news: Props) => Promise<pulumi.dynamic.CheckResult> {
  return async (olds, news) => {
    const result = await check(olds, news);
    if (!result.failures) return result;
    const exposes = (top: string) =>
      keys.secret.includes(top) ||
      !(keys.inputs.includes(top) || (INTERNAL_KEYS as readonly string[]).includes(top)) ||
      carriesCredential(news[top]);
    return {
      ...result,
      failures: result.failures.map((f) => {
        if (f.property === "") return f;
        const top = f.property.split(/[.[]/)[0] ?? f.property;
        return exposes(top) ? { property: "", reason: `${f.property}: ${f.reason}` } : f;
      }),
    };
  };
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
