// The generated zod validators agree with schema.json (property by property, via z.toJSONSchema),
// the generated secret / replace / default lists match the schema flags, and the messages name the
// field without ever showing a secret.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { z } from "zod";
import * as generated from "../../provider/src/resources/schema.generated";
import {
  integrationInputsSchema,
  orgConnectionInputsSchema,
  repositoryImportInputsSchema,
} from "../../provider/src/resources/schema.generated";
import * as sdk from "../../sdk/types.generated";
import type { PackageSchema, PropertySpec, ResourceSpec, TypeSpec } from "../../scripts/schema/schema-model";
import { hints, loadSchema, lowerFirst, tokenName } from "../../scripts/schema/schema-model";

const schema = loadSchema();
const CANARY = "canary-token-ZQ8x3v5Kp0Lm7Nw2";

const builders: Record<string, () => z.ZodType> = {
  Integration: integrationInputsSchema,
  OrgConnection: orgConnectionInputsSchema,
  RepositoryImport: repositoryImportInputsSchema,
};

function resource(name: string): ResourceSpec {
  const spec = schema.resources?.[`scm-integrations:index:${name}`];
  assert.ok(spec, name);
  return spec;
}

/** The JSON Schema a Pulumi type spec should turn into (the subset zod emits for our builders). */
function expectedJson(doc: PackageSchema, spec: PropertySpec | TypeSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.$ref !== undefined) {
    const target = doc.types?.[spec.$ref.slice("#/types/".length)];
    assert.ok(target, spec.$ref);
    if (target.enum) Object.assign(out, { type: "string", enum: target.enum.map((e) => e.value) });
    else Object.assign(out, objectJson(doc, target.properties ?? {}, target.required ?? []));
  } else if (spec.type === "array") {
    Object.assign(out, { type: "array", items: expectedJson(doc, spec.items ?? {}) });
  } else if (spec.type === "object") {
    Object.assign(out, { type: "object", additionalProperties: expectedJson(doc, spec.additionalProperties ?? {}) });
  } else {
    out.type = spec.type;
  }
  const hint = hints(spec);
  for (const key of ["minimum", "maximum", "minLength"] as const) if (hint[key] !== undefined) out[key] = hint[key];
  if (hint.pattern !== undefined) out.pattern = new RegExp(hint.pattern).source;
  if ("description" in spec && spec.description !== undefined) out.description = spec.description;
  if ("default" in spec && spec.default !== undefined) out.default = spec.default;
  return out;
}

function objectJson(doc: PackageSchema, properties: Record<string, PropertySpec>, required: string[]) {
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, expectedJson(doc, p)])),
    required: [...required].sort(),
    additionalProperties: false,
  };
}

/** zod's JSON Schema, reduced to what schema.json can say (no $schema, no propertyNames, no implicit
 *  safe-integer bounds), with required lists sorted. */
function normalise(value: unknown, key?: string): unknown {
  if (Array.isArray(value))
    return key === "required" ? [...(value as string[])].sort() : value.map((v) => normalise(v));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "$schema" || k === "propertyNames") continue;
    if ((k === "minimum" || k === "maximum") && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    out[k] = normalise(v, k);
  }
  if (out.type === "object" && out.properties !== undefined && out.required === undefined) out.required = [];
  return out;
}

function paths(
  doc: PackageSchema,
  properties: Record<string, PropertySpec>,
  flag: "secret" | "replaceOnChanges",
  prefix = "",
): string[] {
  return Object.entries(properties).flatMap(([name, spec]) => {
    const here = prefix ? `${prefix}.${name}` : name;
    const own = spec[flag] ? [here] : [];
    const target = spec.$ref ? doc.types?.[spec.$ref.slice("#/types/".length)] : undefined;
    return target?.properties ? [...own, ...paths(doc, target.properties, flag, here)] : own;
  });
}

