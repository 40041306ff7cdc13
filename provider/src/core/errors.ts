// The one error type the provider throws. A message always says what was wrong (field and value,
// redacted where secret) and what to do about it; the text is scrubbed of secrets at construction.
import type { Finding } from "./findings";
import { redact } from "./redact";

export type ErrorKind =
  | "invalid-input" // the user's input is wrong: fix the program
  | "bad-credentials" // token unknown to the service
  | "token-expired"
  | "token-revoked"
  | "sso-required" // GitHub SAML SSO authorization missing
  | "insufficient-scope"
  | "not-found"
  | "no-access" // exists but the token may not see / use it
  | "wrong-instance" // URL answers, but is not the service we expected
  | "unreachable" // DNS, refused, reset, timeout
  | "tls" // certificate problems
  | "rate-limited" // retries exhausted under 429 / secondary limits
  | "server-error" // 5xx after retries
  | "unsupported" // the platform offers no API for this
  | "conflict"
  | "incomplete" // a listing or apply that did not finish: never treat as complete
  | "protocol"; // the service answered something we cannot parse

export interface ScmIntegrationErrorOptions {
  /** Input property the problem is about, in dotted form (`baseUrl`, `selector.include[2]`). */
  field?: string;
  /** What the user can do about it. */
  fix?: string;
  /** HTTP status seen, if any. */
  status?: number;
  cause?: unknown;
  /** Structured extras for callers (never secrets). */
  details?: Record<string, unknown>;
  /** The finding this error reports (a refusal): logged as a record before the error leaves (resources/failures.ts). */
  finding?: Finding;
}

export class ScmIntegrationError extends Error {
  readonly kind: ErrorKind;
  /** The message without its fix: what an error that wraps this one quotes before its own fix. */
  readonly problem: string;
  readonly field?: string;
  readonly fix?: string;
  readonly status?: number;
  readonly details?: Record<string, unknown>;
  readonly finding?: Finding;

  constructor(kind: ErrorKind, problem: string, options: ScmIntegrationErrorOptions = {}) {
    const stated = options.field ? `${options.field}: ${problem}` : problem;
    const parts = [stated];
    if (options.fix) parts.push(`Fix: ${options.fix}`);
    // Only the joins lose a doubled full stop: ".." inside a quoted value (`ghe..example.com`) is shown as given.
    super(
      redact(parts.map((part, i) => (i < parts.length - 1 ? part.replace(/\.$/, "") : part)).join(". ")),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "ScmIntegrationError";
    this.kind = kind;
    this.problem = redact(stated);
    if (options.field !== undefined) this.field = options.field;
    if (options.fix !== undefined) this.fix = redact(options.fix);
    if (options.status !== undefined) this.status = options.status;
    if (options.details !== undefined) this.details = options.details;
    if (options.finding !== undefined) this.finding = options.finding;
  }
}

export function isScmIntegrationError(e: unknown): e is ScmIntegrationError {
  return e instanceof ScmIntegrationError;
}

/** A message for any thrown value, scrubbed of secrets. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return redact(e.message);
  return redact(String(e));
}
