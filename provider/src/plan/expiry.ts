// Token expiry, judged against a clock the caller passes in (pure, testable): the one policy for every
// SCM. The clients only report when a token expires (TokenInfo.expiresAt); what is refused and what is
// warned about is decided here, once. A date without a time (GitLab's `expires_at` is `YYYY-MM-DD`,
// expiring at 00:00 UTC that day) reads as that midnight UTC, which is also the earliest moment the
// date could mean.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long before its expiry a token is warned about: 30 days, the shortest expiry GitHub and GitLab
 * offer for a new token that is not already short-lived (GitHub: 7, 30, 60, 90 days or custom; GitLab:
 * up to a year, 30 days being the usual rotation policy), so a monthly review sees it in time.
 */
export const EXPIRY_WARNING_DAYS = 30;

// A date and time with no zone would otherwise be read in the machine's local zone; the SCMs mean UTC.
const DATE_TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The expiry instant, or undefined when the text is not a date. */
export function parseExpiry(expiresAt: string): Date | undefined {
  const text = expiresAt.trim();
  const time = Date.parse(DATE_TIME_WITHOUT_ZONE.test(text) ? `${text.replace(" ", "T")}Z` : text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** True when the token has expired at `now` (an expiry instant equal to now counts as expired). */
export function isExpired(expiresAt: string | undefined, now: Date): boolean {
  if (expiresAt === undefined) return false;
  const expiry = parseExpiry(expiresAt);
  return expiry !== undefined && expiry.getTime() <= now.getTime();
}

function remaining(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    return `${days} day${days === 1 ? "" : "s"}`;
  }
  if (ms >= HOUR_MS) {
    const hours = Math.floor(ms / HOUR_MS);
    return `${hours} hour${hours === 1 ? "" : "s"}`;
  }
  return "less than an hour";
}

/**
 * A warning when the token expires within `withinDays` of `now`, or when its expiry cannot be read.
 * Undefined when it does not expire, expires later, or has already expired (that is an error:
 * see `isExpired`). A short-lived token (a GitHub App's installation token lasts
 * 1 hour, its user-to-server token 8 hours: docs.github.com "Authenticating as a GitHub App
 * installation", "Refreshing user access tokens") is not one to rotate by hand: the warning says the
 * stored token will stop working instead.
 */
export function expiryWarning(
  expiresAt: string | undefined,
  now: Date,
  options: { withinDays?: number; shortLived?: boolean } = {},
): string | undefined {
  if (expiresAt === undefined) return undefined;
  const expiry = parseExpiry(expiresAt);
  if (expiry === undefined) {
    return `the token's expiry "${expiresAt}" is not a date; check when the token expires in the SCM`;
  }
  const left = expiry.getTime() - now.getTime();
  if (left > 0 && options.shortLived === true) {
    return (
      `the token is short-lived by design (it expires on ${expiry.toISOString()}, in ${remaining(left)}): a stored ` +
      "Integration token will stop working; use a long-lived token the platform can keep"
    );
  }
  if (left <= 0 || left > (options.withinDays ?? EXPIRY_WARNING_DAYS) * DAY_MS) return undefined;
  return (
    `the token expires on ${expiry.toISOString()}, in ${remaining(left)}; ` +
    "create a new token with the same scopes and update token before then"
  );
}
