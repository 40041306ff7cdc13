// schema.json is a sound Pulumi package schema: tokens, $refs, descriptions, echoed inputs, flags.
// Each rule is also shown to catch a broken copy, so a validator that accepts anything fails here.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import type { PackageSchema, PropertySpec, TypeSpec } from "../../scripts/schema/schema-model";
import { loadSchema } from "../../scripts/schema/schema-model";
import { TOKEN_PATTERN, validateSchema } from "../../scripts/schema/validate-schema";

const schema = loadSchema();
const copy = (): PackageSchema => structuredClone(schema);

/** Every property spec in the document with where it sits. */
function allProperties(doc: PackageSchema): { at: string; spec: PropertySpec }[] {
  const found: { at: string; spec: PropertySpec }[] = [];
  const add = (prefix: string, properties: Record<string, PropertySpec> | undefined) => {
    for (const [name, spec] of Object.entries(properties ?? {})) found.push({ at: `${prefix}.${name}`, spec });
  };
  add("config", doc.config?.variables);
  for (const [token, type] of Object.entries(doc.types ?? {})) add(token, type.properties);
  for (const [token, resource] of Object.entries(doc.resources ?? {})) {
    add(`${token}.inputs`, resource.inputProperties);
    add(`${token}.outputs`, resource.properties);
  }
  return found;
}

function refsIn(spec: TypeSpec): string[] {
  return [
    ...(spec.$ref === undefined ? [] : [spec.$ref]),
    ...(spec.items ? refsIn(spec.items) : []),
    ...(spec.additionalProperties ? refsIn(spec.additionalProperties) : []),
  ];
}

describe("schema.json structure", () => {
  it("passes the structural validator with no problems", () => {
    assert.deepEqual(validateSchema(schema), []);
  });

  it("declares the package and the four resources by token", () => {
    assert.equal(schema.name, "scm-integrations");
    assert.deepEqual(Object.keys(schema.resources ?? {}).sort(), [
      "scm-integrations:index:Integration",
      "scm-integrations:index:OrgConnection",
      "scm-integrations:index:RepositoryImport",
      "scm-integrations:index:SnykCodeSettings",
    ]);
  });

  it("uses tokens that match the metaschema token pattern", () => {
    const tokens = [...Object.keys(schema.types ?? {}), ...Object.keys(schema.resources ?? {})];
    assert.equal(tokens.length, 22);
    for (const token of tokens) assert.match(token, TOKEN_PATTERN, token);
    assert.doesNotMatch("scm-integrations:index:9Bad", TOKEN_PATTERN);
    assert.doesNotMatch("scm-integrations:Integration", TOKEN_PATTERN);
  });

  it("resolves every $ref to a declared type", () => {
    const refs = allProperties(schema).flatMap(({ spec }) => refsIn(spec));
    assert.ok(refs.length >= 20, `only ${refs.length} refs found`);
    for (const ref of refs) {
      assert.ok(ref.startsWith("#/types/"), ref);
      assert.ok(schema.types?.[ref.slice("#/types/".length)], `${ref} does not resolve`);
    }
  });

  it("describes every property, type, enum value and resource", () => {
    for (const { at, spec } of allProperties(schema)) {
      assert.ok((spec.description ?? "").length >= 10, `${at} needs a description`);
    }
    for (const [token, type] of Object.entries(schema.types ?? {})) {
      assert.ok(type.description, token);
      for (const value of type.enum ?? []) assert.ok(value.description, `${token} ${String(value.value)}`);
    }
    for (const [token, resource] of Object.entries(schema.resources ?? {})) assert.ok(resource.description, token);
  });

  it("gives every config variable its environment fallback", () => {
    const variables = schema.config?.variables ?? {};
    assert.deepEqual(
      Object.fromEntries(Object.entries(variables).map(([name, spec]) => [name, spec.defaultInfo?.environment])),
      {
        snykToken: ["SNYK_TOKEN"],
        snykRegion: ["SCM_INTEGRATIONS_SNYK_REGION"],
        snykApiUrl: ["SCM_INTEGRATIONS_SNYK_API_URL"],
        semgrepToken: ["SEMGREP_APP_TOKEN"],
        semgrepApiUrl: ["SCM_INTEGRATIONS_SEMGREP_API_URL"],
        githubApiUrl: ["SCM_INTEGRATIONS_GITHUB_API_URL"],
        gitlabApiUrl: ["SCM_INTEGRATIONS_GITLAB_API_URL"],
        allowInsecureLoopback: ["SCM_INTEGRATIONS_ALLOW_INSECURE_LOOPBACK"],
        httpCacheDir: ["SCM_INTEGRATIONS_HTTP_CACHE_DIR"],
        // Its environment variable is a second list that applies as well, not a fallback the stack's
        // config could replace (resources/provider-config.ts scmHostAllowLists).
        allowedScmHosts: undefined,
      },
    );
    assert.equal(variables.snykToken?.secret, true);
    assert.equal(variables.semgrepToken?.secret, true);
    assert.equal(variables.snykRegion?.default, "SNYK-US-01");
  });

  it("keeps the token fingerprint public and every token secret", () => {
    const integration = schema.resources?.["scm-integrations:index:Integration"];
    assert.equal(integration?.properties?.tokenFingerprint?.secret, undefined);
    assert.equal(integration?.inputProperties?.token?.secret, true);
    assert.equal(integration?.properties?.token?.secret, true);
    assert.equal(schema.types?.["scm-integrations:index:IntegrationReference"]?.properties?.token?.secret, true);
    assert.equal(schema.types?.["scm-integrations:index:ConnectionReference"]?.properties?.token?.secret, true);
  });
});

