// Turning a failure below HTTP (refused destination, TLS, timeout, unreachable host) into one clear
// ScmIntegrationError. No token can be in it: only the host and the socket error's code are quoted.
import { DestinationRefusedError } from "./destination";
import { ScmIntegrationError } from "./errors";

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

/** Whether a socket error code says the server's certificate failed verification (never worth a retry). */
export function isTlsErrorCode(code: string | undefined): boolean {
  return code !== undefined && TLS_CODES.has(code);
}

/** The innermost error code of a fetch failure (undici nests the socket error in `cause`). */
export function networkErrorCode(e: unknown): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The DestinationRefusedError somewhere in a fetch failure's cause chain, if any. */
export function destinationRefusal(e: unknown): DestinationRefusedError | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if (current instanceof DestinationRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turn a network-level failure into a clear error (no token can be in it: only host and code). */
export function networkError(e: unknown, url: string, field?: string): ScmIntegrationError {
  const host = safeHost(url);
  const refused = destinationRefusal(e);
  if (refused) {
    return new ScmIntegrationError("invalid-input", refused.message, {
      ...(field ? { field } : {}),
      fix: "point the URL at the server's own address; names that resolve to loopback, link-local, unspecified or cloud metadata addresses, and redirects to another host, are refused before any token is sent",
      details: { destination: "refused", host: refused.host },
      cause: e,
    });
  }
  const code = networkErrorCode(e);
  const name = (e as { name?: string } | undefined)?.name;
  if (isTlsErrorCode(code)) {
    return new ScmIntegrationError("tls", `TLS verification of ${host} failed (${code})`, {
      ...(field ? { field } : {}),
      fix: "if the server uses a private certificate authority, set caCertificate to that CA's PEM; otherwise check the URL",
      cause: e,
    });
  }
  if (name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new ScmIntegrationError("unreachable", `${host} did not answer in time`, {
      ...(field ? { field } : {}),
      fix: "check that the host is up and reachable from where Pulumi runs",
      cause: e,
    });
  }
  return new ScmIntegrationError("unreachable", `cannot reach ${host}${code ? ` (${code})` : ""}`, {
    ...(field ? { field } : {}),
    fix: "check the URL, DNS and network path from where Pulumi runs",
    cause: e,
  });
}

/** The host of a URL for an error message, or a placeholder when the URL does not parse. */
export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "<invalid url>";
  }
}
