// The Snyk emulator's project tags as the V1 description defines them (POST
// /org/{orgId}/project/{projectId}/tags and …/tags/remove with a `Tag` body, answered with the
// project's tags; key up to 30 and value up to 50 characters, alphanumeric with - and _), and as the
// REST projects listing serves them (attributes.tags, the `tags` filter).
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createSnykEmulator, type SnykEmulator } from "../../emulators/snyk/emulator";
import type { SnykSeed } from "../../emulators/snyk/seed";
import { exemptProbeRequests } from "../../support/contract-recorder";
import { jsonBody } from "../../support/realm";

exemptProbeRequests("drives the Snyk emulator's tag endpoints directly, invalid tags included, not through an adapter");

const KEY = "c1e2a3b4-0000-4000-8000-00000000100a";
const ORG = "6f0b4c4e-0000-4000-8000-00000000b101";
const seed: SnykSeed = {
  apiKeys: [{ token: KEY }],
  orgs: [
    {
      id: ORG,
      integrations: [{ type: "github-enterprise", credentials: { token: "t", url: "https://api.github.com" } }],
      targets: [{ integrationType: "github-enterprise", displayName: "acme/api", projects: ["package.json"] }],
    },
  ],
};
const headers = { authorization: `token ${KEY}`, "content-type": "application/json" };

interface RestProjects {
  data: { id: string; attributes: { tags: { key: string; value: string }[] } }[];
}

describe("Snyk emulator: project tags", () => {
  let emulator: SnykEmulator;
  let base: string;
  let projectId: string;
  beforeAll(async () => {
    emulator = createSnykEmulator(seed);
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(async () => {
    emulator.reset();
    const list = await fetch(`${base}/rest/orgs/${ORG}/projects?version=2024-10-15`, { headers });
    projectId = (await jsonBody<RestProjects>(list)).data[0]!.id;
  });

  const tag = (body: unknown, suffix = "tags") =>
    fetch(`${base}/v1/org/${ORG}/project/${projectId}/${suffix}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });

  it("adds a tag, lists it, filters by it and removes it", async () => {
    const added = await tag({ key: "pulumi-owner", value: "stack-a_scanned" });
    assert.equal(added.status, 200);
    assert.deepEqual(await jsonBody(added), { tags: [{ key: "pulumi-owner", value: "stack-a_scanned" }] });
    const again = await tag({ key: "pulumi-owner", value: "stack-a_scanned" });
    assert.deepEqual(await jsonBody(again), { tags: [{ key: "pulumi-owner", value: "stack-a_scanned" }] });

    const filtered = await fetch(
      `${base}/rest/orgs/${ORG}/projects?version=2024-10-15&tags=pulumi-owner:stack-a_scanned`,
      { headers },
    );
    const page = await jsonBody<RestProjects>(filtered);
    assert.deepEqual(
      page.data.map((p) => [p.id, p.attributes.tags]),
      [[projectId, [{ key: "pulumi-owner", value: "stack-a_scanned" }]]],
    );
    const other = await fetch(`${base}/rest/orgs/${ORG}/projects?version=2024-10-15&tags=pulumi-owner:stack-b`, {
      headers,
    });
    assert.deepEqual((await jsonBody<RestProjects>(other)).data, []);

    const removed = await tag({ key: "pulumi-owner", value: "stack-a_scanned" }, "tags/remove");
    assert.equal(removed.status, 200);
    assert.deepEqual(await jsonBody(removed), { tags: [] });
  });

  it("REST updateOrgProject sets the project's whole tag list and refuses what the request schema does not allow", async () => {
    const patch = (body: unknown, id = projectId) =>
      fetch(`${base}/rest/orgs/${ORG}/projects/${id}?version=2024-10-15`, {
        method: "PATCH",
        headers: { ...headers, "content-type": "application/vnd.api+json" },
        body: JSON.stringify(body),
      });
    const update = (tags: unknown, id = projectId) => ({
      data: { type: "project", id, attributes: { tags }, relationships: {} },
    });
    await tag({ key: "team", value: "payments" });
    const set = await patch(update([{ key: "pulumi-owner", value: "stack-a_scanned" }]));
    assert.equal(set.status, 200);
    const answered = await jsonBody<{ data: RestProjects["data"][number] }>(set);
    assert.deepEqual(answered.data.attributes.tags, [{ key: "pulumi-owner", value: "stack-a_scanned" }]);
    const list = await fetch(`${base}/rest/orgs/${ORG}/projects?version=2024-10-15`, { headers });
    assert.deepEqual((await jsonBody<RestProjects>(list)).data[0]!.attributes.tags, answered.data.attributes.tags);

    for (const body of [
      update([{ key: "k".repeat(31), value: "v" }]),
      update([{ key: "k", value: "a/b" }]),
      { data: { type: "project", id: projectId, attributes: { tags: [] } } },
      { data: { type: "target", id: projectId, attributes: { tags: [] }, relationships: {} } },
    ]) {
      assert.equal((await patch(body)).status, 400, JSON.stringify(body));
    }
    const unknown = "00000000-0000-4000-8000-000000000000";
    assert.equal((await patch(update([]), unknown)).status, 404);
  });

  it("refuses a tag outside the description's characters and lengths, and an unknown project", async () => {
    for (const body of [
      { key: "pulumi owner", value: "x" },
      { key: "k".repeat(31), value: "x" },
      { key: "k", value: "v".repeat(51) },
      { key: "k", value: "a/b" },
      { key: "k" },
    ]) {
      assert.equal((await tag(body)).status, 400, JSON.stringify(body));
    }
    const missing = await fetch(`${base}/v1/org/${ORG}/project/00000000-0000-4000-8000-000000000000/tags`, {
      method: "POST",
      headers,
      body: JSON.stringify({ key: "k", value: "v" }),
    });
    assert.equal(missing.status, 404);
  });
});
