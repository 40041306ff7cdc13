#!/usr/bin/env node
// Entry point of the plugin pulumi-resource-scm-integrations (started by the launcher beside it, as
// pulumi-awsx and pulumi-eks start theirs): serve the provider protocol on a loopback port and print
// the port, the plugin handshake the engine reads (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go).
import * as grpc from "@grpc/grpc-js";
import { logToEngine } from "./engine-log";
import { packageFiles } from "./package-files";
import { resourceProviderService, ResourceProviderService } from "./server";

async function main(args: readonly string[]): Promise<void> {
  // Flags (--logtostderr, -v=…, --tracing …) come before the engine address, the first plain argument.
  const engineAddress = args.find((arg, index) => !arg.startsWith("-") && !args[index - 1]?.startsWith("--tracing"));
  logToEngine(engineAddress);
  const server = new grpc.Server();
  server.addService(ResourceProviderService, resourceProviderService(packageFiles()));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