describe("zod validators agree with schema.json", () => {
  for (const [name, build] of Object.entries(builders)) {
    it(`${name}: same properties, types, requiredness, enums, bounds, defaults and descriptions`, () => {
      const spec = resource(name);
      const actual = normalise(z.toJSONSchema(build(), { io: "input" })) as Record<string, unknown>;
      const expected = objectJson(schema, spec.inputProperties ?? {}, spec.requiredInputs ?? []);
      assert.deepEqual(Object.keys(actual.properties as object), Object.keys(expected.properties));
      assert.deepEqual(actual.required, expected.required);
      for (const property of Object.keys(expected.properties)) {
        assert.deepEqual(
          (actual.properties as Record<string, unknown>)[property],
          (expected.properties as Record<string, unknown>)[property],
          `${name}.${property}`,
        );
      }
      assert.deepEqual(actual, expected);
    });
  }

  it("would notice a drifted schema (the comparison can fail)", () => {
    const drifted = structuredClone(schema);
    const concurrency = drifted.resources?.["scm-integrations:index:RepositoryImport"]?.inputProperties?.concurrency;
    assert.ok(concurrency);
    concurrency.language = { "scm-integrations": { minimum: 1, maximum: 64 } };
    const actual = normalise(z.toJSONSchema(repositoryImportInputsSchema(), { io: "input" })) as {
      properties: Record<string, unknown>;
    };
    assert.notDeepEqual(actual.properties.concurrency, expectedJson(drifted, concurrency));
  });

  it("exports builders, never module-level zod schemas (they cannot be closure-serialized)", () => {
    const zodValues = Object.entries(generated).filter(([, value]) => value instanceof z.ZodType);
    assert.deepEqual(
      zodValues.map(([key]) => key),
      [],
    );
    const builderNames = Object.keys(generated)
      .filter((key) => key.endsWith("Schema"))
      .sort();
    assert.deepEqual(builderNames, [
      "ciJobOnboardingSchema",
      "ciOnboardingStatusSchema",
      "connectionCheckStatusSchema",
      "connectionReferenceSchema",
      "importPlanSummarySchema",
      "integrationInputsSchema",
      "integrationReferenceSchema",
      "orgConnectionInputsSchema",
      "repositoryImportInputsSchema",
      "repositoryOnboardingSchema",
      "repositorySelectorSchema",
      "semgrepProvisioningOnboardingSchema",
      "snykCodeSettingsInputsSchema",
    ]);
  });
});

describe("generated secret, replace and default lists match the schema flags", () => {
  const facts = generated as unknown as Record<string, unknown>;
  for (const name of Object.keys(builders)) {
    const lower = lowerFirst(name);
    it(`${name}`, () => {
      const spec = resource(name);
      const inputs = spec.inputProperties ?? {};
      assert.deepEqual(facts[`${lower}ReplaceOnChanges`], paths(schema, inputs, "replaceOnChanges"));
      assert.deepEqual(facts[`${lower}SecretInputPaths`], paths(schema, inputs, "secret"));
      const outputs = spec.properties ?? {};
      const secretOutputs = Object.keys(outputs).filter(
        (key) => paths(schema, { [key]: outputs[key] ?? {} }, "secret").length > 0,
      );
      assert.deepEqual(facts[`${lower}SecretOutputs`], secretOutputs);
      assert.deepEqual(
        facts[`${lower}Defaults`],
        Object.fromEntries(
          Object.entries(inputs)
            .filter(([, p]) => p.default !== undefined)
            .map(([k, p]) => [k, p.default]),
        ),
      );
      assert.deepEqual((sdk as Record<string, unknown>)[`${lower}AdditionalSecretOutputs`], secretOutputs);
      assert.equal(facts[`${lower}Token`], `scm-integrations:index:${name}`);
      assert.equal(tokenName(facts[`${lower}Token`] as string), name);
    });
  }

  it("pins the values a reviewer relies on", () => {
    assert.deepEqual(generated.integrationSecretOutputs, ["token"]);
    assert.deepEqual(generated.integrationReplaceOnChanges, ["platform", "platformOrg", "level", "scm", "baseUrl"]);
    assert.deepEqual(generated.orgConnectionSecretOutputs, ["integration"]);
    assert.deepEqual(generated.orgConnectionReplaceOnChanges, [
      "integration.platform",
      "integration.platformOrg",
      "integration.scm",
      "integration.baseUrl",
      "organization",
    ]);
    assert.deepEqual(generated.repositoryImportSecretOutputs, ["connection", "onboarding"]);
    assert.deepEqual(generated.repositoryImportReplaceOnChanges, [
      "connection.organization",
      "connection.platform",
      "connection.platformOrg",
      "connection.scm",
      "connection.baseUrl",
    ]);
    assert.deepEqual(generated.repositoryImportDefaults, {
      mode: "additive",
      maxDeletions: 10,
      concurrency: 8,
      deleteFindings: false,
      adoptExisting: false,
    });
    assert.deepEqual(generated.integrationDefaults, { level: "organization", adoptExisting: false });
    assert.deepEqual(generated.repositoryImportComputedInputs, ["resolvedRepositories"]);
    assert.deepEqual(sdk.repositoryImportOutputOnlyProperties, [
      "resolvedRepositories",
      "desiredCount",
      "importedCount",
      "failedCount",
      "failures",
      "imported",
      "owned",
      "adopted",
      "listingComplete",
      "lastPlan",
      "ciOnboarding",
    ]);
    assert.ok(!generated.integrationComputedOutputs.some((key) => key === ("token" as string)));
  });
});

