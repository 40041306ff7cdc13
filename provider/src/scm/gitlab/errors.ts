// GitLab answers mapped to the provider's errors. GitLab has two error shapes
// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/api/api_guard.rb): `{"message": "401 Unauthorized"}` and OAuth-style `{"error": "invalid_token",
// "error_description": …}`; the mapping reads both. The token is never part of a message: requests
// carry it in a header and messages only name the host, the method and the path.
import { ScmIntegrationError } from "../../core/errors";
import { safeHost } from "../../core/network-errors";
import type { ScmEndpoint } from "../types";
import { GitLabResponseError } from "./requester";

/** The text GitLab put in an error body (`error_description`, `error` or `message`, possibly an object). */
export function gitLabErrorText(body: unknown): string {
  if (typeof body === "string") return body.trim().slice(0, 200);
  if (!body || typeof body !== "object") return "";
  const b = body as Record<string, unknown>;
  const pick = b["error_description"] ?? b["error"] ?? b["message"];
  if (typeof pick === "string") return pick;
  return pick === undefined ? "" : JSON.stringify(pick);
}

function tokensPage(endpoint: ScmEndpoint): string {
  return `${endpoint.webUrl}/-/user_settings/personal_access_tokens`;
}

/** The same error with `field` set (network errors from core/network-errors carry none). */
function withField(e: ScmIntegrationError, field: string): ScmIntegrationError {
  if (e.field) return e;
  const suffix = e.fix ? `. Fix: ${e.fix}` : "";
  const problem = suffix && e.message.endsWith(suffix) ? e.message.slice(0, -suffix.length) : e.message;
  return new ScmIntegrationError(e.kind, problem, {
    field,
    ...(e.fix ? { fix: e.fix } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.details ? { details: e.details } : {}),
    cause: e,
  });
}

/** Map anything a GitLab call threw to a ScmIntegrationError. `action` says what was being done ("read group acme"). */
export function toScmError(e: unknown, endpoint: ScmEndpoint, action: string): ScmIntegrationError {
  const host = safeHost(endpoint.apiUrl);
  if (e instanceof ScmIntegrationError) {
    return e.kind === "unreachable" || e.kind === "tls" || e.details?.["destination"] === "refused"
      ? withField(e, "baseUrl")
      : e;
  }
  if (e instanceof GitLabResponseError) {
    const status = e.status;
    const text = gitLabErrorText(e.body);
    const request = `${e.method} ${e.path}`;
    if (!e.isJson && status !== 429) {
      return new ScmIntegrationError(
        "wrong-instance",
        `${endpoint.apiUrl} does not look like a GitLab API: ${request} answered ${status} with ${e.contentType || "no content type"} instead of JSON`,
        {
          field: "baseUrl",
          status,
          fix: "set baseUrl to the address of the GitLab instance (e.g. https://gitlab.example.com), not a proxy or another service",
        },
      );
    }
    const body = (e.body ?? {}) as Record<string, unknown>;
    if (status === 401) {
      if (body["error"] === "invalid_token" && /expired/i.test(text)) {
        return new ScmIntegrationError(
          "token-expired",
          `${host} says the token has expired (401 invalid_token: ${text})`,
          {
            field: "token",
            status,
            fix: `create a new token at ${tokensPage(endpoint)} and update the token input`,
          },
        );
      }
      if (body["error"] === "invalid_token" && /revoked/i.test(text)) {
        return new ScmIntegrationError(
          "token-revoked",
          `${host} says the token was revoked (401 invalid_token: ${text})`,
          {
            field: "token",
            status,
            fix: `create a new token at ${tokensPage(endpoint)} and update the token input`,
          },
        );
      }
      return new ScmIntegrationError(
        "bad-credentials",
        `${host} does not accept the token (401 ${text || "Unauthorized"})`,
        {
          field: "token",
          status,
          fix: `check that the token was created on ${endpoint.webUrl} (not another GitLab instance) and copied whole`,
        },
      );
    }
    if (status === 403 && body["error"] === "insufficient_scope") {
      const accepted = typeof body["scope"] === "string" ? body["scope"].split(" ").filter(Boolean) : [];
      return new ScmIntegrationError(
        "insufficient-scope",
        `the token's scopes do not allow ${action} (${request}); GitLab accepts ${accepted.length ? accepted.join(" or ") : "a wider scope"}`,
        {
          field: "token",
          status,
          fix: "create a token with the read_api scope (api when the platform must also write, e.g. open merge requests)",
          details: { acceptedScopes: accepted },
        },
      );
    }
    if (status === 403) {
      return new ScmIntegrationError(
        "no-access",
        `${host} refused to ${action} (${request}: ${text || "403 Forbidden"})`,
        {
          status,
          fix: "check that the token's user has access to this group or project",
        },
      );
    }
    if (status === 404) {
      return new ScmIntegrationError(
        "not-found",
        `${host} has nothing at ${request} (${text || "404"}) while trying to ${action}`,
        {
          status,
          fix: "check the name or path",
        },
      );
    }
    if (status >= 500) {
      return new ScmIntegrationError(
        "server-error",
        `${host} failed to ${action}: ${request} answered ${status} after retries`,
        {
          status,
          fix: "retry later; if it persists, check the GitLab instance's health",
        },
      );
    }
    return new ScmIntegrationError(
      "protocol",
      `${host} answered ${status} to ${request} while trying to ${action}${text ? `: ${text}` : ""}`,
      {
        status,
      },
    );
  }
  const name = (e as { name?: string } | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError" || name === "GitbeakerTimeoutError") {
    return new ScmIntegrationError("unreachable", `${host} did not answer in time while trying to ${action}`, {
      field: "baseUrl",
      fix: "check that the host is up and reachable from where Pulumi runs",
      cause: e,
    });
  }
  return new ScmIntegrationError(
    "protocol",
    `unexpected failure while trying to ${action} on ${host}: ${(e as Error)?.message ?? String(e)}`,
    {
      cause: e,
    },
  );
}
