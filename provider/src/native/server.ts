// The ResourceProvider gRPC service (pulumi/pulumi proto/pulumi/provider.proto) over provider.ts. The
// SDK's own server (@pulumi/pulumi/provider main()) serves components: it never forwards Configure
// or CheckConfig, has no detailed diff, and its Read fails on an import (no properties sent), so the
// methods a resource provider needs are served here; any method not listed answers UNIMPLEMENTED.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { errorMessage } from "../core/errors";
import type { Props } from "../resources/handler";
import { sameJson } from "../resources/schema-support";
import { checkConfig, configure } from "./config";
import { withUrn } from "./engine-log";
import * as provider from "./provider";
import { unwrapSecrets } from "./wire";

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

function toJs(struct: Struct | undefined): Props {
  return struct?.toJavaScript() ?? {};
}

function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** A thrown error as a gRPC status; one carrying `id` (PartialApplyError) records what was created. */
function failure(e: unknown, urn: string, inputs: Props): grpc.ServiceError {
  const message = errorMessage(e);
  const metadata = new grpc.Metadata();
  const partial = e as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof partial.id === "string" && partial.id !== "") {
    const detail = new rpc.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setProperties(toStruct(provider.partialProperties(urn, (partial.properties ?? {}) as Props, inputs)));
    detail.setInputs(toStruct(inputs));
    detail.setReasonsList(Array.isArray(partial.reasons) ? partial.reasons.map(String) : [message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

function serve<Req, Res>(
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

const none = () => ({});

export interface ServerOptions {
  version: string;
  schema: string;
}

export function resourceProviderService(options: ServerOptions): grpc.UntypedServiceImplementation {
  const getPluginInfo: Unary<Empty, PluginInfo> = (_call, callback) => {
    const info = new PluginInfo();
    info.setVersion(options.version);
    callback(null, info);
  };

  const getSchema: Unary<rpc.GetSchemaRequest, rpc.GetSchemaResponse> = (_call, callback) => {
    const response = new rpc.GetSchemaResponse();
    response.setSchema(options.schema);
    callback(null, response);
  };

  const checkConfigRpc = serve<rpc.CheckRequest, rpc.CheckResponse>(
    (r) => r.getUrn(),
    none,
    async (req) => {
      const news = toJs(req.getNews());
      const response = new rpc.CheckResponse();
      response.setInputs(toStruct(news));
      response.setFailuresList(
        checkConfig(news).map((f) => {
          const out = new rpc.CheckFailure();
          out.setProperty(f.property);
          out.setReason(f.reason);
          return out;
        }),
      );
      return response;
    },
  );

  const diffConfig = serve<rpc.DiffRequest, rpc.DiffResponse>(
    (r) => r.getUrn(),
    none,
    // Settings only change how later calls reach the platforms: a change is an update of the
    // provider (the engine configures it again), never a replacement of every resource it serves.
    async (req) => {
      const olds = unwrapSecrets(req.hasOldInputs() ? toJs(req.getOldInputs()) : toJs(req.getOlds())).plain;
      const news = unwrapSecrets(toJs(req.getNews())).plain;
      const response = new rpc.DiffResponse();
      response.setChanges(
        sameJson(olds, news) ? rpc.DiffResponse.DiffChanges.DIFF_NONE : rpc.DiffResponse.DiffChanges.DIFF_SOME,
      );
      return response;
    },
  );

  const configureRpc = serve<rpc.ConfigureRequest, rpc.ConfigureResponse>(
    () => "",
    none,
    async (req) => {
      const args: Props = toJs(req.getArgs());
      if (!req.hasArgs()) {
        // Older engines send only `variables`, keyed `scm-integrations:config:<name>`.
        req.getVariablesMap().forEach((value, key) => {
          args[key.split(":").pop() ?? key] = value;
        });
      }
      configure(args);
      const response = new rpc.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(false);
      return response;
    },
  );

  const check = serve<rpc.CheckRequest, rpc.CheckResponse>(
    (r) => r.getUrn(),
    (r) => toJs(r.getNews()),
    async (req) => {
      const outcome = await provider.check(req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
      const response = new rpc.CheckResponse();
      response.setInputs(toStruct(outcome.inputs));
      response.setFailuresList(
        outcome.failures.map((f) => {
          const out = new rpc.CheckFailure();
          out.setProperty(f.property);
          out.setReason(f.reason);
          return out;
        }),
      );
      return response;
    },
  );

  const diff = serve<rpc.DiffRequest, rpc.DiffResponse>(
    (r) => r.getUrn(),
    (r) => toJs(r.getNews()),
    async (req) => {
      const outcome = await provider.diff(
        req.getUrn(),
        req.getId(),
        toJs(req.getOlds()),
        req.hasOldInputs() ? toJs(req.getOldInputs()) : undefined,
        toJs(req.getNews()),
      );
      const response = new rpc.DiffResponse();
      const kinds = rpc.PropertyDiff.Kind;
      response.setChanges(
        outcome.changes === "some" ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE,
      );
      response.setReplacesList(outcome.replaces);
      response.setDeletebeforereplace(outcome.deleteBeforeReplace);
      response.setDiffsList([...new Set(outcome.detailed.map((c) => c.key))]);
      if (outcome.detailed.length > 0) {
        response.setHasdetaileddiff(true);
        const map = response.getDetaileddiffMap();
        for (const change of outcome.detailed) {
          const entry = new rpc.PropertyDiff();
          const kind = { add: kinds.ADD, delete: kinds.DELETE, update: kinds.UPDATE }[change.kind];
          // Each *_REPLACE kind is its base kind + 1 in the protocol's enum.
          entry.setKind(change.replace ? kind + 1 : kind);
          entry.setInputdiff(true);
          map.set(change.path, entry);
        }
      }
      return response;
    },
  );

  const create = serve<rpc.CreateRequest, rpc.CreateResponse>(
    (r) => r.getUrn(),
    (r) => toJs(r.getProperties()),
    async (req) => {
      const result = await provider.create(req.getUrn(), toJs(req.getProperties()));
      const response = new rpc.CreateResponse();
      response.setId(result.id);
      response.setProperties(toStruct(result.outs));
      return response;
    },
  );

  const read = serve<rpc.ReadRequest, rpc.ReadResponse>(
    (r) => r.getUrn(),
    (r) => toJs(r.getInputs()),
    async (req) => {
      const result = await provider.read(req.getUrn(), req.getId(), toJs(req.getProperties()), toJs(req.getInputs()));
      const response = new rpc.ReadResponse();
      response.setId(result.id);
      if (result.id) {
        response.setProperties(toStruct(result.props));
        response.setInputs(toStruct(result.inputs));
      }
      return response;
    },
  );

  const update = serve<rpc.UpdateRequest, rpc.UpdateResponse>(
    (r) => r.getUrn(),
    (r) => toJs(r.getNews()),
    async (req) => {
      const result = await provider.update(req.getUrn(), req.getId(), toJs(req.getOlds()), toJs(req.getNews()));
      const response = new rpc.UpdateResponse();
      response.setProperties(toStruct(result.outs));
      return response;
    },
  );

  const remove = serve<rpc.DeleteRequest, Empty>(
    (r) => r.getUrn(),
    none,
    async (req) => {
      const oldInputs = req.hasOldInputs() ? toJs(req.getOldInputs()) : undefined;
      await provider.remove(req.getUrn(), req.getId(), toJs(req.getProperties()), oldInputs);
      return new Empty();
    },
  );

  const cancel: Unary<Empty, Empty> = (_call, callback) => callback(null, new Empty());
  const attach: Unary<unknown, Empty> = (_call, callback) => callback(null, new Empty());

  return {
    getPluginInfo,
    getSchema,
    checkConfig: checkConfigRpc,
    diffConfig,
    configure: configureRpc,
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
    cancel,
    attach,
  };
}

export { ResourceProviderService };
