import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { pageNumberOf, parseLinkHeader, withPage } from "../../provider/src/scm/github/link";
import { parseTokenExpiration } from "../../provider/src/scm/github/expiration";

describe("parseLinkHeader", () => {
  it("reads GitHub's id-based Link header", () => {
    const header =
      '<https://api.github.com/organizations/40887764/repos?per_page=100&page=2>; rel="next", ' +
      '<https://api.github.com/organizations/40887764/repos?per_page=100&page=34>; rel="last"';
    assert.deepEqual(parseLinkHeader(header), {
      next: "https://api.github.com/organizations/40887764/repos?per_page=100&page=2",
      last: "https://api.github.com/organizations/40887764/repos?per_page=100&page=34",
    });
  });
  it("handles unquoted and multi-valued rel, extra params, and empty input", () => {
    assert.deepEqual(
      parseLinkHeader('<http://x/a?page=1>; title="x"; rel=first, <http://x/a?page=3>; rel="prev last"'),
      {
        first: "http://x/a?page=1",
        prev: "http://x/a?page=3",
        last: "http://x/a?page=3",
      },
    );
    assert.deepEqual(parseLinkHeader(""), {});
    assert.deepEqual(parseLinkHeader(undefined), {});
  });
  it("reads a header the parser refuses, or a link without a rel, as no pagination information", () => {
    assert.deepEqual(parseLinkHeader("<broken"), {});
    assert.deepEqual(parseLinkHeader("garbage"), {});
    assert.deepEqual(parseLinkHeader("<http://x/a?page=2>; rel"), {});
  });
  it("round-trips any set of rels", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("next", "last", "prev", "first"), { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 4, maxLength: 4 }),
        (rels, pages) => {
          const header = rels
            .map((r, i) => `<https://h:8443/api/v3/organizations/9/repos?per_page=100&page=${pages[i]}>; rel="${r}"`)
            .join(", ");
          const parsed = parseLinkHeader(header);
          assert.deepEqual(Object.keys(parsed).sort(), [...rels].sort());
          rels.forEach((r, i) => assert.equal(pageNumberOf(parsed[r] as string), pages[i]));
        },
      ),
    );
  });
});

describe("pageNumberOf / withPage", () => {
  it("reads and replaces page, keeping the path form and other parameters", () => {
    assert.equal(pageNumberOf("http://h/organizations/1/repos?page=7&per_page=100"), 7);
    assert.equal(pageNumberOf("http://h/organizations/1/repos?per_page=100"), undefined);
    assert.equal(pageNumberOf("http://h/x?page=0"), undefined);
    assert.equal(pageNumberOf("http://h/x?page=abc"), undefined);
    assert.equal(pageNumberOf("not a url"), undefined);
    assert.equal(
      withPage("http://127.0.0.1:9/api/v3/organizations/1/repos?per_page=100&type=all&page=34", 5),
      "http://127.0.0.1:9/api/v3/organizations/1/repos?per_page=100&type=all&page=5",
    );
  });
});

describe("parseTokenExpiration", () => {
  it("reads the UTC and offset forms as the same instant", () => {
    assert.equal(parseTokenExpiration("2026-01-01 00:00:00 UTC"), "2026-01-01T00:00:00.000Z");
    assert.equal(parseTokenExpiration("2026-01-01 09:00:00 +0900"), "2026-01-01T00:00:00.000Z");
    assert.equal(parseTokenExpiration("2025-12-31 19:00:00 -0500"), "2026-01-01T00:00:00.000Z");
    assert.equal(parseTokenExpiration("2026-01-01 05:30:00 +05:30"), "2026-01-01T00:00:00.000Z");
  });
  it("returns undefined for absent or unreadable values", () => {
    assert.equal(parseTokenExpiration(undefined), undefined);
    assert.equal(parseTokenExpiration(""), undefined);
    assert.equal(parseTokenExpiration("tomorrow"), undefined);
    assert.equal(parseTokenExpiration("2026-13-45 99:00:00 UTC"), undefined);
  });
});
