// The plugin's gRPC server on a loopback port. grpc-js refuses any request over 4 MB by default, and the
// engine sends a resource's whole old and new properties in one message: a RepositoryImport of some
// 20,000 repositories passes that ("Received message larger than max (14402206 vs 4194304)" at 100,000).
// The limit is the one Pulumi's own Node provider server takes (maxRPCMessageSize, 400 MB, in
// @pulumi/pulumi runtime/settings.ts), which is also what the engine allows its plugin clients.
import * as grpc from "@grpc/grpc-js";
import { releaseReceivedChunks } from "./grpc-received-chunks";
import type { PackageFiles } from "./package-files";
import { resourceProviderDefinition, resourceProviderService } from "./server";

export const MAX_RPC_MESSAGE_BYTES = 400 * 1024 * 1024;

export const SERVER_OPTIONS: grpc.ServerOptions = {
  "grpc.max_receive_message_length": MAX_RPC_MESSAGE_BYTES,
  "grpc.max_send_message_length": MAX_RPC_MESSAGE_BYTES,
};

/** Serves the provider protocol on 127.0.0.1; resolves once bound, with the port the engine is told. */
export async function startPluginServer(files: PackageFiles): Promise<{ server: grpc.Server; port: number }> {
  releaseReceivedChunks();
  const server = new grpc.Server(SERVER_OPTIONS);
  server.addService(resourceProviderDefinition, resourceProviderService(files));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port };
}
