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

// ---- sharing: a later Struct keeps what it holds in common with the first one read ----

/** A value like `value`: parts kept, replaced by `other`, dropped, added to, or a number's sign flipped. */
function variantOf(value: unknown, other: Props, choices: readonly number[]): unknown {
  let next = 0;
  const choose = () => choices[next++ % choices.length] ?? 0;
  const walk = (item: unknown): unknown => {
    const choice = choose();
    if (choice === 0) return other;
    if (choice === 1) return item;
    if (Array.isArray(item)) return (choose() === 2 ? item.slice(1) : item).map(walk);
    if (typeof item === "number") return choose() === 3 ? -item : item;
    if (typeof item !== "object" || item === null) return item;
    const out: Props = {};
    const keys = Object.keys(item);
    if (choose() === 4) keys.reverse();
    for (const key of keys) if (choose() !== 5) out[key] = walk((item as Props)[key]);
    if (choose() === 6) out.added = 1;
    return out;
  };
  return walk(value);
}

/** Bytes of a message with each given Struct as field 1, 2, … written by the generated classes. */
function generatedFields(values: readonly Props[]): Uint8Array {
  const writer = new BinaryWriter();
  values.forEach((value, index) =>
    writer.writeMessage(index + 1, Struct.fromJavaScript(value as Json), (message: Struct, to: BinaryWriter) =>
      Struct.serializeBinaryToWriter(message, to),
    ),
  );
  return writer.getResultBuffer();
}

/** Each Struct field of the message, the later ones read with the first as `known`, as readRequest does. */
function readSharing(bytes: Uint8Array): Props[] {
  const reader = new BinaryReader(bytes);
  const read: Props[] = [];
  while (reader.nextField()) read.push(readStruct(reader, read[0]));
  return read;
}

/** Every object and list inside `value` (not `value` itself). */
function nested(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value !== "object" || value === null) return into;
  for (const item of Object.values(value) as unknown[]) {
    if (typeof item === "object" && item !== null) into.add(item);
    nested(item, into);
  }
  return into;
}

