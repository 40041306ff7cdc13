// The Snyk ownership marker (provider/src/platforms/snyk/owner-tags.ts): deterministic, always within
// Snyk's tag limits (V1 description `Tag`: key ≤ 30, value ≤ 50, alphanumeric with - and _), distinct
// for distinct owners, and added to a project's tags without losing any or taking over another's.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import fc from "fast-check";
import {
  SNYK_HOLDER_TAG_KEY,
  SNYK_MARKED_TAG,
  SNYK_OWNER_TAG_KEY,
  SNYK_TAG_KEY_PATTERN,
  SNYK_TAG_VALUE_PATTERN,
  snykHolderValue,
  snykOwnerMarkerOf,
  snykOwnerTags,
  snykOwnerValue,
  tagsMarkingOwner,
} from "../../provider/src/platforms/snyk/owner-tags";

// Owners as the SDK builds them (`<project>/<stack>/<resource>`), with any characters and lengths.
const part = fc.string({ unit: "grapheme", minLength: 0, maxLength: 80 });
const owner = fc.oneof(
  fc.tuple(part, part, part).map(([p, s, r]) => `${p}/${s}/${r}`),
  fc.string({ unit: "binary", maxLength: 300 }),
);

describe("snykOwnerValue", () => {
  it("is deterministic and always a valid Snyk tag; both tags are", () => {
    fc.assert(
      fc.property(owner, (o) => {
        assert.equal(snykOwnerValue(o), snykOwnerValue(o));
        for (const tag of snykOwnerTags(o)) {
          assert.match(tag.key, SNYK_TAG_KEY_PATTERN, JSON.stringify(o));
          assert.match(tag.value, SNYK_TAG_VALUE_PATTERN, JSON.stringify(o));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives distinct owners distinct markers, also owners that read alike once sanitized or cut", () => {
    fc.assert(
      fc.property(owner, owner, (a, b) => {
        fc.pre(a !== b);
        assert.notEqual(snykOwnerValue(a), snykOwnerValue(b));
      }),
      { numRuns: 2000 },
    );
    const alike = ["p/s/r", "p_s_r", "p s r", "p//s/r", `${"x".repeat(60)}/a`, `${"x".repeat(60)}/b`];
    assert.equal(new Set(alike.map(snykOwnerValue)).size, alike.length);
  });

  it("reads as its owner where Snyk's characters allow", () => {
    assert.match(snykOwnerValue("scm-demo/dev/imports"), /^scm-demo_dev_imports-[0-9a-f]{12}$/);
    assert.match(snykOwnerValue("///"), /^[0-9a-f]{12}$/);
  });
});

describe("tagsMarkingOwner", () => {
  const o = "proj/stack-a/scanned";
  const holderTag = (id: string) => ({ key: SNYK_HOLDER_TAG_KEY, value: snykHolderValue(id) });
  it("adds both tags and keeps every tag the project has", () => {
    const existing = [{ key: "team", value: "payments" }];
    assert.deepEqual(tagsMarkingOwner(existing, o), [...existing, ...snykOwnerTags(o)]);
  });

  it("sends nothing when the project is marked already, or marked by another owner", () => {
    assert.equal(tagsMarkingOwner(snykOwnerTags(o), o), undefined);
    assert.equal(tagsMarkingOwner(snykOwnerTags("proj/stack-b/scanned"), o), undefined);
  });

  it("puts the holder's id in place of another holder's (a replacement), and sends nothing when it holds it", () => {
    const team = { key: "team", value: "payments" };
    const old = [team, ...snykOwnerTags(o, "ri-old")];
    assert.deepEqual(tagsMarkingOwner(old, o, "ri-new"), [team, ...snykOwnerTags(o).slice(0, 2), holderTag("ri-new")]);
    assert.equal(tagsMarkingOwner(snykOwnerTags(o, "ri-new"), o, "ri-new"), undefined);
    // Without a holder (no resource id known), a holder tag on the project stays.
    assert.equal(tagsMarkingOwner(old, o), undefined);
  });

  it("holder values are valid Snyk tags whatever the id", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), (id) => {
        assert.match(snykHolderValue(id), SNYK_TAG_VALUE_PATTERN);
      }),
    );
    assert.equal(snykHolderValue("ri-1b4e28ba-2fa1-11d2-883f-0016d3cca427"), "ri-1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  });

  it("completes a marker that lost its companion tag", () => {
    const ownerOnly = [{ key: SNYK_OWNER_TAG_KEY, value: snykOwnerValue(o) }];
    assert.deepEqual(tagsMarkingOwner(ownerOnly, o), [...ownerOnly, SNYK_MARKED_TAG]);
    assert.equal(snykOwnerMarkerOf(ownerOnly), snykOwnerValue(o));
  });
});