describe("the structural validator catches", () => {
  const integrationToken = "scm-integrations:index:Integration";

  it("a token outside the pattern", () => {
    const doc = copy();
    doc.types = {
      ...doc.types,
      "scm-integrations:index:9Digits": { type: "string", description: "x", enum: [{ value: "a", description: "a" }] },
    };
    assert.deepEqual(
      validateSchema(doc).filter((p) => p.includes("9Digits")),
      [`scm-integrations:index:9Digits: token does not match ${TOKEN_PATTERN.source}`],
    );
  });

  it("a dangling $ref", () => {
    const doc = copy();
    const inputs = doc.resources?.[integrationToken]?.inputProperties;
    assert.ok(inputs?.platform);
    inputs.platform.$ref = "#/types/scm-integrations:index:Nope";
    assert.ok(
      validateSchema(doc).includes(
        `resources.${integrationToken}.inputProperties.platform: $ref #/types/scm-integrations:index:Nope does not resolve`,
      ),
    );
  });

  it("a missing description", () => {
    const doc = copy();
    const selector = doc.types?.["scm-integrations:index:RepositorySelector"]?.properties;
    assert.ok(selector?.forks);
    delete selector.forks.description;
    assert.deepEqual(validateSchema(doc), [
      "types.scm-integrations:index:RepositorySelector.properties.forks: needs a description a user can act on",
    ]);
  });

  it("an input that is not echoed as an output, and a misspelt flag", () => {
    const doc = copy();
    const resource = doc.resources?.[integrationToken];
    assert.ok(resource?.properties?.caCertificate && resource.inputProperties?.baseUrl);
    delete resource.properties.caCertificate;
    (resource.inputProperties.baseUrl as Record<string, unknown>).replaceOnChange = true;
    assert.deepEqual(validateSchema(doc).sort(), [
      `resources.${integrationToken}.inputProperties.baseUrl: unknown property-spec key "replaceOnChange"`,
      `resources.${integrationToken}.properties: input "caCertificate" is not echoed as an output`,
    ]);
  });

  it("a default that is not an enum value, and a default out of bounds", () => {
    const doc = copy();
    const inputs = doc.resources?.["scm-integrations:index:RepositoryImport"]?.inputProperties;
    assert.ok(inputs?.mode && inputs.concurrency);
    inputs.mode.default = "sometimes";
    inputs.concurrency.default = 99;
    const at = "resources.scm-integrations:index:RepositoryImport.inputProperties";
    assert.deepEqual(
      validateSchema(doc).filter((p) => p.startsWith(at)),
      [`${at}.mode: default "sometimes" is not an enum value`, `${at}.concurrency: default above maximum`],
    );
  });
});