describe("a request's Structs share what they hold in common", () => {
  const related = fc
    .tuple(props, props, fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 40 }))
    .map(([first, other, choices]) => [first, variantOf(first, other, choices) as Props] as const);

  it("reads each later Struct as the generated classes do, whatever it shares with the first", () => {
    fc.assert(
      fc.property(related, ([first, later]) => {
        const [readFirst, readLater] = readSharing(generatedFields([first, later]));
        assert.deepEqual(
          readFirst,
          Struct.deserializeBinary(Struct.fromJavaScript(first as Json).serializeBinary()).toJavaScript(),
        );
        assert.deepEqual(
          readLater,
          Struct.deserializeBinary(Struct.fromJavaScript(later as Json).serializeBinary()).toJavaScript(),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it("shares only frozen values, and shares every part of a copy", () => {
    fc.assert(
      fc.property(related, ([first, later]) => {
        const [readFirst = {}, readLater, copy = {}] = readSharing(generatedFields([first, later, first]));
        const ofFirst = nested(readFirst);
        for (const item of nested(readLater)) if (ofFirst.has(item)) assert.ok(Object.isFrozen(item));
        assert.notEqual(copy, readFirst);
        assert.equal(Object.isFrozen(copy), false);
        for (const key of Object.keys(copy))
          if (typeof readFirst[key] === "object" && readFirst[key] !== null) assert.equal(copy[key], readFirst[key]);
      }),
      { numRuns: 1_000 },
    );
  });

  it("tells key order apart from content, an item's position, and -0 from 0", () => {
    const first = { a: { x: 1, y: [1, 2] }, b: { zero: 0 }, c: { list: [1, 2] } };
    const [readFirst, readLater] = readSharing(
      generatedFields([first, { a: { y: [1, 2], x: 1 }, b: { zero: -0 }, c: { list: [2, 1] } }]),
    );
    assert.equal(readLater?.a, readFirst?.a); // the same keys and values, in another order
    assert.notEqual(readLater?.b, readFirst?.b);
    assert.ok(Object.is((readLater?.b as Props).zero, -0));
    assert.deepEqual(readLater?.c, { list: [2, 1] });
  });

  it("shares the equal parts of a Struct or list that differs elsewhere", () => {
    const first = { a: { same: { x: 1 }, differs: 1 }, list: [{ x: 1 }, 2] };
    const [readFirst, readLater] = readSharing(
      generatedFields([first, { a: { same: { x: 1 }, differs: 2 }, list: [{ x: 1 }, 3] }]),
    );
    const [firstA, laterA] = [readFirst?.a as Props, readLater?.a as Props];
    assert.notEqual(laterA, firstA);
    assert.equal(laterA.same, firstA.same);
    assert.notEqual(readLater?.list, readFirst?.list);
    assert.equal((readLater?.list as unknown[])[0], (readFirst?.list as unknown[])[0]);
    assert.deepEqual(readLater, { a: { same: { x: 1 }, differs: 2 }, list: [{ x: 1 }, 3] });
  });

  it("never takes an inherited property for a key it holds", () => {
    // Object.prototype is what `{}["__proto__"]` finds: taken as the known value of a "__proto__" key
    // it would be shared, and frozen.
    const [, readProto] = readSharing(
      structFields([
        [1, { b: {} }],
        [2, JSON.parse('{"b": {"__proto__": {}, "x": 1}}') as Props],
      ]),
    );
    assert.equal(Object.isFrozen(Object.prototype), false);
    assert.notEqual((readProto?.b as Props).__proto__, Object.prototype);
    assert.deepEqual(Object.keys(readProto?.b as Props), ["__proto__", "x"]);

    const first = JSON.parse('{"a": {"toString": "own"}, "b": {}, "c": {"__proto__": 1}}') as Props;
    const later = JSON.parse('{"a": {"toString": "own"}, "b": {"toString": "own"}, "c": {"__proto__": 1}}') as Props;
    const bytes = structFields([
      [1, first],
      [2, later],
    ]);
    const [readFirst, readLater] = readSharing(bytes);
    assert.equal(readLater?.a, readFirst?.a);
    assert.deepEqual(readLater?.b, { toString: "own" });
    assert.equal(readLater?.c, readFirst?.c);
    assert.equal(Object.getPrototypeOf(readLater?.c), Object.prototype);
    assert.deepEqual(Object.keys(readLater?.c as Props), ["__proto__"]);
  });

  it("reads a key sent twice as its last value, and an entry's value before its key, as the generated classes do", () => {
    const entry = (key: string, value: number, valueFirst = false, thenValue?: number) => {
      const number = (n: number) => {
        const writer = new BinaryWriter();
        writer.writeDouble(2, n);
        return writer.getResultBuffer();
      };
      const writer = new BinaryWriter();
      if (valueFirst) writer.writeBytes(2, number(value));
      writer.writeString(1, key);
      if (!valueFirst) writer.writeBytes(2, number(value));
      if (thenValue !== undefined) writer.writeBytes(2, number(thenValue));
      return writer.getResultBuffer();
    };
    const struct = (entries: Uint8Array[]) => {
      const writer = new BinaryWriter();
      for (const bytes of entries) writer.writeBytes(1, bytes);
      return writer.getResultBuffer();
    };
    const message = (structs: Uint8Array[]) => {
      const writer = new BinaryWriter();
      structs.forEach((bytes, index) => writer.writeBytes(index + 1, bytes));
      return writer.getResultBuffer();
    };
    const value = (inner: Uint8Array) => {
      const writer = new BinaryWriter();
      writer.writeBytes(5, inner);
      return writer.getResultBuffer();
    };
    const outer = (inner: Uint8Array) => {
      const writer = new BinaryWriter();
      writer.writeString(1, "m");
      writer.writeBytes(2, value(inner));
      return struct([writer.getResultBuffer()]);
    };
    const cases = [
      outer(struct([entry("a", 1), entry("a", 2)])), // last wins: {a: 2}
      outer(struct([entry("a", 2), entry("a", 1)])), // {a: 1}, as the first holds
      outer(struct([entry("a", 1), entry("a", 1), entry("b", 1, true)])), // a repeated; b's value first
      outer(struct([entry("a", 1), entry("b", 1, false, 2)])), // b's value sent twice: the last, 2, is read
    ];
    for (const later of cases) {
      const bytes = message([outer(struct([entry("a", 1), entry("b", 1)])), later]);
      const [, readLater] = readSharing(bytes);
      assert.deepEqual(readLater, Struct.deserializeBinary(later).toJavaScript());
    }
  });

  it("keeps a Diff request's repositories once across its old outputs, new inputs and old inputs", () => {
    const repositories = Object.fromEntries(
      Array.from({ length: 50 }, (_, n) => [`acme/r${n}`, { branch: "main", tags: ["t"] }]),
    );
    const request = new DiffRequest();
    request.setOlds(Struct.fromJavaScript({ repositories, imported: { "acme/r0": { targetId: "t0" } } }));
    request.setNews(Struct.fromJavaScript({ repositories, organization: "o" }));
    request.setOldInputs(Struct.fromJavaScript({ repositories, organization: "o" }));
    const read = readRequest("diff", request.serializeBinary());
    assert.equal(read.news?.repositories, read.olds?.repositories);
    assert.equal(read.oldInputs?.repositories, read.olds?.repositories);
    assert.ok(Object.isFrozen(read.olds?.repositories));
    assert.ok(Object.isFrozen((read.olds?.repositories as Props)["acme/r7"]));
    assert.equal(Object.isFrozen(read.news), false);
    assert.equal(Object.isFrozen(read.olds?.imported), false);
    assert.deepEqual(read.news, { repositories, organization: "o" });
  });
});
