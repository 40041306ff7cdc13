import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { servedSchema } from "../../../provider/src/native/served-schema";
import { repoRoot } from "../../../scripts/schema/schema-model";

const text = fs.readFileSync(path.join(repoRoot(__dirname), "schema.json"), "utf8");

describe("the schema the plugin serves", () => {
  const served = JSON.parse(servedSchema(text, "1.2.3")) as {
    version: string;
    config: { variables: Record<string, Record<string, unknown>> };
    provider: { inputProperties: Record<string, Record<string, unknown>> };
    resources: Record<string, unknown>;
  };

  it("is schema.json with the plugin's version", () => {
    const source = JSON.parse(text) as { resources: Record<string, unknown> };
    assert.equal(served.version, "1.2.3");
    assert.deepEqual(served.resources, source.resources);
  });

  it("gives the provider resource every setting as an input, secrets kept, defaults left to the plugin", () => {
    assert.deepEqual(Object.keys(served.provider.inputProperties), Object.keys(served.config.variables));
    assert.equal(served.provider.inputProperties.snykToken?.secret, true);
    for (const input of Object.values(served.provider.inputProperties)) {
      assert.equal(input.default, undefined);
      assert.equal(input.defaultInfo, undefined);
    }
  });
});
