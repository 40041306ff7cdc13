import { afterEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { checkConfig, configure } from "../../../provider/src/native/config";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../../provider/src/native/wire";
import { providerSettings, resetProviderSettings } from "../../../provider/src/resources/provider-config";

describe("provider configuration from the engine", () => {
  afterEach(() => resetProviderSettings());

  it("refuses a bad value naming the key, before any resource is touched", () => {
    assert.deepEqual(
      checkConfig({ snykRegion: "EU", version: "0.1.0" }).map((f) => f.property),
      ["snykRegion"],
    );
    assert.match(
      checkConfig({ snykRegion: "EU" })[0]!.reason,
      /scm-integrations:snykRegion: must be one of SNYK-US-01/,
    );
    assert.deepEqual(checkConfig({ allowInsecureLoopback: true, snykRegion: "SNYK-EU-01" }), []);
  });

  it("configures the handlers from typed and secret values", () => {
    configure({
      snykToken: { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: "snyk-token-1" },
      allowInsecureLoopback: true,
      snykApiUrl: "http://127.0.0.1:1",
    });
    const settings = providerSettings();
    assert.equal(settings.snykToken, "snyk-token-1");
    assert.equal(settings.allowInsecureLoopback, true);
    assert.equal(settings.snykApiUrl, "http://127.0.0.1:1");
  });
});
