#!/usr/bin/env node
// Entry point of the plugin pulumi-resource-scm-integrations (started by the launcher beside it, as
// pulumi-awsx and pulumi-eks start theirs): serve the provider protocol on a loopback port and print
// the port, the plugin handshake the engine reads (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go).
import { logToEngine } from "./engine-log";
import { packageFiles } from "./package-files";
import { startPluginServer } from "./plugin-server";

async function main(args: readonly string[]): Promise<void> {
  // Flags (--logtostderr, -v=…, --tracing …) come before the engine address, the first plain argument.
  const engineAddress = args.find((arg, index) => !arg.startsWith("-") && !args[index - 1]?.startsWith("--tracing"));
  logToEngine(engineAddress);
  const { port } = await startPluginServer(packageFiles());
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
