// GitHub-Authentication-Token-Expiration: not in the OpenAPI description
// (https://github.blog/changelog/2021-07-26-expiration-options-for-personal-access-tokens/); seen as
// `2026-01-01 00:00:00 UTC` and, UNVERIFIED, with a numeric offset (`2026-01-01 09:00:00 +0900`).

/** The header's instant as ISO 8601 (UTC), or undefined when absent or unreadable. */
export function parseTokenExpiration(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const match = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})\s*$/i.exec(value);
  if (!match) return undefined;
  const zone = (match[3] as string).toUpperCase();
  const offset = zone === "UTC" || zone === "GMT" || zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
