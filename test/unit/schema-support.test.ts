// The runtime helpers the resources use with the generated code: check() validation with preview
// unknowns, replacement keys, secret paths and provider configuration.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { ScmIntegrationError } from "../../provider/src/core/errors";
import {
  integrationDefaults,
  integrationInputsSchema,
  orgConnectionDefaults,
  orgConnectionInputsSchema,
  orgConnectionReplaceOnChanges,
  orgConnectionSecretInputPaths,
  readProviderConfig,
} from "../../provider/src/resources/schema.generated";
import {
  UNKNOWN_VALUE,
  changedPaths,
  checkInputs,
  formatPath,
  replacementKeys,
  secretValues,
  changedKeys,
  sameJson,
} from "../../provider/src/resources/schema-support";

const CANARY = "canary-token-Hq2W9rT4yU6iO8pA";
const integration = { platform: "snyk", platformOrg: "org-1", scm: "github", token: CANARY };
const reference = {
  integrationId: "int-1",
  platform: "snyk",
  platformOrg: "org-1",
  scm: "github-enterprise",
  baseUrl: "https://ghe.example.com",
  apiUrl: "https://ghe.example.com/api/v3",
  token: CANARY,
};

describe("checkInputs", () => {
  it("sets __provider aside, validates and fills defaults", () => {
    const result = checkInputs(
      integrationInputsSchema(),
      { ...integration, __provider: "exports.handler = …" },
      integrationDefaults,
    );
    assert.deepEqual(result, {
      ok: true,
      inputs: { ...integration, level: "organization", adoptExisting: false },
      hasUnknowns: false,
    });
  });

  it("returns one failure per property, naming it, with secrets scrubbed", () => {
    const result = checkInputs(
      integrationInputsSchema(),
      { ...integration, scm: "svn", platformOrg: "", extra: CANARY },
      integrationDefaults,
    );
    assert.deepEqual(result, {
      ok: false,
      failures: [
        { property: "platformOrg", reason: 'platformOrg must be a non-empty string, got ""' },
        {
          property: "scm",
          reason: 'scm must be one of "github", "github-enterprise", "gitlab", "gitlab-self-managed", got "svn"',
        },
        {
          property: "extra",
          reason:
            'inputs: unknown property "extra"; accepted properties are platform, platformOrg, level, scm, baseUrl, token, caCertificate, adoptExisting',
        },
      ],
    });
  });

  it("does not judge values unknown during a preview, and still fills defaults", () => {
    const news = {
      integration: { ...reference, integrationId: UNKNOWN_VALUE, platform: UNKNOWN_VALUE },
      organization: "acme",
    };
    const result = checkInputs(orgConnectionInputsSchema(), news, orgConnectionDefaults);
    assert.deepEqual(result, {
      ok: true,
      inputs: { ...news, autoScan: false, adoptExisting: false },
      hasUnknowns: true,
    });
  });

  it("accepts a whole object that is unknown, but still reports known mistakes next to it", () => {
    const wholeUnknown = checkInputs(
      orgConnectionInputsSchema(),
      { integration: UNKNOWN_VALUE, organization: "acme" },
      {},
    );
    assert.equal(wholeUnknown.ok, true);
    const mixed = checkInputs(
      orgConnectionInputsSchema(),
      { integration: UNKNOWN_VALUE, organization: "acme", autoScan: "yes" },
      orgConnectionDefaults,
    );
    assert.deepEqual(mixed, {
      ok: false,
      failures: [{ property: "autoScan", reason: 'autoScan must be true or false, got "yes"' }],
    });
  });
});

describe("replacement and secret paths", () => {
  const olds = { integration: reference, organization: "acme", autoScan: false };

  it("reports the top-level key of a changed nested identity field", () => {
    const news = { ...olds, integration: { ...reference, baseUrl: "https://ghe2.example.com" } };
    assert.deepEqual(changedPaths(orgConnectionReplaceOnChanges, olds, news), ["integration.baseUrl"]);
    assert.deepEqual(replacementKeys(orgConnectionReplaceOnChanges, olds, news), ["integration"]);
  });

  it("does not replace for a token rotation or a non-identity change", () => {
    const news = { ...olds, integration: { ...reference, token: "rotated-token-0000" }, autoScan: true };
    assert.deepEqual(replacementKeys(orgConnectionReplaceOnChanges, olds, news), []);
  });

  it("counts an unknown identity value as a possible replacement", () => {
    const news = { ...olds, organization: UNKNOWN_VALUE };
    assert.deepEqual(replacementKeys(orgConnectionReplaceOnChanges, olds, news), ["organization"]);
  });

  it("finds the secret values to remember", () => {
    assert.deepEqual(secretValues(orgConnectionSecretInputPaths, olds), [CANARY]);
    assert.deepEqual(secretValues(orgConnectionSecretInputPaths, { organization: "acme" }), []);
  });

  it("formats zod paths the way users write them", () => {
    assert.equal(formatPath(["selector", "visibility", 2]), "selector.visibility[2]");
    assert.equal(formatPath([]), "");
  });
});

