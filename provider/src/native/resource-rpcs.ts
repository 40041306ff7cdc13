// A resource's lifecycle over the ResourceProvider protocol: each RPC's request unpacked for
// provider.ts and its outcome packed into the protocol's response.
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import * as provider from "./provider";
import { checkFailureList, toJs, toStruct } from "./rpc-serve";

type DiffOutcome = Awaited<ReturnType<typeof provider.diff>>;

export async function checkResponse(req: rpc.CheckRequest): Promise<rpc.CheckResponse> {
  const outcome = await provider.check(req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
  const response = new rpc.CheckResponse();
  response.setInputs(toStruct(outcome.inputs));
  response.setFailuresList(checkFailureList(outcome.failures));
  return response;
}

export async function diffResponse(req: rpc.DiffRequest): Promise<rpc.DiffResponse> {
  const outcome = await provider.diff(
    req.getUrn(),
    req.getId(),
    toJs(req.getOlds()),
    req.hasOldInputs() ? toJs(req.getOldInputs()) : undefined,
    toJs(req.getNews()),
  );
  const response = new rpc.DiffResponse();
  response.setChanges(
    outcome.changes === "some" ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setReplacesList(outcome.replaces);
  response.setDeletebeforereplace(outcome.deleteBeforeReplace);
  response.setDiffsList([...new Set(outcome.detailed.map((c) => c.key))]);
  if (outcome.detailed.length > 0) setDetailedDiff(response, outcome.detailed);
  return response;
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

export async function createResponse(req: rpc.CreateRequest): Promise<rpc.CreateResponse> {
  const result = await provider.create(req.getUrn(), toJs(req.getProperties()));
  const response = new rpc.CreateResponse();
  response.setId(result.id);
  response.setProperties(toStruct(result.outs));
  return response;
}

export async function readResponse(req: rpc.ReadRequest): Promise<rpc.ReadResponse> {
  const result = await provider.read(req.getUrn(), req.getId(), toJs(req.getProperties()), toJs(req.getInputs()));
  const response = new rpc.ReadResponse();
  response.setId(result.id);
  if (result.id) {
    response.setProperties(toStruct(result.props));
    response.setInputs(toStruct(result.inputs));
  }
  return response;
}

export async function updateResponse(req: rpc.UpdateRequest): Promise<rpc.UpdateResponse> {
  const result = await provider.update(req.getUrn(), req.getId(), toJs(req.getOlds()), toJs(req.getNews()));
  const response = new rpc.UpdateResponse();
  response.setProperties(toStruct(result.outs));
  return response;
}

export async function deleteResponse(req: rpc.DeleteRequest): Promise<Empty> {
  const oldInputs = req.hasOldInputs() ? toJs(req.getOldInputs()) : undefined;
  await provider.remove(req.getUrn(), req.getId(), toJs(req.getProperties()), oldInputs);
  return new Empty();
}
