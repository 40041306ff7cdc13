// Provider log lines to the engine's Log service, attributed to the resource being served, so the CLI
// shows them under that resource (a plugin's own stdout/stderr are not shown by the CLI). The engine
// address is the plugin's first argument (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go).
import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { setLogSink } from "../core/log";

const currentUrn = new AsyncLocalStorage<string>();

/** Run `work` with log lines attributed to `urn`. */
export function withUrn<T>(urn: string, work: () => Promise<T>): Promise<T> {
  return currentUrn.run(urn, work);
}

/** Send every provider log line to the engine at `address`; stderr when there is no engine. */
export function logToEngine(address: string | undefined): void {
  if (!address) {
    setLogSink((_level, line) => console.error(line));
    return;
  }
  const engine = new EngineClient(address, grpc.credentials.createInsecure());
  setLogSink((level, line) => {
    const request = new LogRequest();
    request.setSeverity(level === "warn" ? LogSeverity.WARNING : LogSeverity.INFO);
    request.setMessage(line);
    request.setUrn(currentUrn.getStore() ?? "");
    engine.log(request, (error) => {
      if (error) console.error(line);
    });
  });
}
