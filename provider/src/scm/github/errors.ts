// Octokit failures → ScmIntegrationError with a message that names the field, what GitHub said and
// what to do. GitHub's own message is quoted (it never contains the token; `redact` runs anyway).
import { systemClock } from "../../core/clock";
import { ScmIntegrationError } from "../../core/errors";
import { networkError, safeHost } from "../../core/network-errors";
import { parseTokenExpiration } from "./expiration";

/** The parts of an Octokit RequestError we read (duck-typed: plugins rethrow their own copies). */
interface RequestErrorLike {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined>; data: unknown };
  cause?: unknown;
}

export function isRequestError(e: unknown): e is RequestErrorLike {
  return typeof e === "object" && e !== null && typeof (e as { status?: unknown }).status === "number";
}

export interface ErrorContext {
  /** API root, for host names in messages. */
  apiUrl: string;
  /** What we were doing, e.g. `reading organization "acme"`. */
  action: string;
  /** Input the problem most likely concerns. */
  field?: string;
  /** The instant an expiry is judged at (epoch ms); default the system clock's. */
  now?: number;
}

/** Whether response headers carry the marks GitHub and GHES put on every API answer. */
export function hasGitHubHeaders(headers: Record<string, string | undefined> | undefined): boolean {
  return !!headers && (headers["x-github-request-id"] !== undefined || headers["x-github-media-type"] !== undefined);
}

/** Whether a response came from a GitHub REST API: its headers, and a body that parsed as JSON. */
export function looksLikeGitHub(headers: Record<string, string | undefined> | undefined, data: unknown): boolean {
  return hasGitHubHeaders(headers) && typeof data !== "string";
}

export function wrongInstance(apiUrl: string, field = "baseUrl", extra = ""): ScmIntegrationError {
  return new ScmIntegrationError(
    "wrong-instance",
    `${safeHost(apiUrl)} answered, but not as a GitHub REST API${extra ? ` (${extra})` : ""}`,
    {
      field,
      fix: 'give the GitHub Enterprise Server host (https://HOST, the API is HOST/api/v3) or use scm "github" for github.com',
    },
  );
}

/** X-GitHub-SSO: `required; url=https://…` → the authorization URL. */
export function ssoAuthorizationUrl(header: string | undefined): string | undefined {
  if (!header || !/^\s*required\b/i.test(header)) return undefined;
  return /url=(\S+)/i.exec(header)?.[1]?.replace(/[;,]$/, "");
}

function githubMessage(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string") {
    return (data as { message: string }).message;
  }
  return undefined;
}

/** A genuine GitHub 404 (not an SSO-hidden resource, not some other server's error page). */
export function isGitHubNotFound(e: unknown): boolean {
  return (
    isRequestError(e) &&
    e.status === 404 &&
    looksLikeGitHub(e.response?.headers, e.response?.data) &&
    !e.response?.headers["x-github-sso"]
  );
}

export function isSecondaryLimit(e: RequestErrorLike): boolean {
  return /\bsecondary rate\b/i.test(githubMessage(e.response?.data) ?? e.message);
}

export function isPrimaryLimit(e: RequestErrorLike): boolean {
  return e.response?.headers["x-ratelimit-remaining"] === "0";
}

