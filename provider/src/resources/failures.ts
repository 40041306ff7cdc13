// How a handler's errors reach the engine: as check failures naming the field (an outage names none,
// a value that could carry a credential is never shown), as errors scrubbed of secrets, or, half way
// through an apply, as a partial state the next `up` converges from.
import type * as pulumi from "@pulumi/pulumi";
import { errorMessage, isScmIntegrationError, type ScmIntegrationError } from "../core/errors";
import type { Logger } from "../core/log";
import { carriesCredential, redact } from "../core/redact";
import type { Props } from "./handler";
import { INTERNAL_KEYS } from "./props";
import { resourceLogger } from "./services";

/**
 * A transient fault of a service (5xx after retries, rate limits after retries, no answer in time):
 * none of the inputs is wrong, so a failure must not name one.
 */
export function isOutage(e: unknown): boolean {
  if (!isScmIntegrationError(e)) return false;
  const outageKinds = ["server-error", "rate-limited"];
  if (outageKinds.includes(e.kind)) return true;
  // A listing cut short by such faults says so in causeKind. A listing is only incomplete once its first
  // page came back, so a later page's lost connection or broken answer is the service's fault too.
  const midListingKinds = [...outageKinds, "unreachable", "protocol"];
  if (e.kind === "incomplete" && midListingKinds.includes(String(e.details?.["causeKind"]))) return true;
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

/**
 * The record of the finding an error reports (a refusal), for the review report: its sentence is the
 * error's message, so only the record is logged.
 */
export function logErrorFinding(logger: Logger, e: unknown): void {
  if (isScmIntegrationError(e) && e.finding) logger.finding("info", e.finding, { sentence: false });
}

/** The resource a handler method serves: the `resourceName` the SDK adds to its inputs (the last props given). */
function resourceNameOf(args: readonly unknown[]): unknown {
  for (const arg of [...args].reverse()) {
    if (arg !== null && typeof arg === "object" && "resourceName" in arg) return (arg as Props).resourceName;
  }
  return undefined;
}

/**
 * Wrap a handler method: every error leaves scrubbed of secrets (after the finding it reports, if
 * any, is logged under the resource's name), and a PartialApplyError keeps the `id` and `properties`
 * the dynamic-provider server turns into "created but failed to initialize".
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
      logErrorFinding(resourceLogger(kind, resourceNameOf(args)), e);
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
