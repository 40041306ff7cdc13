// errorFailure: an input problem names its field; a transient fault of a service (5xx or rate limits
// after retries, no answer in time, a listing cut short by those or by a later page's lost connection or
// broken answer) names no field and says outage.
import assert from "node:assert/strict";
import { describe, test } from "@jest/globals";
import { ScmIntegrationError } from "../../provider/src/core/errors";
import { errorFailure, isOutage } from "../../provider/src/resources/failures";

describe("errorFailure", () => {
  const outages: [string, ScmIntegrationError][] = [
    ["5xx after retries", new ScmIntegrationError("server-error", "ghe.example.com kept failing with HTTP 503")],
    ["429 after retries", new ScmIntegrationError("rate-limited", "ghe.example.com kept answering 429")],
    [
      "a timeout that names baseUrl",
      new ScmIntegrationError("unreachable", "ghe.example.com did not answer in time", { field: "baseUrl" }),
    ],
    [
      "a listing cut short by 5xx",
      new ScmIntegrationError("incomplete", 'the repository listing of "acme" is incomplete', {
        field: "organization",
        details: { causeKind: "server-error" },
      }),
    ],
    [
      "a listing whose later page lost its connection",
      new ScmIntegrationError("incomplete", 'the repository listing of "acme" is incomplete', {
        field: "organization",
        details: { causeKind: "unreachable" },
      }),
    ],
    [
      "a listing whose later page came back broken",
      new ScmIntegrationError("incomplete", 'the repository listing of "acme" is incomplete', {
        field: "organization",
        details: { causeKind: "protocol" },
      }),
    ],
  ];
  for (const [name, error] of outages) {
    test(`${name}: an outage, naming no input`, () => {
      assert.equal(isOutage(error), true);
      const failure = errorFailure(error, "token");
      assert.equal(failure.property, "");
      assert.match(failure.reason, /^service unavailable \(an outage of the service, not a problem with the inputs/);
      assert.doesNotMatch(failure.reason, /: (baseUrl|organization): /);
    });
  }

  const inputProblems: [string, ScmIntegrationError, string][] = [
    [
      "a refused connection names baseUrl",
      new ScmIntegrationError("unreachable", "cannot reach x (ECONNREFUSED)", { field: "baseUrl" }),
      "baseUrl",
    ],
    ["bad credentials fall back to token", new ScmIntegrationError("bad-credentials", "401"), "token"],
    [
      "a listing cut short by 404 is not an outage",
      new ScmIntegrationError("incomplete", "incomplete", {
        field: "organization",
        details: { causeKind: "not-found" },
      }),
      "organization",
    ],
  ];
  for (const [name, error, field] of inputProblems) {
    test(name, () => {
      assert.equal(isOutage(error), false);
      assert.equal(errorFailure(error, "token").property, field);
    });
  }
});