describe("readProviderConfig", () => {
  const noConfig = () => undefined;

  it("applies defaults when nothing is set", () => {
    assert.deepEqual(readProviderConfig(noConfig, {}), { snykRegion: "SNYK-US-01", allowInsecureLoopback: false });
  });

  it("prefers the namespaced key, then the project key, then the environment", () => {
    const config: Record<string, string> = {
      "scm-integrations:snykToken": "from-namespaced-config",
      snykRegion: "SNYK-EU-01",
    };
    const env = {
      SNYK_TOKEN: "from-env",
      SEMGREP_APP_TOKEN: "semgrep-from-env",
      SCM_INTEGRATIONS_SNYK_REGION: "SNYK-AU-01",
      SCM_INTEGRATIONS_ALLOW_INSECURE_LOOPBACK: "1",
    };
    assert.deepEqual(
      readProviderConfig((key) => config[key], env),
      {
        snykToken: "from-namespaced-config",
        snykRegion: "SNYK-EU-01",
        semgrepToken: "semgrep-from-env",
        allowInsecureLoopback: true,
      },
    );
  });

  it("names the key and the fix for a bad value, never showing a secret", () => {
    assert.throws(
      () => readProviderConfig(noConfig, { SCM_INTEGRATIONS_SNYK_REGION: "eu" }),
      (error: unknown) => {
        assert.ok(error instanceof ScmIntegrationError);
        assert.equal(error.kind, "invalid-input");
        assert.equal(error.field, "scm-integrations:snykRegion");
        assert.equal(
          error.message,
          "scm-integrations:snykRegion: must be one of SNYK-US-01, SNYK-US-02, SNYK-EU-01, SNYK-AU-01 " +
            '(from environment variable SCM_INTEGRATIONS_SNYK_REGION), got "eu". Fix: run ' +
            "`pulumi config set scm-integrations:snykRegion <value>` or set SCM_INTEGRATIONS_SNYK_REGION",
        );
        return true;
      },
    );
    assert.throws(() => readProviderConfig((key) => (key === "allowInsecureLoopback" ? "maybe" : undefined), {}), {
      message:
        /^scm-integrations:allowInsecureLoopback: must be true or false \(from allowInsecureLoopback\), got "maybe"/,
    });
  });
});

describe("sameJson", () => {
  /** What the engine compares: values as JSON (undefined keys dropped, -0 read back as 0). */
  const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null)) as unknown;
  /** The same value with keys reordered and keys holding undefined sprinkled in. */
  const reshaped = (v: unknown, seed: number): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => reshaped(item, seed + i));
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v).map(([k, item], i) => [k, reshaped(item, seed + i)] as const);
    if (seed % 2) entries.reverse();
    return Object.fromEntries([...entries, ...(seed % 3 ? [["zz-undefined", undefined] as const] : [])]);
  };

  it("agrees with comparing the values as JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        assert.equal(sameJson(a, b), isDeepStrictEqual(asJson(a), asJson(b)));
      }),
      { numRuns: 2_000 },
    );
  });

  it("ignores key order and keys that hold undefined, nothing else", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (a, seed) => {
        assert.equal(sameJson(a, reshaped(a, seed)), true);
      }),
      { numRuns: 1_000 },
    );
    assert.equal(sameJson({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(sameJson({ a: 1 }, { a: 1, b: null }), false);
    assert.equal(sameJson([1, 2], [2, 1]), false);
    assert.equal(sameJson({ m: { "acme/api": "selector" } }, { m: { "acme/api": "repositories" } }), false);
  });
});

describe("changedKeys", () => {
  it("names exactly the keys whose values differ as JSON, in the order asked, whatever the key order inside", () => {
    const olds = { token: "a", selector: { include: ["acme/*"], exclude: [] }, mode: "additive", gone: 1 };
    const news = { token: "a", selector: { exclude: [], include: ["acme/*"] }, mode: "authoritative", added: 2 };
    assert.deepEqual(changedKeys(olds, news, ["token", "selector", "mode", "gone", "added", "absent"]), [
      "mode",
      "gone",
      "added",
    ]);
    assert.deepEqual(changedKeys({ a: undefined }, { a: null }, ["a"]), [], "absent and null are the same input");
  });
});
