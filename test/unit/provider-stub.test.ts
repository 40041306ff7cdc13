// The serialized provider (`__provider`, stored on every resource in state) must be tiny, must not
// carry any secret, and must load the installed provider package at call time.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import * as pulumi from "@pulumi/pulumi";
import { providerStub, type ResourceKind } from "../../sdk/provider-stub";

const CANARY = "ghp_CANARYstubCANARYstubCANARYstub0001";

// pulumi.dynamic.Resource is abstract: the SDK classes subclass it the same way.
class StubbedResource extends pulumi.dynamic.Resource {}

interface Captured {
  type: string;
  provider: string;
}

async function serializeStub(kind: ResourceKind): Promise<Captured> {
  const captured: Captured[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        // The mocks hand the inputs over as any: the serialized resource's properties.
        const inputs = args.inputs as Record<string, unknown>;
        captured.push({ type: args.type, provider: String(inputs.__provider) });
        return { id: `${args.name}-id`, state: inputs };
      },
      call: () => ({}),
    },
    "stub-test",
    "dev",
  );
  process.env.SNYK_TOKEN = CANARY;
  const resource = new StubbedResource(
    providerStub(kind),
    `r-${kind}`,
    { token: pulumi.secret(CANARY) },
    undefined,
    "scm-integrations",
    kind,
  );
  await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));
  const found = captured.find((c) => c.type.endsWith(`:${kind}`));
  assert.ok(found, `no resource of kind ${kind} registered`);
  return found;
}

for (const kind of ["Integration", "OrgConnection", "RepositoryImport", "SnykCodeSettings"] as const) {
  test(`the serialized ${kind} provider is small and holds no secret`, async () => {
    const { type, provider } = await serializeStub(kind);
    assert.equal(type, `pulumi-nodejs:dynamic/scm-integrations:${kind}`);
    assert.ok(provider.length < 4096, `__provider is ${provider.length} bytes`);
    assert.ok(!provider.includes(CANARY), "__provider contains the canary token");
    assert.ok(!provider.includes("CANARYstub"), "__provider contains part of the canary token");
    assert.match(provider, /require\("pulumi-scm-integrations\/provider"\)/);
    assert.ok(provider.includes(JSON.stringify(kind)) || provider.includes(`'${kind}'`), "kind not captured");
  });
}

test("the serialized stub loads the installed provider package and dispatches to the handler", async () => {
  const { provider } = await serializeStub("Integration");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- what the dynamic-provider server itself uses
  const requireFromString = require("require-from-string") as (code: string) => {
    handler: () => pulumi.dynamic.ResourceProvider;
  };
  const deserialized = requireFromString(provider).handler();
  // A check with an empty input reaches the real Integration handler, which names the missing fields.
  const result = await deserialized.check!({}, {});
  const properties = (result.failures ?? []).map((f) => f.property).sort();
  assert.ok(properties.includes("platform"), `failures: ${JSON.stringify(result.failures)}`);
  // A failure about the secret token names it in the reason, not as the property (the engine would
  // print the property's value next to it).
  assert.ok(
    (result.failures ?? []).some((f) => f.property === "" && f.reason.startsWith("token: ")),
    `failures: ${JSON.stringify(result.failures)}`,
  );
});
