import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { EXPIRY_WARNING_DAYS, expiryWarning, isExpired, parseExpiry } from "../../../provider/src/plan/expiry";

const now = new Date("2025-06-01T12:00:00.000Z");

describe("expiry", () => {
  it("reads ISO instants, GitLab dates (00:00 UTC) and zone-less date-times as UTC", () => {
    assert.equal(parseExpiry("2025-06-10")?.toISOString(), "2025-06-10T00:00:00.000Z");
    assert.equal(parseExpiry("2025-06-10T08:30:00+02:00")?.toISOString(), "2025-06-10T06:30:00.000Z");
    assert.equal(parseExpiry("2025-06-10 08:30:00")?.toISOString(), "2025-06-10T08:30:00.000Z");
    assert.equal(parseExpiry("2025-06-10 08:30:00 UTC")?.toISOString(), "2025-06-10T08:30:00.000Z");
    assert.equal(parseExpiry("next tuesday"), undefined);
  });

  it("isExpired: past and the exact instant are expired; future, absent and unreadable are not", () => {
    assert.equal(isExpired("2025-06-01T11:59:59Z", now), true);
    assert.equal(isExpired("2025-06-01T12:00:00Z", now), true);
    assert.equal(isExpired("2025-06-01", now), true);
    assert.equal(isExpired("2025-06-01T12:00:01Z", now), false);
    assert.equal(isExpired(undefined, now), false);
    assert.equal(isExpired("soon", now), false);
  });

  it("warns within the window with the time left, and not outside it", () => {
    assert.equal(
      expiryWarning("2025-06-13", now),
      "the token expires on 2025-06-13T00:00:00.000Z, in 11 days; create a new token with the same scopes and update token before then",
    );
    assert.match(expiryWarning("2025-06-02T12:00:00Z", now) ?? "", /, in 1 day;/);
    assert.match(expiryWarning("2025-06-01T17:30:00Z", now) ?? "", /, in 5 hours;/);
    assert.match(expiryWarning("2025-06-01T12:30:00Z", now) ?? "", /, in less than an hour;/);
    assert.match(expiryWarning("2025-07-01T12:00:00Z", now) ?? "", /, in 30 days;/);
    assert.equal(expiryWarning("2025-07-01T12:00:01Z", now), undefined);
    assert.match(expiryWarning("2025-07-01T12:00:01Z", now, { withinDays: 31 }) ?? "", /, in 30 days;/);
    assert.equal(expiryWarning("2025-06-13", now, { withinDays: 7 }), undefined);
  });

  it("says a short-lived token (a GitHub App's) will stop working, whatever its expiry, instead of asking to rotate it", () => {
    assert.equal(
      expiryWarning("2025-06-01T13:00:00Z", now, { shortLived: true }),
      "the token is short-lived by design (it expires on 2025-06-01T13:00:00.000Z, in 1 hour): a stored Integration token will stop working; use a long-lived token the platform can keep",
    );
    assert.match(expiryWarning("2025-09-01T00:00:00Z", now, { shortLived: true }) ?? "", /short-lived by design/);
    assert.equal(expiryWarning("2025-05-01", now, { shortLived: true }), undefined, "expired is another check's");
  });

  it("is the one threshold, 30 days", () => {
    assert.equal(EXPIRY_WARNING_DAYS, 30);
  });

  it("leaves expired and non-expiring tokens to other checks, and warns on an unreadable date", () => {
    assert.equal(expiryWarning("2025-05-01", now), undefined);
    assert.equal(expiryWarning(undefined, now), undefined);
    assert.equal(
      expiryWarning("someday", now),
      'the token\'s expiry "someday" is not a date; check when the token expires in the SCM',
    );
  });
});
