// SCM endpoints from what a user types. `https://ghe.example.com`, `https://ghe.example.com/` and
// `https://ghe.example.com/api/v3` are the same GHES API; GitLab likewise with `/api/v4`, possibly
// under a relative root (`https://host/gitlab`). Cloud SCMs have one canonical address. Everything
// else is refused with a message that names the field, shows the value and says what to write.
import { X509Certificate } from "node:crypto";
import { refusingList, type HostAllowList } from "./allowed-hosts";
import { classifyHost } from "./destination";
import { ScmIntegrationError } from "./errors";
import type { ScmKind } from "./domain.generated";
import { describeValue } from "./redact";
import { API_SUFFIX, isCloud, resolveCloud, resolveOverride, resolveSelfHosted } from "./scm-addresses";
import { showUrl } from "./user-url";

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
