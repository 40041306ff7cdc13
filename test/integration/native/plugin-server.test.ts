// The native plugin's gRPC server takes the messages the engine sends for a large RepositoryImport:
// a request over grpc-js's default 4 MB limit (the engine sends a resource's old and new properties in
// one message; 100,000 repositories made 14 MB) is served, not refused with RESOURCE_EXHAUSTED.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CheckRequest, type CheckResponse } from "@pulumi/pulumi/proto/provider_pb";
import { StreamDecoder } from "@grpc/grpc-js/build/src/stream-decoder";
import { packageFiles } from "../../../provider/src/native/package-files";
import { MAX_RPC_MESSAGE_BYTES, startPluginServer } from "../../../provider/src/native/plugin-server";

let server: grpc.Server;
let client: ResourceProviderClient;

beforeAll(async () => {
  const started = await startPluginServer(packageFiles());
  server = started.server;
  client = new ResourceProviderClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_send_message_length": MAX_RPC_MESSAGE_BYTES,
    "grpc.max_receive_message_length": MAX_RPC_MESSAGE_BYTES,
  });
});

afterAll(() => {
  client?.close();
  server?.forceShutdown();
});

function checkConfig(news: Record<string, string>): Promise<CheckResponse> {
  const request = new CheckRequest();
  request.setUrn("urn:pulumi:dev::big::pulumi:providers:scm-integrations::default");
  request.setNews(Struct.fromJavaScript(news));
  return new Promise((resolve, reject) =>
    client.checkConfig(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function check(urn: string, news: Record<string, unknown>): Promise<CheckResponse> {
  const request = new CheckRequest();
  request.setUrn(urn);
  request.setOlds(new Struct());
  request.setNews(Struct.fromJavaScript(news as Parameters<typeof Struct.fromJavaScript>[0]));
  return new Promise((resolve, reject) =>
    client.check(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

describe("native plugin server", () => {
  it("lets go of a request's received chunks once it is whole (grpc-received-chunks.test.ts)", () => {
    assert.equal(StreamDecoder.prototype.write.name, "writeAndRelease");
  });

  it("reads a resource's request and answers in bytes the engine's generated classes read", async () => {
    // The resource RPCs' messages are read and written by the plugin itself (resource-messages.ts).
    const urn = "urn:pulumi:dev::big::scm-integrations:index:RepositoryImport::all";
    const news = {
      repositories: ["acme/a", "acme/b"],
      concurrency: 8,
      mode: "additive",
      extra: { list: [true, null] },
    };
    const response = await check(urn, news);
    // The failures name their field in the reason (failures.ts shieldFailures: `connection` holds a token).
    const reasons = response.getFailuresList().map((f) => f.getReason());
    assert.ok(
      reasons.some((r) => r.startsWith("connection: connection is required")),
      reasons.join("; "),
    );
    assert.ok(
      reasons.some((r) => r.startsWith('extra: inputs: unknown property "extra"')),
      reasons.join("; "),
    );
    assert.deepEqual(response.getInputs()?.toJavaScript().repositories, ["acme/a", "acme/b"]);
  });

  it(
    "serves a request over grpc-js's default 4 MB (100,000 repositories made 14 MB)",
    async () => {
      // One provider setting with a 6 MB value: CheckConfig answers (a failure naming the key), which
      // proves the request was received whole.
      const response = await checkConfig({ allowedScmHosts: "h".repeat(6 * 1024 * 1024) });
      assert.ok(response.getFailuresList().length > 0 || response.hasInputs());
    },
    // Building and sending 6 MB takes a second here and several under coverage on a busy machine.
    60_000,
  );
});
