// How every ResourceProvider RPC is served: properties between protobuf Structs and plain objects,
// the call run under its resource's URN (engine-log.ts), and a thrown error as a gRPC status.
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { errorMessage } from "../core/errors";
import type { Props } from "../resources/handler";
import { withUrn } from "./engine-log";
import * as provider from "./provider";
import { RESPONSE_STRUCT_FIELDS, writeResponse } from "./resource-messages";

export type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

export function toJs(struct: Struct | undefined): Props {
  return struct?.toJavaScript() ?? {};
}

export function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Check failures (of the provider's settings or of a resource's inputs) as the protocol's messages. */
export function checkFailureList(failures: { property: string; reason: string }[]): rpc.CheckFailure[] {
  return failures.map((f) => {
    const out = new rpc.CheckFailure();
    out.setProperty(f.property);
    out.setReason(f.reason);
    return out;
  });
}

/** A thrown error as a gRPC status; one carrying `id` (PartialApplyError) records what was created. */
function failure(e: unknown, urn: string, inputs: Props): grpc.ServiceError {
  const message = errorMessage(e);
  const metadata = new grpc.Metadata();
  const partial = e as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof partial.id === "string" && partial.id !== "") {
    const detail = new rpc.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setReasonsList(Array.isArray(partial.reasons) ? partial.reasons.map(String) : [message]);
    const properties = provider.partialProperties(urn, (partial.properties ?? {}) as Props, inputs);
    const any = new Any();
    // Its properties and inputs can be a whole RepositoryImport.
    const { errorProperties, errorInputs } = RESPONSE_STRUCT_FIELDS;
    const structs = [[errorProperties, properties] as const, [errorInputs, inputs] as const];
    any.pack(writeResponse({ message: detail, structs }), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

export function serve<Req, Res>(
  urnOf: (req: Req) => string,
  inputsOf: (req: Req) => Props,
  work: (req: Req) => Promise<Res>,
): Unary<Req, Res> {
  return (call, callback) => {
    const urn = urnOf(call.request);
    withUrn(urn, () => work(call.request)).then(
      (response) => callback(null, response),
      (e: unknown) => callback(failure(e, urn, inputsOf(call.request))),
    );
  };
}

/** For RPCs that carry no resource inputs to record on failure. */
export const none = () => ({});
