// Turning Semgrep HTTP answers into ScmIntegrationError. Semgrep documents neither its error bodies nor its
// non-2xx statuses (UNVERIFIED: its API descriptions declare only 2xx answers): we read `error`, `message` or `detail` from a JSON
// body when there is one and otherwise show the status alone, so any shape yields a usable message.
import { ScmIntegrationError, errorMessage, isScmIntegrationError, type ErrorKind } from "../../core/errors";
import { redact } from "../../core/redact";

/** The provider's configuration key of the Semgrep token (schema.json `config.variables.semgrepToken`). */
export const API_TOKEN_FIELD = "scm-integrations:semgrepToken";

export const WEB_API_SCOPE_FIX =
  "create a token with the Web API scope under Settings > Tokens in Semgrep and set it as scm-integrations:semgrepToken " +
  "(only admins can create tokens)";

/** The server's own words from an error body, shortened and scrubbed; undefined when it said nothing useful. */
export function serverMessage(bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (!text) return undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object") {
      for (const key of ["error", "message", "detail", "msg"]) {
        const value = (parsed as Record<string, unknown>)[key];
        if (typeof value === "string" && value.trim()) {
          message = value.trim();
          break;
        }
        if (value && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
          message = (value as { message: string }).message;
          break;
        }
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, plain text): show the start of it.
    message = text.replace(/\s+/g, " ");
  }
  if (!message) return undefined;
  const clean = redact(message);
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

/** The Web API scope error: Semgrep answers 404 (not 401/403) to a token without the Web API scope. */
export function webApiScopeError(operation: string): ScmIntegrationError {
  return new ScmIntegrationError(
    "insufficient-scope",
    `Semgrep answered 404 to ${operation}: this token lacks the Web API scope (a CI-scoped token gets 404 from the Web API)`,
    { field: API_TOKEN_FIELD, fix: WEB_API_SCOPE_FIX, status: 404 },
  );
}

/** An error for a non-2xx answer that is not a retryable one (sendWithPolicy already retried those). */
export function httpError(operation: string, status: number, bodyText: string): ScmIntegrationError {
  const said = serverMessage(bodyText);
  const suffix = said ? `: ${said}` : "";
  const base = `Semgrep answered HTTP ${status} to ${operation}${suffix}`;
  const make = (kind: ErrorKind, fix: string, field?: string) =>
    new ScmIntegrationError(kind, base, { status, fix, ...(field ? { field } : {}) });
  if (status === 401) {
    return make(
      "bad-credentials",
      "the Semgrep API token is unknown or revoked; create a new one with the Web API scope under Settings > Tokens",
      API_TOKEN_FIELD,
    );
  }
  if (status === 403) {
    return make(
      "no-access",
      "the token's user may not do this; use a token created by an admin of the deployment, with the Web API scope",
      API_TOKEN_FIELD,
    );
  }
  if (status === 404) return make("not-found", "check the deployment, project or connection named in this operation");
  if (status === 409) return make("conflict", "another object already holds this name; adopt it or remove it first");
  if (status === 429) return make("rate-limited", "retry later or lower the concurrency setting");
  if (status >= 500) {
    return make(
      "server-error",
      "Semgrep had an internal problem; retry later, then check the deployment for a half-applied change",
    );
  }
  return make("invalid-input", "check the values sent for this operation");
}

/** Same error, with the operation's context in front (kind, status and details kept). */
export function withContext(error: ScmIntegrationError, context: string): ScmIntegrationError {
  return new ScmIntegrationError(error.kind, `${context}: ${error.message}`, {
    ...(error.field ? { field: error.field } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.details ? { details: error.details } : {}),
    cause: error,
  });
}

/** Any thrown value as a ScmIntegrationError (kind "protocol" when it was not one). */
export function asError(e: unknown): ScmIntegrationError {
  return isScmIntegrationError(e) ? e : new ScmIntegrationError("protocol", errorMessage(e), { cause: e });
}
