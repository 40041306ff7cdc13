// Checks on the raw text of a value the user wrote, before a parser or DNS sees it: characters a
// reader cannot see (and the URL parser drops or rewrites), host names that mix scripts (homoglyphs),
// and the DNS label rules. Used by the URL, allowed-host and input-syntax checks; where a host may
// be reached at all is ./destination.
import { domainToUnicode } from "node:url";

// Characters the URL parser drops, maps or rewrites without saying so, and that make a value look
// like something it is not: controls, every kind of whitespace, format characters (Cf: U+200B,
// U+00AD, U+FEFF, bidi controls), default-ignorables (variation selectors, U+034F) and backslash
// (the parser reads `\` as `/`, so `https://evil.example\@ghe.example.com` goes to evil.example).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{White_Space}\p{Default_Ignorable_Code_Point}\\]/u;

/** `\uXXXX` for every character a reader could not see (or would misread) in a message. */
export function escapeInvisible(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu,
    (c) =>
      [...c]
        .map((ch) => {
          const cp = ch.codePointAt(0)!;
          return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
        })
        .join(""),
  );
}

/** The first character of `text` that INVISIBLE refuses, as U+XXXX, or undefined. */
export function firstInvisible(text: string): string | undefined {
  const m = INVISIBLE.exec(text);
  if (!m) return undefined;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

// Scripts a hostname letter may belong to; a letter of any other script counts as "Other".
const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Armenian",
  "Georgian",
  "Hebrew",
  "Arabic",
  "Devanagari",
  "Thai",
  "Hangul",
  "Han",
  "Hiragana",
  "Katakana",
] as const;
const SCRIPT_RES = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, "u")] as const);
// Japanese and Korean names legitimately combine these.
const COMPATIBLE = [new Set(["Han", "Hiragana", "Katakana"]), new Set(["Han", "Hangul"])];

function scriptOf(ch: string): string | undefined {
  if (!/\p{L}/u.test(ch)) return undefined; // digits, hyphen, dot, combining marks: no script of their own
  return SCRIPT_RES.find(([, re]) => re.test(ch))?.[0] ?? "Other";
}

/**
 * The rule chosen for non-ASCII hosts: the whole hostname's letters are of ONE script (Han with
 * Hiragana/Katakana or Hangul counts as one). Per-label single-script would still let `аррӏе.com`
 * (Cyrillic) pass next to a Latin TLD; whole-name single-script refuses that and every `gіthub.com`,
 * yet keeps genuine IDNs (`münchen.example`, `пример.рф`) usable. Punycode (`xn--`) labels are
 * decoded first, so writing the homoglyph in ASCII form does not bypass the rule.
 * Returns the scripts found when they mix, undefined when the name is fine.
 */
export function mixedScripts(asciiHostname: string): string[] | undefined {
  const unicode = domainToUnicode(asciiHostname) || asciiHostname;
  const scripts = new Set<string>();
  for (const ch of unicode) {
    const s = scriptOf(ch);
    if (s) scripts.add(s);
  }
  if (scripts.size <= 1) return undefined;
  if (COMPATIBLE.some((group) => [...scripts].every((s) => group.has(s)))) return undefined;
  return [...scripts];
}

/** Label and length rules of DNS names (RFC 1035 / 1123), on the ASCII (punycode) form. */
export function hostnameProblem(asciiHostname: string): string | undefined {
  const host = asciiHostname.toLowerCase();
  if (host.length > 253) return `has a host name of ${host.length} characters (at most 253)`;
  const labels = host.split(".");
  if (labels.some((l) => l === ""))
    return "has an empty label in its host name (two dots in a row, or a dot at an end)";
  const long = labels.find((l) => l.length > 63);
  if (long) return `has a host name label of ${long.length} characters (at most 63)`;
  const bad = labels.find((l) => !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(l));
  if (bad) return `has a host name label that is not letters, digits and inner hyphens (${JSON.stringify(bad)})`;
  return undefined;
}
