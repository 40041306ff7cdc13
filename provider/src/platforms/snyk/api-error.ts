// Snyk's two error dialects, turned into ScmIntegrationError messages that say what was being done,
// what Snyk answered and what to do. V1 answers `{code,message,error}`; REST answers JSON:API
// `{errors:[{status,detail,title}]}` (https://docs.snyk.io/snyk-api/v1-api; Snyk REST API description,
// ErrorDocument).
import { ScmIntegrationError, type ErrorKind } from "../../core/errors";
import { redact } from "../../core/redact";

/** The server's own words from an error body of either dialect, shortened; undefined when it gave none. */
export function snykErrorDetail(body: unknown): string | undefined {
  if (!body || typeof body !== "object")
    return typeof body === "string" && body.trim() ? body.trim().slice(0, 300) : undefined;
  const b = body as { message?: unknown; error?: unknown; errors?: unknown };
  if (Array.isArray(b.errors)) {
    const parts = b.errors
      .map((e: { detail?: unknown; title?: unknown }) =>
        typeof e?.detail === "string" ? e.detail : typeof e?.title === "string" ? e.title : undefined,
      )
      .filter((s): s is string => typeof s === "string" && s.length > 0);
    if (parts.length > 0) return parts.join("; ").slice(0, 300);
  }
  if (typeof b.message === "string" && b.message) return b.message.slice(0, 300);
  if (typeof b.error === "string" && b.error) return b.error.slice(0, 300);
  if (b.error && typeof b.error === "object" && typeof (b.error as { name?: unknown }).name === "string") {
    return String((b.error as { name: string }).name);
  }
  return undefined;
}

export interface SnykErrorContext {
  /** What we were doing, as a phrase: "looking up the gitlab integration of org 1234". */
  action: string;
  /** Input property the failure is about, when there is one. */
  field?: string;
  /** Region or API root, to make 401s (region-bound keys) understandable. */
  apiRoot: string;
}

export function snykHttpError(status: number, body: unknown, context: SnykErrorContext): ScmIntegrationError {
  const raw = snykErrorDetail(body);
  // Servers echo request values in errors: the detail is scrubbed before it goes anywhere.
  const detail = raw === undefined ? undefined : redact(raw);
  const said = detail ? `: ${detail}` : "";
  const field = context.field !== undefined ? { field: context.field } : {};
  const make = (kind: ErrorKind, problem: string, fix: string) =>
    new ScmIntegrationError(kind, problem, {
      ...field,
      fix,
      status,
      details: { dialect: "snyk", serverDetail: detail },
    });
  const doing = `Snyk refused ${context.action}`;
  switch (true) {
    case status === 401:
      return make(
        "bad-credentials",
        `${doing} with HTTP 401 (the API token is not valid for ${context.apiRoot})${said}`,
        "check the Snyk API token (scm-integrations:snykToken or SNYK_TOKEN); keys are region-bound, so also check scm-integrations:snykRegion / snykApiUrl",
      );
    case status === 403:
      return make(
        "no-access",
        `${doing} with HTTP 403 (the token's account lacks a permission)${said}`,
        "use a service-account token whose role has View Organization, View Integrations and Edit Integrations (and project import/delete) in this org",
      );
    case status === 404:
      return make(
        "not-found",
        `${doing} with HTTP 404 (not found, or not visible to this token)${said}`,
        "check the Snyk org id (platformOrg) and that the token's account is a member of that org",
      );
    case status === 409:
      return make(
        "conflict",
        `${doing} with HTTP 409 (conflict)${said}`,
        "read the current state (pulumi refresh) and apply again",
      );
    case status === 429:
      return make(
        "rate-limited",
        `${doing} with HTTP 429 (rate limited)${said}`,
        "retry later, or lower the concurrency so the run stays under Snyk's per-key limit",
      );
    case status >= 500:
      return make(
        "server-error",
        `${doing} with HTTP ${status} (Snyk server error)${said}`,
        "retry later; if it persists, check status.snyk.io",
      );
    default:
      return make("invalid-input", `${doing} with HTTP ${status}${said}`, "correct the request as the message says");
  }
}

/** The answer parsed, but not in the shape we rely on. */
export function snykProtocolError(action: string, problem: string): ScmIntegrationError {
  return new ScmIntegrationError("protocol", `Snyk answered ${action} with an unexpected body: ${problem}`, {
    fix: "check that scm-integrations:snykApiUrl points at the Snyk API (not the web app) and report this if it persists",
  });
}
