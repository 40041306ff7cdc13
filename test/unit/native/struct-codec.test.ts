// The native provider reads and writes the Structs of resource RPCs itself (struct-codec.ts). What
// it reads must be what google-protobuf's generated Struct gives for the same bytes, and what it
// writes must read back through the generated Struct as the same values: the engine is the other end.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { BinaryReader, BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CheckRequest, CheckResponse, DiffRequest, ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { readStruct, structFields } from "../../../provider/src/native/struct-codec";
import { readRequest, writeResponse } from "../../../provider/src/native/resource-messages";
import type { Props } from "../../../provider/src/resources/handler";

type Json = Parameters<typeof Struct.fromJavaScript>[0];

// JSON values as a Struct holds them: numbers are doubles (-0 reads back as -0), any unicode text. The
// generated toJavaScript loses a "__proto__" key (it assigns it), so that key has a test of its own.
const key = fc
  .oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom("constructor", "toString", ""))
  .filter((k) => k !== "__proto__");
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true }),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const { props } = fc.letrec<{ value: unknown; props: Props }>((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 5 }), tie("props")),
  props: fc.dictionary(key, tie("value"), { maxKeys: 6, noNullPrototype: true }),
}));

/** Bytes of a message with the given Struct as field 1, written by the generated classes. */
function generatedBytes(value: Props): Uint8Array {
  const writer = new BinaryWriter();
  writer.writeMessage(1, Struct.fromJavaScript(value as Json), (message: Struct, to: BinaryWriter) =>
    Struct.serializeBinaryToWriter(message, to),
  );
  return writer.getResultBuffer();
}

function readField1(bytes: Uint8Array): Props {
  const reader = new BinaryReader(bytes);
  assert.ok(reader.nextField());
  assert.equal(reader.getFieldNumber(), 1);
  return readStruct(reader);
}

describe("Structs read and written without the generated classes", () => {
  it("reads what the generated Struct wrote as the values it holds", () => {
    fc.assert(
      fc.property(props, (value) => {
        const generated = Struct.deserializeBinary(Struct.fromJavaScript(value as Json).serializeBinary());
        assert.deepEqual(readField1(generatedBytes(value)), generated.toJavaScript());
      }),
      { numRuns: 1_000 },
    );
  });

  it("writes bytes the generated Struct reads back as the same values", () => {
    fc.assert(
      fc.property(props, (value) => {
        const response = CheckResponse.deserializeBinary(structFields([[1, value]]));
        assert.deepEqual(response.getInputs()?.toJavaScript(), value);
      }),
      { numRuns: 1_000 },
    );
  });

  it("keeps '__proto__' as a key and never as the prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Props;
    const read = readField1(structFields([[1, value]]));
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.deepEqual(Object.keys(read), ["__proto__", "a"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("leaves an undefined property out and writes an undefined list item as null, as JSON does", () => {
    const read = readField1(structFields([[1, { gone: undefined, list: [1, undefined], kept: "x" }]]));
    assert.deepEqual(read, { list: [1, null], kept: "x" });
  });

  it("refuses a value JSON has no form for, naming its type", () => {
    assert.throws(() => structFields([[1, { n: 1n }]]), /a bigint cannot be sent as a protobuf Value/);
  });
});

describe("resource RPC messages as plain values", () => {
  it("reads a Diff request's id, URN and Structs, and tells an unset oldInputs from an empty one", () => {
    const request = new DiffRequest();
    request.setId("org/123");
    request.setUrn("urn:pulumi:dev::p::scm-integrations:index:RepositoryImport::all");
    request.setOlds(Struct.fromJavaScript({ imported: { "acme/a": { targetId: "t1" } } }));
    request.setNews(Struct.fromJavaScript({ repositories: ["acme/a"] }));
    request.setIgnorechangesList(["x"]);
    request.setName("all");
    const read = readRequest("diff", request.serializeBinary());
    assert.deepEqual(read, {
      id: "org/123",
      urn: "urn:pulumi:dev::p::scm-integrations:index:RepositoryImport::all",
      olds: { imported: { "acme/a": { targetId: "t1" } } },
      news: { repositories: ["acme/a"] },
    });
    request.setOldInputs(new Struct());
    assert.deepEqual(readRequest("diff", request.serializeBinary()).oldInputs, {});
  });

  it("reads an unset string as proto3 does (empty) and an unset Struct as absent", () => {
    assert.deepEqual(readRequest("check", new CheckRequest().serializeBinary()), { urn: "" });
  });

  it("writes a response the generated classes read whole: its small fields and its Structs", () => {
    const detail = new ErrorResourceInitFailed();
    detail.setId("id-1");
    detail.setReasonsList(["a reason"]);
    const bytes = writeResponse({
      message: detail,
      structs: [
        [2, { a: 1 }],
        [4, { b: [true] }],
        [5, undefined],
      ],
    });
    const read = ErrorResourceInitFailed.deserializeBinary(bytes);
    assert.equal(read.getId(), "id-1");
    assert.deepEqual(read.getReasonsList(), ["a reason"]);
    assert.deepEqual(read.getProperties()?.toJavaScript(), { a: 1 });
    assert.deepEqual(read.getInputs()?.toJavaScript(), { b: [true] });
    assert.equal(read.getRefreshBeforeUpdate(), false);
  });
});
