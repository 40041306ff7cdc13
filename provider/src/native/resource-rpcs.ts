// A resource's lifecycle over the ResourceProvider protocol: each RPC's request (as plain values,
// resource-messages.ts) handed to provider.ts and its outcome packed into the protocol's response.
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import * as provider from "./provider";
import { RESPONSE_STRUCT_FIELDS, type PlainRequest, type ResponseWithStructs } from "./resource-messages";
import { checkFailureList } from "./rpc-serve";

type DiffOutcome = Awaited<ReturnType<typeof provider.diff>>;

const FIELD = RESPONSE_STRUCT_FIELDS;

export async function checkResponse(req: PlainRequest<"check">): Promise<ResponseWithStructs> {
  const outcome = await provider.check(req.urn, req.olds ?? {}, req.news ?? {});
  const response = new rpc.CheckResponse();
  response.setFailuresList(checkFailureList(outcome.failures));
  return { message: response, structs: [[FIELD.checkInputs, outcome.inputs]] };
}

export async function diffResponse(req: PlainRequest<"diff">): Promise<ResponseWithStructs> {
  const outcome = await provider.diff(req.urn, req.id, req.olds ?? {}, req.oldInputs, req.news ?? {});
  const response = new rpc.DiffResponse();
  response.setChanges(
    outcome.changes === "some" ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setReplacesList(outcome.replaces);
  response.setDeletebeforereplace(outcome.deleteBeforeReplace);
  response.setDiffsList([...new Set(outcome.detailed.map((c) => c.key))]);
  if (outcome.detailed.length > 0) setDetailedDiff(response, outcome.detailed);
  return { message: response, structs: [] };
}

/** The property-level diff the engine shows (`pulumi preview --diff`), one entry per changed path. */
function setDetailedDiff(response: rpc.DiffResponse, detailed: DiffOutcome["detailed"]): void {
  const kinds = rpc.PropertyDiff.Kind;
  response.setHasdetaileddiff(true);
  const map = response.getDetaileddiffMap();
  for (const change of detailed) {
    const entry = new rpc.PropertyDiff();
    const kind = { add: kinds.ADD, delete: kinds.DELETE, update: kinds.UPDATE }[change.kind];
    // Each *_REPLACE kind is its base kind + 1 in the protocol's enum.
    entry.setKind(change.replace ? kind + 1 : kind);
    entry.setInputdiff(true);
    map.set(change.path, entry);
  }
}

export async function createResponse(req: PlainRequest<"create">): Promise<ResponseWithStructs> {
  const result = await provider.create(req.urn, req.properties ?? {});
  const response = new rpc.CreateResponse();
  response.setId(result.id);
  return { message: response, structs: [[FIELD.createProperties, result.outs]] };
}

export async function readResponse(req: PlainRequest<"read">): Promise<ResponseWithStructs> {
  const result = await provider.read(req.urn, req.id, req.properties ?? {}, req.inputs ?? {});
  const response = new rpc.ReadResponse();
  response.setId(result.id);
  // A read that found nothing answers an empty id and no properties: the engine drops the resource.
  if (!result.id) return { message: response, structs: [] };
  return {
    message: response,
    structs: [
      [FIELD.readProperties, result.props],
      [FIELD.readInputs, result.inputs],
    ],
  };
}

export async function updateResponse(req: PlainRequest<"update">): Promise<ResponseWithStructs> {
  const result = await provider.update(req.urn, req.id, req.olds ?? {}, req.news ?? {});
  return { message: new rpc.UpdateResponse(), structs: [[FIELD.updateProperties, result.outs]] };
}

export async function deleteResponse(req: PlainRequest<"delete">): Promise<ResponseWithStructs> {
  await provider.remove(req.urn, req.id, req.properties ?? {}, req.oldInputs);
  return { message: new Empty(), structs: [] };
}
