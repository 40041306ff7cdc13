import { escapeInvisible } from "./destination";

// Token redaction. Every message that leaves the provider (errors, log lines, check failures) passes
// through `redact`, so a token can only leak if it is neither registered nor shaped like a known token.

const REDACTED = "[REDACTED]";

// Shapes of credentials we may be handed (GitHub and GitLab prefixes from the SCM reference; Snyk
// keys are UUIDs but so are ids, so those are only removed when registered).
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g,
  /\bgl(?:pat|oas|dt|rt|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_-]{16,255}/g,
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