export function mapGitHubError(e: unknown, context: ErrorContext): ScmIntegrationError {
  if (e instanceof ScmIntegrationError) return e;
  const host = safeHost(context.apiUrl);
  if (!isRequestError(e) || (!e.response && (e.status === 500 || e.cause !== undefined))) {
    // No HTTP answer: DNS, refused, reset, TLS, timeout (Octokit wraps these as status 500, cause set).
    const cause = isRequestError(e) ? (e.cause ?? e) : e;
    const mapped = networkError(cause, context.apiUrl);
    return new ScmIntegrationError(
      mapped.kind,
      `${context.action}: ${mapped.message.replace(/\. Fix: [\s\S]*$/, "")}`,
      {
        field: "baseUrl",
        ...(mapped.fix ? { fix: mapped.fix } : {}),
        cause: e,
      },
    );
  }

  const status = e.status;
  const headers = e.response?.headers ?? {};
  const data = e.response?.data;
  const said = githubMessage(data);
  const quoted = said ? ` ("${said}")` : "";
  const base = { status, cause: e };

  // 5xx and rate limits come first: proxies and load balancers in front of GitHub answer those
  // without GitHub's headers, and they are not a sign of a wrong URL.
  if (status >= 500) {
    return new ScmIntegrationError(
      "server-error",
      `${context.action}: ${host} kept failing with HTTP ${status}${quoted}`,
      {
        ...base,
        fix: "retry later; check GitHub's status page or the GHES instance's health",
      },
    );
  }
  if ((status === 403 || status === 429) && (isSecondaryLimit(e) || isPrimaryLimit(e))) {
    const secondary = isSecondaryLimit(e);
    const reset = headers["x-ratelimit-reset"];
    return new ScmIntegrationError(
      "rate-limited",
      `${context.action}: GitHub's ${secondary ? "secondary" : "primary"} rate limit was still exceeded after retries${
        !secondary && reset ? ` (resets at ${new Date(Number(reset) * 1000).toISOString()})` : ""
      }`,
      { ...base, fix: "retry later, or lower the concurrency so the run stays under GitHub's rate limits" },
    );
  }
  if (status === 429) {
    return new ScmIntegrationError("rate-limited", `${context.action}: ${host} kept answering 429${quoted}`, {
      ...base,
      fix: "retry later, or lower the concurrency",
    });
  }

  if (status >= 400 && !looksLikeGitHub(headers, data)) {
    return new ScmIntegrationError(
      "wrong-instance",
      `${context.action}: ${host} answered HTTP ${status}, not as a GitHub REST API`,
      {
        ...base,
        field: "baseUrl",
        fix: "check the URL: GitHub Enterprise Server serves its API under https://HOST/api/v3",
      },
    );
  }

  if (status === 401) {
    const expiry = parseTokenExpiration(headers["github-authentication-token-expiration"]);
    if (expiry && Date.parse(expiry) <= (context.now ?? systemClock.now())) {
      return new ScmIntegrationError(
        "token-expired",
        `the token expired at ${expiry} (${host} answered 401${quoted})`,
        {
          ...base,
          field: "token",
          fix: "regenerate the token in GitHub and update the secret",
        },
      );
    }
    // GitHub answers unknown, revoked and expired tokens alike: 401 Bad credentials.
    return new ScmIntegrationError(
      "bad-credentials",
      `${host} rejected the token while ${context.action} (401${quoted}): it is unknown to this instance, revoked, or expired`,
      {
        ...base,
        field: "token",
        fix: "check that the token belongs to this GitHub instance and is still valid; create a new one if needed",
      },
    );
  }

  const ssoUrl = ssoAuthorizationUrl(headers["x-github-sso"]);
  if ((status === 403 || status === 404) && ssoUrl) {
    return new ScmIntegrationError(
      "sso-required",
      `${context.action}: the organization enforces SAML single sign-on and the token is not authorized for it`,
      {
        ...base,
        field: "token",
        fix: `authorize the token for SSO at ${ssoUrl} (the link is valid for one hour), then retry`,
        details: { ssoUrl },
      },
    );
  }

  if (status === 403) {
    const permissions = headers["x-accepted-github-permissions"];
    const scopes = headers["x-accepted-oauth-scopes"];
    return new ScmIntegrationError("insufficient-scope", `${context.action}: GitHub refused the token (403${quoted})`, {
      ...base,
      field: context.field ?? "token",
      fix: permissions
        ? `grant the token these permissions: ${permissions}`
        : scopes
          ? `give the token one of these scopes: ${scopes}`
          : "give the token access to this resource",
    });
  }

  if (status === 404) {
    return new ScmIntegrationError("not-found", `${context.action}: ${host} answered 404${quoted}`, {
      ...base,
      ...(context.field ? { field: context.field } : {}),
      fix: "check the name; GitHub also answers 404 for private resources the token may not see",
    });
  }

  return new ScmIntegrationError("protocol", `${context.action}: unexpected HTTP ${status} from ${host}${quoted}`, {
    ...base,
    ...(context.field ? { field: context.field } : {}),
  });
}
