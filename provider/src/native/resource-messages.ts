// The messages of a resource's RPCs (Check, Diff, Create, Read, Update, Delete) between their bytes and
// plain values: only these carry a resource's whole properties (a RepositoryImport's state holds every
// repository), so their Structs are read and written by struct-codec.ts instead of the generated
// classes. Each request keeps only the fields the provider uses; the field numbers are those of
// pulumi/pulumi proto/pulumi/provider.proto. A response is the generated message for its small fields
// with its Structs appended: protobuf reads a message's fields in any order.
import { BinaryReader, type Message } from "google-protobuf";
import type * as grpc from "@grpc/grpc-js";
import type { Props } from "../resources/handler";
import { readStruct, structFields } from "./struct-codec";

interface Layout {
  strings: Record<string, number>;
  structs: Record<string, number>;
}

export const REQUEST_LAYOUTS = {
  check: { strings: { urn: 1 }, structs: { olds: 2, news: 3 } },
  diff: { strings: { id: 1, urn: 2 }, structs: { olds: 3, news: 4, oldInputs: 6 } },
  create: { strings: { urn: 1 }, structs: { properties: 2 } },
  read: { strings: { id: 1, urn: 2 }, structs: { properties: 3, inputs: 4 } },
  update: { strings: { id: 1, urn: 2 }, structs: { olds: 3, news: 4 } },
  delete: { strings: { id: 1, urn: 2 }, structs: { properties: 3, oldInputs: 5 } },
} as const satisfies Record<string, Layout>;

export type ResourceRpc = keyof typeof REQUEST_LAYOUTS;

/** Field numbers of the Structs the responses (and a partial-apply error's detail) carry. */
export const RESPONSE_STRUCT_FIELDS = {
  checkInputs: 1,
  createProperties: 2,
  readProperties: 2,
  readInputs: 3,
  updateProperties: 1,
  errorProperties: 2,
  errorInputs: 4,
} as const;

/** A request as plain values: its strings ("" when unset, as proto3 reads them) and its Structs (absent when unset). */
export type PlainRequest<R extends ResourceRpc> = {
  [K in keyof (typeof REQUEST_LAYOUTS)[R]["strings"]]: string;
} & { [K in keyof (typeof REQUEST_LAYOUTS)[R]["structs"]]?: Props };

export function readRequest<R extends ResourceRpc>(rpc: R, bytes: Uint8Array): PlainRequest<R> {
  const layout: Layout = REQUEST_LAYOUTS[rpc];
  const stringAt = new Map(Object.entries(layout.strings).map(([name, field]) => [field, name]));
  const structAt = new Map(Object.entries(layout.structs).map(([name, field]) => [field, name]));
  const out: Record<string, unknown> = {};
  for (const name of stringAt.values()) out[name] = "";
  const reader = new BinaryReader(bytes);
  // The first Struct read is the `known` of the later ones (struct-codec.ts): Diff's new and old
  // inputs hold much of its old outputs.
  let first: Props | undefined;
  while (reader.nextField() && !reader.isEndGroup()) {
    const field = reader.getFieldNumber();
    const stringName = stringAt.get(field);
    const structName = structAt.get(field);
    if (stringName !== undefined) out[stringName] = reader.readString();
    else if (structName !== undefined) {
      const struct = readStruct(reader, first);
      first ??= struct;
      out[structName] = struct;
    } else reader.skipField();
  }
  return out as PlainRequest<R>;
}

/** A response: the generated message with its small fields set, and its Structs by field number. */
export interface ResponseWithStructs {
  message: Message;
  structs: (readonly [number, Props | undefined])[];
}

export function writeResponse(response: ResponseWithStructs): Buffer {
  return Buffer.concat([response.message.serializeBinary(), structFields(response.structs)]);
}

/**
 * The service definition with the resource RPCs' requests read and responses written here; the
 * others (plugin info, schema, the provider's own settings) keep the generated classes.
 */
export function withPlainResourceMessages(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const replaced = (Object.keys(REQUEST_LAYOUTS) as ResourceRpc[]).map((rpc) => {
    const method = service[rpc];
    if (!method) throw new Error(`internal: the ResourceProvider service has no ${rpc} method`);
    const plain: grpc.MethodDefinition<PlainRequest<typeof rpc>, ResponseWithStructs> = {
      ...method,
      requestDeserialize: (bytes: Buffer) => readRequest(rpc, bytes),
      responseSerialize: writeResponse,
    };
    return [rpc, plain] as const;
  });
  return { ...service, ...Object.fromEntries(replaced) };
}
