// Contract: every emulator answer the provider relies on validates against GitHub's published
// OpenAPI description (@octokit/openapi): api.github.com.json for the cloud emulator, ghes-3.19.json
// for the Enterprise Server emulator. One file is loaded at a time, never the package index.
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { createGitHubEmulator } from "../../emulators/github/emulator";
import { TOKENS, baseSeed } from "./fixtures";
import type { EmulatorHost } from "../../emulators/host";
import type { GitHubSeed } from "../../emulators/github/seed";

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>
  >;
  components: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } & Record<
    string,
    unknown
  >;
}

const generated = path.join(path.dirname(require.resolve("@octokit/openapi/package.json")), "generated");

/** A validator for the JSON body of (path, status) in one description. */
class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly spec: OpenApiDocument;

  constructor(file: string) {
    this.spec = JSON.parse(readFileSync(path.join(generated, file), "utf8")) as OpenApiDocument;
    addFormats(this.ajv);
    // Registered once under an $id so every `#/components/...` reference resolves inside it.
    this.ajv.addSchema({ $id: "github", components: this.spec.components });
  }

  validator(specPath: string, status: number): ValidateFunction {
    const operation = this.spec.paths[specPath]?.get;
    assert.ok(operation, `${specPath} is not in the description`);
    let response = operation.responses[String(status)];
    assert.ok(response, `${specPath} documents no ${status}`);
    if (response.$ref) response = this.spec.components.responses[response.$ref.split("/").pop() as string];
    const schema = response?.content?.["application/json"]?.schema;
    assert.ok(schema, `${specPath} ${status} has no JSON schema`);
    return this.ajv.compile(rewriteRefs(schema) as object);
  }
}

/** `#/components/…` → `github#/components/…`, so an operation's schema finds them in the registered document. */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (schema && typeof schema === "object") {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `github${v}` : rewriteRefs(v),
      ]),
    );
  }
  return schema;
}

interface Case {
  name: string;
  url: string;
  token?: string;
  specPath: string;
  status: number;
}

const CASES: Case[] = [
  { name: "the authenticated user", url: "/user", token: TOKENS.aliceClassic, specPath: "/user", status: 200 },
  {
    name: "GET /user with an installation token",
    url: "/user",
    token: TOKENS.appInstallation,
    specPath: "/user",
    status: 403,
  },
  { name: "bad credentials", url: "/user", token: TOKENS.revoked, specPath: "/user", status: 401 },
  { name: "an organization", url: "/orgs/acme", token: TOKENS.aliceClassic, specPath: "/orgs/{org}", status: 200 },
  {
    name: "an unknown organization",
    url: "/orgs/nope",
    token: TOKENS.aliceClassic,
    specPath: "/orgs/{org}",
    status: 404,
  },
  {
    name: "a membership",
    url: "/user/memberships/orgs/acme",
    token: TOKENS.aliceClassic,
    specPath: "/user/memberships/orgs/{org}",
    status: 200,
  },
  {
    name: "no membership",
    url: "/user/memberships/orgs/acme",
    token: TOKENS.carolOutsider,
    specPath: "/user/memberships/orgs/{org}",
    status: 404,
  },
  {
    name: "membership refused to a token of another org",
    url: "/user/memberships/orgs/acme",
    token: TOKENS.aliceFineGrainedOther,
    specPath: "/user/memberships/orgs/{org}",
    status: 403,
  },
  {
    name: "a repository page",
    url: "/orgs/acme/repos?per_page=100&type=all&sort=full_name",
    token: TOKENS.aliceClassic,
    specPath: "/orgs/{org}/repos",
    status: 200,
  },
  {
    name: "a repository page by org id",
    url: "/organizations/4242/repos?per_page=3&page=2",
    token: TOKENS.aliceClassic,
    specPath: "/orgs/{org}/repos",
    status: 200,
  },
  {
    name: "a repository",
    url: "/repos/acme/api",
    token: TOKENS.aliceClassic,
    specPath: "/repos/{owner}/{repo}",
    status: 200,
  },
  {
    name: "a hidden repository",
    url: "/repos/acme/api",
    token: TOKENS.alicePublicOnly,
    specPath: "/repos/{owner}/{repo}",
    status: 404,
  },
  {
    name: "an SSO-protected repository",
    url: "/repos/acme/api",
    token: TOKENS.ssoRequired,
    specPath: "/repos/{owner}/{repo}",
    status: 403,
  },
  { name: "meta", url: "/meta", token: TOKENS.aliceClassic, specPath: "/meta", status: 200 },
];

for (const flavour of [
  { name: "github.com (api.github.com.json)", file: "api.github.com.json", enterprise: undefined, prefix: "" },
  { name: "GHES 3.19 (ghes-3.19.json)", file: "ghes-3.19.json", enterprise: { version: "3.19.1" }, prefix: "/api/v3" },
]) {
  describe(`contract: ${flavour.name}`, () => {
    let host: EmulatorHost<GitHubSeed>;
    let url = "";
    let contract: Contract;
    beforeAll(async () => {
      contract = new Contract(flavour.file);
      host = createGitHubEmulator({
        ...(flavour.enterprise ? { enterprise: flavour.enterprise } : {}),
        initialSeed: baseSeed(),
      });
      url = await host.start();
    });
    afterAll(async () => {
      await host.stop();
    });

    for (const c of CASES) {
      it(`${c.name}: ${c.status} body matches ${c.specPath}`, async () => {
        const response = await fetch(`${url}${flavour.prefix}${c.url}`, {
          headers: c.token ? { authorization: `token ${c.token}` } : {},
        });
        assert.equal(response.status, c.status);
        assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
        const body = await response.json();
        const validate = contract.validator(c.specPath, c.status);
        assert.ok(validate(body), `${c.specPath} ${c.status}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
        if (Array.isArray(body)) assert.ok(body.length > 0, "an empty page would validate trivially");
      });
    }

    it("the validator rejects a body that breaks the schema (the check can fail)", async () => {
      const response = await fetch(`${url}${flavour.prefix}/orgs/acme`, {
        headers: { authorization: `token ${TOKENS.aliceClassic}` },
      });
      const body = (await response.json()) as Record<string, unknown>;
      delete body.archived_at;
      body.id = "not-a-number";
      const validate = contract.validator("/orgs/{org}", 200);
      assert.equal(validate(body), false);
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
      assert.ok(problems.includes(" must have required property 'archived_at'"), problems.join("\n"));
      assert.ok(problems.includes("/id must be integer"), problems.join("\n"));
    });
  });
}
