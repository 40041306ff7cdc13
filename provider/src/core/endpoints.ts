// SCM endpoints from what a user types. `https://ghe.example.com`, `https://ghe.example.com/` and
// `https://ghe.example.com/api/v3` are the same GHES API; GitLab likewise with `/api/v4`, possibly
// under a relative root (`https://host/gitlab`). Cloud SCMs have one canonical address. Everything
// else is refused with a message that names the field, shows the value and says what to write.
import { X509Certificate } from "node:crypto";
import { refusingList, type HostAllowList } from "./allowed-hosts";
import { domainToUnicode } from "node:url";
import {
  classifyAddress,
  classifyHost,
  describeClass,
  firstInvisible,
  hostnameProblem,
  isRefusedClass,
  mixedScripts,
} from "./destination";
import { ScmIntegrationError } from "./errors";
import type { ScmKind } from "./domain.generated";
import { describeValue } from "./redact";

// ScmEndpoint lives here, in core/, because core/ must not import from scm/ (layers import downwards
// only); scm/types re-exports it. ScmKind is the schema's (core/domain.generated.ts).
export interface ScmEndpoint {
  scm: ScmKind;
  /** What the user typed, normalised (no trailing slash), e.g. `https://ghe.example.com`. */
  baseUrl: string;
  /** The REST API root the clients use, e.g. `https://api.github.com`, `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  /** Web host root, e.g. `https://github.com`, `https://gitlab.example.com`. */
  webUrl: string;
}

export interface ResolveEndpointInput {
  scm: ScmKind;
  baseUrl?: string;
  /** Replaces the API URL after the same checks (provider configuration; tests and demos point cloud SCMs at emulators). */
  apiUrlOverride?: string;
  /** Allow plain http to loopback hosts (tests only). */
  allowInsecureLoopback?: boolean;
  /** Where `apiUrlOverride` came from (a config key), for messages. */
  apiUrlOverrideField?: string;
  /** The SCM hosts tokens may go to (every list must allow the API host); none set: any host the other checks allow. */
  allowedHosts?: readonly HostAllowList[];
}

const CLOUD: Readonly<
  Record<"github" | "gitlab", { baseUrl: string; apiUrl: string; webUrl: string; hosts: readonly string[] }>
> = {
  github: {
    baseUrl: "https://github.com",
    apiUrl: "https://api.github.com",
    webUrl: "https://github.com",
    hosts: ["github.com", "api.github.com", "www.github.com"],
  },
  gitlab: {
    baseUrl: "https://gitlab.com",
    apiUrl: "https://gitlab.com/api/v4",
    webUrl: "https://gitlab.com",
    hosts: ["gitlab.com", "www.gitlab.com"],
  },
};

const API_SUFFIX: Readonly<Record<ScmKind, string>> = {
  github: "",
  "github-enterprise": "/api/v3",
  gitlab: "/api/v4",
  "gitlab-self-managed": "/api/v4",
};

const EXAMPLE: Readonly<Record<ScmKind, string>> = {
  github: "https://github.com",
  "github-enterprise": "https://ghe.example.com",
  gitlab: "https://gitlab.com",
  "gitlab-self-managed": "https://gitlab.example.com",
};

function isCloud(scm: ScmKind): scm is "github" | "gitlab" {
  return scm === "github" || scm === "gitlab";
}

function cloudKindOf(scm: ScmKind): "github" | "gitlab" {
  return scm.startsWith("github") ? "github" : "gitlab";
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped), localhost and *.localhost, in any notation the URL parser accepts. */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "");
  let host = bare;
  try {
    host = new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}`).hostname;
  } catch {
    // not a host the parser accepts: classify the text as given
  }
  return classifyHost(host) === "loopback";
}

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

function showUrl(raw: string): string {
  return describeValue(sanitizeUrl(raw));
}

function refuse(field: string, raw: string, problem: string, fix: string): ScmIntegrationError {
  return new ScmIntegrationError("invalid-input", `${showUrl(raw)} ${problem}`, { field, fix });
}

interface ParsedUrl {
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
function parseUserUrl(raw: string, field: string, scm: ScmKind, allowInsecureLoopback: boolean): ParsedUrl {
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
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(field, raw, "is not a valid URL", `write the server's address, e.g. ${EXAMPLE[scm]}`);
  }
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
  return { origin: url.origin, hostname: url.hostname.toLowerCase(), path: url.pathname.replace(/\/+$/, "") };
}

