// The Snyk emulator's Snyk Code settings on their own, probed the way the REST description defines them
// (GET / PATCH /rest/orgs/{org_id}/settings/sast): JSON:API documents, the version query parameter, the
// PATCH body's exact shape (no other properties), 201 on PATCH, 404 for an org the key cannot use, the
// seeded state and the control route that changes it out of band.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import { exemptProbeRequests } from "../../support/contract-recorder";
import { jsonBody } from "../../support/realm";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { SnykSeed } from "../../emulators/snyk/seed";

exemptProbeRequests(
  "probes the Snyk emulator's sast settings routes directly (bad bodies, missing versions), not through an adapter",
);

const KEY = "c1e2a3b4-0000-4000-8000-00000000sast";
const ON = "6f0b4c4e-0000-4000-8000-00000000d001";
const OFF = "6f0b4c4e-0000-4000-8000-00000000d002";
const HIDDEN = "6f0b4c4e-0000-4000-8000-00000000d003";
const seed: SnykSeed = {
  apiKeys: [{ token: KEY, orgs: [ON, OFF] }],
  orgs: [{ id: ON, snykCode: { enabled: true, autofixEnabled: true } }, { id: OFF }, { id: HIDDEN }],
};

let emulator: SnykEmulator;
const url = (org: string, version = "2023-09-11") =>
  `${emulator.url}/rest/orgs/${org}/settings/sast${version ? `?version=${version}` : ""}`;
const headers = { authorization: `token ${KEY}`, "content-type": "application/vnd.api+json" };
const patch = (org: string, body: unknown, version?: string) =>
  fetch(url(org, version), { method: "PATCH", headers, body: JSON.stringify(body) });
const sastBody = (org: string, enabled: unknown, extra: Record<string, unknown> = {}) => ({
  data: { id: org, type: "sast_settings", attributes: { sast_enabled: enabled, ...extra } },
});

beforeAll(async () => {
  emulator = createSnykEmulator(seed);
  await emulator.start();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.seed(seed));

describe("Snyk emulator: settings/sast", () => {
  it("serves the seeded setting as a JSON:API document, default off", async () => {
    const on = await fetch(url(ON, "2023-06-22"), { headers });
    assert.equal(on.status, 200);
    assert.match(on.headers.get("content-type") ?? "", /^application\/vnd\.api\+json/);
    assert.equal(on.headers.get("snyk-version-served"), "2023-06-22");
    const body = await jsonBody<{
      jsonapi: unknown;
      data: { id: string; attributes: unknown };
      links: unknown;
    }>(on);
    assert.deepEqual(body.jsonapi, { version: "1.0" });
    assert.deepEqual(body.data.attributes, { sast_enabled: true, autofix_enabled: true });
    assert.ok(body.links);
    const off = await jsonBody<{
      data: { attributes: { sast_enabled: boolean } };
    }>(await fetch(url(OFF), { headers }));
    assert.equal(off.data.attributes.sast_enabled, false);
  });

  it("PATCH sets it and answers 201 with the new setting", async () => {
    const res = await patch(OFF, sastBody(OFF, true));
    assert.equal(res.status, 201);
    assert.equal(
      (await jsonBody<{ data: { attributes: { sast_enabled: boolean } } }>(res)).data.attributes.sast_enabled,
      true,
    );
    assert.equal((emulator.dump() as { snykCode: Record<string, { enabled: boolean }> }).snykCode[OFF]?.enabled, true);
  });

  it("refuses bodies outside the description's shape with a JSON:API 400", async () => {
    for (const body of [
      sastBody(OFF, "yes"),
      sastBody(OFF, true, { autofix_enabled: true }),
      { data: { id: "not-a-uuid", type: "sast_settings", attributes: { sast_enabled: true } } },
      { ...sastBody(OFF, true), meta: {} },
    ]) {
      const res = await patch(OFF, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const errors = (await jsonBody<{ errors: { status: string }[] }>(res)).errors;
      assert.equal(errors[0]?.status, "400");
    }
    assert.equal((emulator.dump() as { snykCode: Record<string, { enabled: boolean }> }).snykCode[OFF]?.enabled, false);
  });

  it("needs the version parameter, a version the operation has, and an org the key may use", async () => {
    assert.equal((await fetch(url(ON, ""), { headers })).status, 400);
    assert.equal((await fetch(url(ON, "2023-01-01"), { headers })).status, 404);
    assert.equal((await patch(OFF, sastBody(OFF, true), "2023-06-22")).status, 404, "PATCH was released 2023-09-11");
    assert.equal((await fetch(url(HIDDEN), { headers })).status, 404);
  });

  it("PUT /_control/snyk-code changes it out of band", async () => {
    const res = await fetch(`${emulator.url}/_control/snyk-code`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ orgId: ON, enabled: false }),
    });
    assert.equal(res.status, 200);
    const now = await jsonBody<{
      data: { attributes: { sast_enabled: boolean } };
    }>(await fetch(url(ON), { headers }));
    assert.equal(now.data.attributes.sast_enabled, false);
  });
});
