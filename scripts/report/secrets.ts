// Secrets in preview data. The engine marks a secret value with a signature key; depending on who
// wrote the data it carries the plaintext (`value`), a ciphertext (`ciphertext`, "[secret]" when
// blinded) or was already replaced by the string "[secret]" (`pulumi preview --json`). The report
// shows every one of them as "[secret]" and scrubs any plaintext it saw from every line it prints.
import { redact } from "../../provider/src/core/redact";

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's stand-in for an output not known until apply (a preview of a resource being created). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_TEXT = "[secret]";

export function isSecretWrapper(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && SECRET_SIG_KEY in value;
}

export function isSecret(value: unknown): boolean {
  return value === SECRET_TEXT || isSecretWrapper(value);
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** Every plaintext a secret wrapper carries anywhere in `value` (strings only; nested values flattened). */
export function collectSecretPlaintexts(value: unknown, into: Set<string> = new Set()): Set<string> {
  const addAll = (v: unknown) => {
    if (typeof v === "string") {
      if (v.length > 0 && v !== SECRET_TEXT) into.add(v);
    } else if (Array.isArray(v)) v.forEach(addAll);
    else if (v && typeof v === "object") Object.values(v).forEach(addAll);
  };
  const walk = (v: unknown) => {
    if (isSecretWrapper(v)) {
      addAll(v.value);
      addAll(v.plaintext);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return into;
}

/** Removes every known plaintext secret and every token-shaped string from text the report prints. */
export class Scrubber {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string>) {
    this.secrets = [...secrets];
  }

  text(value: string): string {
    // The provider's own redaction: registered secrets (here: the plaintexts found in the input) and token shapes.
    return redact(value, this.secrets).split("[REDACTED]").join(SECRET_TEXT);
  }
}