function domainToUnicodeSafe(hostname: string): string | undefined {
  try {
    return domainToUnicode(hostname).toLowerCase();
  } catch {
    return undefined;
  }
}

function stripApiSuffix(path: string, scm: ScmKind): string {
  const suffix = API_SUFFIX[scm];
  if (suffix !== "" && (path === suffix || path.endsWith(suffix))) return path.slice(0, -suffix.length);
  return path;
}

function resolveCloud(scm: "github" | "gitlab", baseUrl: string | undefined, allowInsecureLoopback: boolean) {
  const cloud = CLOUD[scm];
  if (baseUrl === undefined) return cloud;
  const parsed = parseUserUrl(baseUrl, "baseUrl", scm, allowInsecureLoopback);
  const canonicalPath = scm === "gitlab" ? ["", "/api/v4"] : [""];
  if (
    !cloud.hosts.includes(parsed.hostname) ||
    parsed.origin !== `https://${parsed.hostname}` ||
    !canonicalPath.includes(parsed.path)
  ) {
    const selfHosted = scm === "github" ? "github-enterprise" : "gitlab-self-managed";
    throw refuse(
      "baseUrl",
      baseUrl,
      `is not the ${scm === "github" ? "GitHub.com" : "GitLab.com"} address`,
      `leave baseUrl unset (or write ${cloud.baseUrl}) for scm "${scm}"; for your own server use scm "${selfHosted}"`,
    );
  }
  return cloud;
}

function resolveSelfHosted(
  scm: "github-enterprise" | "gitlab-self-managed",
  baseUrl: string | undefined,
  allowInsecureLoopback: boolean,
) {
  if (baseUrl === undefined || baseUrl.trim() === "") {
    throw new ScmIntegrationError("invalid-input", `baseUrl is required for scm "${scm}"`, {
      field: "baseUrl",
      fix: `set baseUrl to your server's address, e.g. ${EXAMPLE[scm]}`,
    });
  }
  const parsed = parseUserUrl(baseUrl, "baseUrl", scm, allowInsecureLoopback);
  const cloudKind = cloudKindOf(scm);
  if (CLOUD[cloudKind].hosts.includes(parsed.hostname)) {
    throw refuse(
      "baseUrl",
      baseUrl,
      `is ${cloudKind === "github" ? "GitHub.com" : "GitLab.com"}, not a self-hosted server`,
      `use scm "${cloudKind}" and leave baseUrl unset`,
    );
  }
  const root = stripApiSuffix(parsed.path, scm);
  if (scm === "github-enterprise" && root !== "") {
    // GHES serves its API at /api/v3 of the host root and has no relative-root option.
    throw refuse(
      "baseUrl",
      baseUrl,
      "has a path GitHub Enterprise Server does not use",
      `write only the host, e.g. ${parsed.origin}`,
    );
  }
  if (scm === "gitlab-self-managed" && /\/api(\/v\d+)?$/.test(root)) {
    throw refuse(
      "baseUrl",
      baseUrl,
      "points at an API version GitLab does not serve (only /api/v4 exists)",
      `write the instance address, e.g. ${parsed.origin}${root.replace(/\/api(\/v\d+)?$/, "")}`,
    );
  }
  const base = `${parsed.origin}${root}`;
  return { baseUrl: base, apiUrl: `${base}${API_SUFFIX[scm]}`, webUrl: base };
}

/** The API URL from an override, checked like any user URL and completed with the kind's API path. */
function resolveOverride(scm: ScmKind, override: string, allowInsecureLoopback: boolean, field: string): string {
  const parsed = parseUserUrl(override, field, scm, allowInsecureLoopback);
  const root = stripApiSuffix(parsed.path, scm);
  return `${parsed.origin}${root}${API_SUFFIX[scm]}`;
}

