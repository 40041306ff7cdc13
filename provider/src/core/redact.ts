import { createHash } from "node:crypto";
import { escapeInvisible } from "./raw-text-checks";

// Token redaction. Every message that leaves the provider (errors, log lines, check failures) passes
// through `redact`, so a token can only leak if it is neither registered nor shaped like a known token.

const REDACTED = "[REDACTED]";

// Shapes of credentials we may be handed (GitHub and GitLab prefixes from the SCM reference; Snyk
// keys are UUIDs but so are ids, so those are only removed when registered).
// No word boundaries: a token glued to the text around it ("0ghp_…", "ghp_…_suffix") is still a token,
// and scrubbing a look-alike loses nothing.
const TOKEN_PATTERNS: readonly RegExp[] = [
  /(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}/g,
  /github_pat_[A-Za-z0-9_]{20,255}/g,
  /gl(?:pat|oas|dt|rt|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_-]{16,255}/g,
];

// Module-level on purpose: the provider package is loaded once per provider process (never serialized
// into state), and every secret it has seen must be scrubbed from every later message.
const knownSecrets = new Set<string>();

/** Remember a secret so that later messages never contain it. Short strings are ignored (too ambiguous). */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value === "string" && value.length >= 8) knownSecrets.add(value);
}

/** Remove every remembered secret and every token-shaped string from `text`. */
export function redact(text: string, extraSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const secrets = [...knownSecrets, ...extraSecrets.filter((s): s is string => typeof s === "string" && s.length >= 8)];
  // Longest first, so a secret that contains another is removed whole.
  secrets.sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** How a secret value is shown in a message: never the value, only what helps a user recognise it. */
export function describeSecret(value: unknown): string {
  if (typeof value !== "string") return `<${value === null ? "null" : typeof value}>`;
  if (value.length === 0) return "<empty string>";
  const prefix = /^(ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|gloas-|gldt-)/.exec(value)?.[1];
  return `<secret, ${value.length} characters${prefix ? `, prefix "${prefix}"` : ""}>`;
}

/**
 * How a non-secret value is shown in a message: JSON, shortened, with every invisible character
 * (controls, U+200B, U+00AD, U+FEFF, bidi controls, odd spaces) written as an escape, never dropped.
 */
export function describeValue(value: unknown, maxLength = 120): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  text = escapeInvisible(redact(text));
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

// What marks a value that carries a credential although its input is not declared secret: a URL with
// userinfo (RFC 3986 §3.2.1, "user:password@"), a query parameter named like a credential (GitLab's
// `private_token` and OAuth's `access_token` are accepted in URLs; docs.gitlab.com "REST API
// authentication"), a PEM private key (RFC 7468 §10/§11 labels end in "PRIVATE KEY"), a Semgrep API
// token (`sgp_`, UNVERIFIED as in plan/input-syntax), and every token shape above.
const CREDENTIAL_MARKS: readonly RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i,
  /[?&;](?:private[_-]?token|access[_-]?token|id[_-]?token|refresh[_-]?token|token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|passwd|pass|pwd|auth|authorization|sig|signature|x-amz-signature|x-goog-signature)=/i,
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
  /\bsgp_[A-Za-z0-9]{16,}/,
  ...TOKEN_PATTERNS.map((pattern) => new RegExp(pattern.source)),
];

/**
 * Whether `value` (any JSON: strings are searched, objects and arrays walked, keys included) holds a
 * credential: a remembered secret or anything CREDENTIAL_MARKS recognise. The engine prints the value
 * of a property a check failure names (`property baseUrl value {…} has a problem`), secret or not:
 * failures about such values are reported without the property (resources/failures.ts shieldFailures).
 */
export function carriesCredential(value: unknown): boolean {
  const seen = (text: string) =>
    CREDENTIAL_MARKS.some((mark) => mark.test(text)) || [...knownSecrets].some((secret) => text.includes(secret));
  const walk = (current: unknown): boolean => {
    if (typeof current === "string") return seen(current);
    if (current === null || typeof current !== "object") return false;
    if (Array.isArray(current)) return current.some(walk);
    return Object.entries(current as Record<string, unknown>).some(([key, inner]) => seen(key) || walk(inner));
  };
  return walk(value);
}

/** A short, stable, non-reversible fingerprint of a token: shows rotations without revealing it. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 12);
}