describe("validation messages", () => {
  const integration = {
    platform: "snyk",
    platformOrg: "6f1c2a7e-0000-4000-8000-000000000001",
    scm: "github",
    token: CANARY,
  };
  const reference = {
    integrationId: "int-1",
    platform: "snyk",
    platformOrg: "org-1",
    scm: "github",
    apiUrl: "https://api.github.com",
    token: CANARY,
  };

  it("fills defaults on valid inputs", () => {
    assert.deepEqual(integrationInputsSchema().parse(integration), {
      ...integration,
      level: "organization",
      adoptExisting: false,
    });
    assert.deepEqual(
      repositoryImportInputsSchema().parse({
        connection: { ...reference, connectionId: "c-1", organization: "acme" },
        repositories: ["acme/api"],
      }),
      {
        connection: { ...reference, connectionId: "c-1", organization: "acme" },
        repositories: ["acme/api"],
        mode: "additive",
        maxDeletions: 10,
        concurrency: 8,
        deleteFindings: false,
        adoptExisting: false,
      },
    );
  });

  it("names the field, the accepted values and the value received", () => {
    const result = integrationInputsSchema().safeParse({ ...integration, platform: "snik", level: "team" });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((i) => [i.path.join("."), i.message]),
      [
        ["platform", 'platform must be one of "snyk", "semgrep", got "snik"'],
        ["level", 'level must be one of "organization", "group", got "team"'],
      ],
    );
  });

  it("names nested and array fields", () => {
    const result = repositoryImportInputsSchema().safeParse({
      connection: { ...reference, connectionId: "c-1", organization: "acme", scm: "bitbucket" },
      repositories: ["acme/api", "no-slash"],
      selector: { visibility: ["secret"] },
      concurrency: 0,
    });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((i) => i.message),
      [
        'connection.scm must be one of "github", "github-enterprise", "gitlab", "gitlab-self-managed", got "bitbucket"',
        'repositories[] must be a full name like "owner/name" or "group/subgroup/name", got "no-slash"',
        'selector.visibility[] must be one of "public", "private", "internal", got "secret"',
        "concurrency must be an integer from 1 to 50, got 0",
      ],
    );
  });

  it("reports missing required fields and unknown keys", () => {
    const result = orgConnectionInputsSchema().safeParse({ organization: "acme", prComments: true });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((i) => i.message),
      [
        "integration is required: set it to an object with integrationId, platform, platformOrg, scm, baseUrl, apiUrl, token, caCertificate",
        'inputs: unknown property "prComments"; accepted properties are integration, organization, pullRequestComments, manageMembership, autoScan, adoptExisting',
      ],
    );
  });

  it("never shows a secret value", () => {
    const wrongType = integrationInputsSchema().safeParse({ ...integration, token: 12345678901 });
    assert.deepEqual(
      wrongType.error?.issues.map((i) => i.message),
      ["token must be a non-empty string, got <number>"],
    );
    const nested = orgConnectionInputsSchema().safeParse({
      integration: { ...reference, token: [CANARY] },
      organization: "acme",
    });
    const messages = nested.error?.issues.map((i) => i.message) ?? [];
    assert.deepEqual(messages, ["integration.token must be a string, got <object>"]);
    for (const message of messages) assert.ok(!message.includes(CANARY));
  });
});
