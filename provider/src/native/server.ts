// The ResourceProvider gRPC service (pulumi/pulumi proto/pulumi/provider.proto) over provider.ts. The
// SDK's own server (@pulumi/pulumi/provider main()) serves components: it never forwards Configure
// or CheckConfig, has no detailed diff, and its Read fails on an import (no properties sent), so the
// methods a resource provider needs are served here; any method not listed answers UNIMPLEMENTED.
// The settings' RPCs are in config-rpcs.ts, a resource's in resource-rpcs.ts (its messages as plain
// values, resource-messages.ts), serving in rpc-serve.ts.
import type * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { checkConfigResponse, configureResponse, diffConfigResponse } from "./config-rpcs";
import {
  checkResponse,
  createResponse,
  deleteResponse,
  diffResponse,
  readResponse,
  updateResponse,
} from "./resource-rpcs";
import { withPlainResourceMessages, type PlainRequest } from "./resource-messages";
import { none, serve, type Unary } from "./rpc-serve";

export interface ServerOptions {
  version: string;
  schema: string;
}

function pluginInfo(options: ServerOptions): Unary<Empty, PluginInfo> {
  return (_call, callback) => {
    const info = new PluginInfo();
    info.setVersion(options.version);
    callback(null, info);
  };
}

function schemaOf(options: ServerOptions): Unary<rpc.GetSchemaRequest, rpc.GetSchemaResponse> {
  return (_call, callback) => {
    const response = new rpc.GetSchemaResponse();
    response.setSchema(options.schema);
    callback(null, response);
  };
}

const acknowledge: Unary<unknown, Empty> = (_call, callback) => callback(null, new Empty());

export function resourceProviderService(options: ServerOptions): grpc.UntypedServiceImplementation {
  const urn = (r: { getUrn(): string }) => r.getUrn();
  const plainUrn = (r: { urn: string }) => r.urn;
  return {
    getPluginInfo: pluginInfo(options),
    getSchema: schemaOf(options),
    checkConfig: serve(urn, none, checkConfigResponse),
    diffConfig: serve(urn, none, diffConfigResponse),
    configure: serve(() => "", none, configureResponse),
    check: serve(plainUrn, (r: PlainRequest<"check">) => r.news ?? {}, checkResponse),
    diff: serve(plainUrn, (r: PlainRequest<"diff">) => r.news ?? {}, diffResponse),
    create: serve(plainUrn, (r: PlainRequest<"create">) => r.properties ?? {}, createResponse),
    read: serve(plainUrn, (r: PlainRequest<"read">) => r.inputs ?? {}, readResponse),
    update: serve(plainUrn, (r: PlainRequest<"update">) => r.news ?? {}, updateResponse),
    delete: serve(plainUrn, none, deleteResponse),
    cancel: acknowledge,
    attach: acknowledge,
  };
}

/** The service the plugin serves: the generated definition, with the resource RPCs' messages as plain values. */
export const resourceProviderDefinition = withPlainResourceMessages(ResourceProviderService);
