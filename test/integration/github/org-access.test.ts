// Organization access against the GitHub emulator over HTTP (cloud and GHES).
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { createGitHubClient } from "../../../provider/src/scm/github/client";
import { TOKENS, assertNoToken, baseSeed, cloudEndpoint, enterpriseEndpoint } from "./fixtures";
import type { ScmEndpoint } from "../../../provider/src/scm/types";
import { VirtualClock } from "../../support/virtual-clock";
import { scmRejection } from "../../support/rejection";

const cloud = createGitHubEmulator({ initialSeed: baseSeed() });
const ghes = createGitHubEmulator({ enterprise: { version: "3.19.0" }, initialSeed: baseSeed() });
let cloudUrl = "";
let ghesUrl = "";
beforeAll(async () => {
  cloudUrl = await cloud.start();
  ghesUrl = await ghes.start();
});
afterAll(async () => {
  await cloud.stop();
  await ghes.stop();
});

const client = (token: string, endpoint?: ScmEndpoint) =>
  createGitHubClient({ endpoint: endpoint ?? cloudEndpoint(cloudUrl), token, clock: new VirtualClock() });

const rejection = (promise: Promise<unknown>) => scmRejection(promise, { leakCheck: assertNoToken });

describe("getOrgAccess", () => {
  it("an admin member: role and state", async () => {
    const access = await client(TOKENS.aliceClassic).getOrgAccess("acme");
    assert.deepEqual(access, {
      organization: "acme",
      id: 4242,
      role: "admin",
      state: "active",
      webUrl: `${cloudUrl}/acme`,
    });
  });

  it("a plain member on GHES, with a differently cased login", async () => {
    const access = await client(TOKENS.bobLegacy, enterpriseEndpoint(ghesUrl)).getOrgAccess("ACME");
    assert.equal(access.organization, "acme");
    assert.equal(access.role, "member");
    assert.equal(access.state, "active");
  });

  it("an unknown organization is not-found, with its own message", async () => {
    const e = await rejection(client(TOKENS.aliceClassic).getOrgAccess("nope"));
    assert.equal(e.kind, "not-found");
    assert.equal(e.field, "organization");
    assert.match(e.message, /^organization: there is no GitHub organization "nope" on 127\.0\.0\.1:\d+/);
  });

  it("an existing organization the owner does not belong to is no-access, with a different message", async () => {
    const e = await rejection(client(TOKENS.carolOutsider).getOrgAccess("acme"));
    assert.equal(e.kind, "no-access");
    assert.equal(e.field, "organization");
    assert.match(e.message, /organization "acme" exists, but the token's owner is not a member of it/);
  });

  it("a pending invitation is no-access, telling to accept it", async () => {
    const e = await rejection(client(TOKENS.davePending).getOrgAccess("acme"));
    assert.equal(e.kind, "no-access");
    assert.match(e.message, /dave was invited to "acme" but has not accepted the invitation/);
  });

  it("a fine-grained token granted another org is no-access naming the token field", async () => {
    const e = await rejection(client(TOKENS.aliceFineGrainedOther).getOrgAccess("acme"));
    assert.equal(e.kind, "no-access");
    assert.equal(e.field, "token");
    assert.match(e.message, /Resource not accessible by personal access token/);
    assert.equal(e.message.match(/Fix:/g)?.length, 1, e.message);
  });

  it("a fine-grained token granted the org gets the owner's role", async () => {
    const access = await client(TOKENS.aliceFineGrained).getOrgAccess("acme");
    assert.equal(access.role, "admin");
  });

  it("an app installation reports its access as the installation's, never a member role", async () => {
    const access = await client(TOKENS.appInstallation).getOrgAccess("acme");
    assert.deepEqual(access, { organization: "acme", id: 4242, role: "app-installation", webUrl: `${cloudUrl}/acme` });
  });

  it("SAML SSO not authorized: sso-required", async () => {
    const e = await rejection(client(TOKENS.ssoRequired).getOrgAccess("acme"));
    assert.equal(e.kind, "sso-required");
    assert.equal(e.status, 403);
  });

  it("bad credentials stay bad credentials", async () => {
    const e = await rejection(client(TOKENS.revoked).getOrgAccess("acme"));
    assert.equal(e.kind, "bad-credentials");
  });
});