/** Resolve what the user typed into the endpoint every client uses. Throws ScmIntegrationError("invalid-input"). */
export function resolveScmEndpoint(input: ResolveEndpointInput): ScmEndpoint {
  const allowInsecureLoopback = input.allowInsecureLoopback === true;
  const scm = input.scm;
  if (!(scm in API_SUFFIX)) {
    throw new ScmIntegrationError("invalid-input", `${describeValue(scm)} is not an SCM kind`, {
      field: "scm",
      fix: 'use one of "github", "github-enterprise", "gitlab", "gitlab-self-managed"',
    });
  }
  const resolved = isCloud(scm)
    ? resolveCloud(scm, input.baseUrl, allowInsecureLoopback)
    : resolveSelfHosted(scm, input.baseUrl, allowInsecureLoopback);
  const apiUrl =
    input.apiUrlOverride !== undefined
      ? resolveOverride(scm, input.apiUrlOverride, allowInsecureLoopback, input.apiUrlOverrideField ?? "apiUrlOverride")
      : resolved.apiUrl;
  const refusing = refusingList(new URL(apiUrl), input.allowedHosts ?? []);
  if (refusing) {
    const host = new URL(apiUrl).host;
    const [field, from] =
      input.apiUrlOverride !== undefined
        ? [input.apiUrlOverrideField ?? "apiUrlOverride", input.apiUrlOverride]
        : input.baseUrl !== undefined
          ? ["baseUrl", input.baseUrl]
          : ["scm", scm];
    throw new ScmIntegrationError(
      "invalid-input",
      `${showUrl(from)} sends the token to ${host}, which ${refusing.source} (${describeValue(refusing.text)}) does not allow; no request was made`,
      {
        field,
        fix: `if ${host} is your SCM, add it to ${refusing.source}; otherwise this change points a token at a host the stack does not trust`,
      },
    );
  }
  return { scm, baseUrl: resolved.baseUrl, apiUrl, webUrl: resolved.webUrl };
}

export interface CaCertificateProblem {
  field: string;
  problem: string;
  fix: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Check a CA bundle (one or more PEM certificates) before any connection uses it. Returns the first
 * problem, or undefined when every certificate parses and is within its validity period.
 */
export function validateCaCertificate(pem: string, now: Date = new Date()): CaCertificateProblem | undefined {
  const field = "caCertificate";
  if (typeof pem !== "string" || pem.trim() === "") {
    return { field, problem: "is empty", fix: "pass the PEM text of the CA certificate, or leave caCertificate unset" };
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    const looksLikePath = !pem.includes("\n") && /^[~./\\]|\.(pem|crt|cer)$/i.test(pem.trim());
    return {
      field,
      problem: looksLikePath
        ? `${describeValue(pem)} looks like a file path, not a PEM certificate`
        : "is not PEM: no -----BEGIN CERTIFICATE----- block found",
      fix: looksLikePath
        ? 'pass the file\'s contents, e.g. fs.readFileSync(path, "utf8") in the program'
        : "pass the CA certificate in PEM form (text starting with -----BEGIN CERTIFICATE-----)",
    };
  }
  for (const [index, block] of blocks.entries()) {
    const label = block[1] ?? "";
    if (label !== "CERTIFICATE") {
      // Never echo the block: it may be a private key.
      return {
        field,
        problem: `block ${index + 1} is a "${label}", not a CERTIFICATE`,
        fix: label.includes("PRIVATE KEY")
          ? "remove the private key from caCertificate (only the CA's public certificate belongs here) and rotate that key if it was shared"
          : "keep only -----BEGIN CERTIFICATE----- blocks",
      };
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block[0]);
    } catch (e) {
      return {
        field,
        problem: `certificate ${index + 1} cannot be parsed (${(e as Error).message})`,
        fix: "export the CA certificate again in PEM form and pass it unmodified",
      };
    }
    const subject = certificate.subject.replace(/\n/g, ", ");
    if (new Date(certificate.validTo).getTime() < now.getTime()) {
      return {
        field,
        problem: `certificate ${index + 1} (${subject}) expired on ${new Date(certificate.validTo).toISOString()}`,
        fix: "get the current CA certificate from the server's administrator",
      };
    }
    if (new Date(certificate.validFrom).getTime() > now.getTime()) {
      return {
        field,
        problem: `certificate ${index + 1} (${subject}) is not valid before ${new Date(certificate.validFrom).toISOString()}`,
        fix: "check the clock of the machine running Pulumi, or get the CA certificate currently in use",
      };
    }
  }
  return undefined;
}
