// Checking a URL the user typed before any token is sent to it: the raw text first (what the WHATWG
// parser would silently drop or rewrite), then the parsed URL. Refusals name the field, show the value
// with credentials and query values masked, and say what to write.
import { domainToUnicode } from "node:url";
import { classifyAddress, classifyHost, describeClass, isRefusedClass } from "./destination";
import { firstInvisible, hostnameProblem, mixedScripts } from "./raw-text-checks";
import { ScmIntegrationError } from "./errors";
import type { ScmKind } from "./domain.generated";
import { describeValue } from "./redact";

/** An address of each SCM kind, for fixes ("write the server's address, e.g. …"). */
export const EXAMPLE: Readonly<Record<ScmKind, string>> = {
  github: "https://github.com",
  "github-enterprise": "https://ghe.example.com",
  gitlab: "https://gitlab.com",
  "gitlab-self-managed": "https://gitlab.example.com",
};

/**
 * The value as it may be shown: credentials in a URL (everything before the last @ of the
 * authority) and the values of query parameters are replaced, never echoed.
 */
function sanitizeUrl(raw: string): string {
  return raw
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i, "$1***@")
    .replace(/^(?![a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i, "***@")
    .replace(/([?&][^=&#]*=)[^&#]*/g, "$1***");
}

export function showUrl(raw: string): string {
  return describeValue(sanitizeUrl(raw));
}

export function refuse(field: string, raw: string, problem: string, fix: string): ScmIntegrationError {
  return new ScmIntegrationError("invalid-input", `${showUrl(raw)} ${problem}`, { field, fix });
}

export interface ParsedUrl {
  origin: string;
  hostname: string;
  /** Path without trailing slashes ("" for the root). */
  path: string;
}

/** The host part of the text as typed (before the parser maps or drops anything), or "". */
function rawHostOf(text: string): string {
  const authority = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[/?#]/)[0] ?? "";
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:[^:]*$/, "");
}

/**
 * Checks every URL the user gives, on the raw text first (what the WHATWG parser would silently drop
 * or rewrite), then on the parsed URL: scheme, credentials, query, fragment, dot segments, host name
 * syntax, port, and the class of the host (loopback only with the opt-in; never unspecified,
 * link-local, multicast or metadata), in every notation the parser normalises.
 */
export function parseUserUrl(raw: string, field: string, scm: ScmKind, allowInsecureLoopback: boolean): ParsedUrl {
  const text = checkedText(raw, field, scm);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(field, raw, "is not a valid URL", `write the server's address, e.g. ${EXAMPLE[scm]}`);
  }
  checkParts(url, text, raw, field);
  checkHost(url, text, raw, field, scm, allowInsecureLoopback);
  return { origin: url.origin, hostname: url.hostname.toLowerCase(), path: url.pathname.replace(/\/+$/, "") };
}

/** The value without the spaces around it, once nothing in it would be dropped or rewritten unseen and it has a scheme and a host. */
function checkedText(raw: string, field: string, scm: ScmKind): string {
  // Only plain spaces around the value are forgiven (a pasted value); anything else invisible is refused.
  const text = raw.replace(/^ +| +$/g, "");
  if (text === "") throw refuse(field, raw, "is empty", `write the server's address, e.g. ${EXAMPLE[scm]}`);
  const invisible = firstInvisible(text);
  if (invisible !== undefined) {
    throw refuse(
      field,
      raw,
      `contains ${invisible === "U+005C" ? "a backslash" : `an invisible or control character (${invisible})`}, which URL parsing would silently drop or rewrite`,
      `type the address again without it, e.g. ${EXAMPLE[scm]}`,
    );
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw refuse(
      field,
      raw,
      "has no scheme",
      `write the full address with https://, e.g. https://${sanitizeUrl(text).replace(/^\/+/, "")}`,
    );
  }
  // `https:///host` and `https:/host` parse as https://host: the parser skips the missing or extra
  // slashes of special schemes, so a value with no host where the user wrote one gets one anyway.
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(text)) {
    throw refuse(field, raw, "has no host after the scheme", `write the server's address, e.g. ${EXAMPLE[scm]}`);
  }
  return text;
}

/** Credentials, query, fragment, dot segments, scheme and port, on the parsed URL and on the text it came from. */
function checkParts(url: URL, text: string, raw: string, field: string): void {
  if (url.username !== "" || url.password !== "" || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
    throw refuse(
      field,
      raw,
      "contains credentials",
      "remove the user:password@ part; the token goes in the token input, which is kept secret",
    );
  }
  // URL drops an empty "?" or "#", so look at the text as well.
  if (url.search !== "" || text.includes("?")) {
    throw refuse(field, raw, "contains a query string", "remove everything from the ?");
  }
  if (url.hash !== "" || text.includes("#")) {
    throw refuse(field, raw, "contains a fragment", "remove everything from the #");
  }
  // The parser resolves `..` and `%2e%2e` away, so a relative root could climb out unseen: look at the text.
  const rawPath = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  if (rawPath.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    throw refuse(field, raw, 'contains a "." or ".." path segment', "write the path without dot segments");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse(field, raw, `uses the scheme ${url.protocol.slice(0, -1)}, not https`, "use https://");
  }
  if (url.port === "0") {
    throw refuse(field, raw, "has port 0", "write the server's port (1-65535), or leave it out for 443");
  }
}

/** The host: as typed (no percent-encoding, no IDNA rewriting), its syntax and script, and its class (where a token may go). */
function checkHost(
  url: URL,
  text: string,
  raw: string,
  field: string,
  scm: ScmKind,
  allowInsecureLoopback: boolean,
): void {
  if (rawHostOf(text).includes("%")) {
    throw refuse(
      field,
      raw,
      "has a percent-encoded host name, which URL parsing would decode into something else",
      "write the host name in plain text",
    );
  }
  const hostClass = classifyHost(url.hostname);
  const rawHost = rawHostOf(text);
  if (classifyAddress(url.hostname) === undefined) {
    const problem = hostnameProblem(url.hostname);
    if (problem) throw refuse(field, raw, problem, `write the server's host name, e.g. ${EXAMPLE[scm]}`);
    const scripts = mixedScripts(url.hostname);
    if (scripts) {
      throw refuse(
        field,
        raw,
        `has a host name that mixes ${scripts.join(" and ")} letters (a look-alike of another name)`,
        "type the host name again in one script; a self-hosted SCM's name is normally plain ASCII",
      );
    }
  }
  // IDNA maps full-width letters and digits, the ideographic full stop and the like onto other
  // characters: if the typed host is not what the parser made of it (case aside), the user did not
  // see what they get.
  if (
    /[^\p{ASCII}]/u.test(rawHost) &&
    rawHost.normalize("NFC").toLowerCase() !== (domainToUnicodeSafe(url.hostname) ?? "")
  ) {
    throw refuse(
      field,
      raw,
      `has a host name that URL parsing rewrites to ${url.hostname}`,
      `write the host name as ${url.hostname}`,
    );
  }
  if (isRefusedClass(hostClass, allowInsecureLoopback)) {
    throw refuse(
      field,
      raw,
      `points at ${url.hostname}, ${describeClass(hostClass)}${hostClass === "loopback" ? ", which is only allowed for tests" : ""}; no token is sent there`,
      hostClass === "loopback"
        ? "write your server's address, or set allowInsecureLoopback when pointing at a local emulator"
        : `write your SCM server's own address, e.g. ${EXAMPLE[scm]}`,
    );
  }
  if (url.protocol === "http:" && hostClass !== "loopback") {
    throw refuse(field, raw, "uses plain http, which would send the token unencrypted", "use https://");
  }
}

function domainToUnicodeSafe(hostname: string): string | undefined {
  try {
    return domainToUnicode(hostname).toLowerCase();
  } catch {
    return undefined;
  }
}
